"""Entity scores in [0, 1] from spaCy's transition-based ner, for the same entities its greedy parse gives.

spaCy's `ner` predicts one transition (B, I, L, U or O with a label) per token and keeps no
probabilities. We run the same greedy parse step by step (the component's own step model and
`transition_states`, so the entities are exactly those of `nlp.pipe`) and keep, per token, the
softmax probability of the highest-scoring transition at that token. An entity's score is the
product of those probabilities over its tokens: the model's confidence that each of its tokens
took the action it took, near 1 for a sure entity, lower where another label or boundary was
close. (spaCy's beam search, `beam_parse` + `scored_ents`, was tried first: with the greedy-trained
en_core_web_sm weights its best parse differs from the greedy one, for example a whole sentence
taken as one PERSON, so the scored entities were not the predicted ones.)

Costs: the step model runs once per token as in the greedy parse, from Python instead of C, plus a
softmax per step; measured with `manage.py bench prelabel` (see the issue note).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy
from spacy.tokens import Doc


def is_scorable(component: object) -> bool:
    """A transition-based entity recognizer (spaCy's `ner`) whose greedy parse we can step through."""
    from spacy.pipeline import EntityRecognizer

    return isinstance(component, EntityRecognizer) and component.cfg.get("beam_width", 1) == 1


def _top_probabilities(scores) -> numpy.ndarray:
    """Softmax probability of each row's highest score."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    return 1.0 / numpy.exp(shifted).sum(axis=1)


def ner_annotate_scored(ner, docs: Sequence[Doc]) -> list[numpy.ndarray]:
    """Set the entities of `docs` as `ner` does (greedy) and return, per doc, the per-token confidence."""
    docs = list(docs)
    confidence = [numpy.ones(len(doc), dtype="float32") for doc in docs]
    if not any(len(doc) for doc in docs):
        return confidence
    batch = ner.moves.init_batch(docs)
    owner = {id(state): index for index, state in enumerate(batch)}
    states = [state for state in batch if not state.is_final()]
    model = ner.model.predict(docs)
    try:
        while states:
            scores = model.predict(states)
            scores = numpy.ascontiguousarray(model.ops.to_numpy(scores), dtype="float32")
            for state, probability in zip(states, _top_probabilities(scores)):
                token = state.B(0)
                if token >= 0:
                    confidence[owner[id(state)]][token] = probability
            states = ner.transition_states(states, scores)
    finally:
        model.clear_memory()
    ner.set_annotations(docs, batch)
    return confidence


def entity_score(confidence: numpy.ndarray, start: int, end: int) -> float:
    """Score of the entity over tokens [start, end): the product of their confidences, in [0, 1]."""
    return float(min(1.0, max(0.0, numpy.prod(confidence[start:end], dtype="float64"))))
