"""Active-learning simulation: how fast a ner learns when documents are labeled in each queue order.

A labeled corpus is split into a pool and a test set. For each ordering, starting from nothing,
take the next `k` documents of the pool in that order, label them (their known spans), train a fresh
ner on everything labeled so far, and score it (exact micro F1) on the test set; repeat `rounds` times.
The orderings are those of the annotators' queue (annotator/selectors/queue_order.py):

- `order`: the pool's order;
- `uncertain`: lowest entity score first, scored by the last trained model (annotator/nlp/confidence.py);
- `disagreement`: where the last two trained models disagree most first (1 - span F1 between them).

The first round of every ordering takes the pool's first `k` (no model yet), so all curves start equal.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import spacy
from spacy.training import Example

from annotator.metrics import Counts, Span, exact_span_counts
from annotator.nlp.entities import predict_entities

ORDERINGS = ("order", "uncertain", "disagreement")


@dataclass(frozen=True)
class LabeledText:
    text: str
    spans: frozenset[Span]


def train_ner(documents: Sequence[LabeledText], *, labels: Sequence[str], epochs: int, seed: int, lang: str = "en"):
    """A fresh blank pipeline with a ner trained on `documents` (minibatches of 8, dropout 0.2)."""
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank(lang)
    ner = nlp.add_pipe("ner")
    for label in labels:
        ner.add_label(label)
    examples = []
    for item in documents:
        doc = nlp.make_doc(item.text)
        entities = [(s.start, s.end, s.label) for s in sorted(item.spans)]
        examples.append(Example.from_dict(doc, {"entities": entities}))
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)  # nosec B311: shuffles training examples reproducibly; no secret
    for _epoch in range(epochs):
        rng.shuffle(examples)
        for start in range(0, len(examples), 8):
            nlp.update(examples[start:start + 8], sgd=optimizer, drop=0.2)
    return nlp


def predicted_spans(nlp, texts: Sequence[str]) -> list[tuple[frozenset[Span], float]]:
    """(spans, lowest entity score or 1.0 when none) per text."""
    out = []
    for records in predict_entities(nlp, list(texts), batch_size=32):
        spans = frozenset(Span(r.start, r.end, r.label) for r in records)
        out.append((spans, min((r.score for r in records if r.score is not None), default=1.0)))
    return out


def f1_on(nlp, test: Sequence[LabeledText]) -> float:
    total = Counts()
    for item, (spans, _lowest) in zip(test, predicted_spans(nlp, [t.text for t in test])):
        total.add(exact_span_counts(spans, item.spans).micro)
    return round(total.f1, 4)


def _pick(ordering: str, pool: list[LabeledText], k: int, models: list) -> list[int]:
    """Indexes into `pool` of the next k documents under `ordering`."""
    if ordering == "order" or not models or (ordering == "disagreement" and len(models) < 2):
        return list(range(min(k, len(pool))))
    texts = [item.text for item in pool]
    if ordering == "uncertain":
        lowest = [score for _spans, score in predicted_spans(models[-1], texts)]
        return sorted(range(len(pool)), key=lambda i: (lowest[i], i))[:k]
    newer = predicted_spans(models[-1], texts)
    older = predicted_spans(models[-2], texts)
    agreement = [exact_span_counts(a, b).micro.f1 if (a or b) else 1.0 for (a, _x), (b, _y) in zip(newer, older)]
    return sorted(range(len(pool)), key=lambda i: (agreement[i], i))[:k]


def simulate(pool: Sequence[LabeledText], test: Sequence[LabeledText], *, labels: Sequence[str], k: int, rounds: int,
             epochs: int, seed: int = 0, orderings: Sequence[str] = ORDERINGS,
             progress: Callable[[str, int, float], None] | None = None) -> dict[str, list[tuple[int, float]]]:
    """{ordering: [(documents labeled, test F1), ...]} after each round."""
    curves: dict[str, list[tuple[int, float]]] = {}
    for ordering in orderings:
        remaining, labeled, models, curve = list(pool), [], [], []
        for _round in range(rounds):
            if not remaining:
                break
            chosen = set(_pick(ordering, remaining, k, models))
            labeled += [remaining[i] for i in sorted(chosen)]
            remaining = [item for i, item in enumerate(remaining) if i not in chosen]
            models = (models + [train_ner(labeled, labels=labels, epochs=epochs, seed=seed)])[-2:]
            curve.append((len(labeled), f1_on(models[-1], test)))
            if progress:
                progress(ordering, *curve[-1])
        curves[ordering] = curve
    return curves
