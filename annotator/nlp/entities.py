"""Entities from a pipeline: texts in, span records out (character offsets of the text)."""
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from annotator.nlp.confidence import entity_score, is_scorable, ner_annotate_scored


class EntityRecord(NamedTuple):
    start: int  # code point offset in the text, inclusive
    end: int  # exclusive
    label: str  # the model's label
    score: float | None  # in [0, 1]; None when the component gives none (annotator/nlp/confidence.py)


def _span_scores(doc: Doc, key: str) -> list[tuple[Span, float | None]]:
    group = doc.spans[key]
    scores = group.attrs.get("scores")
    if scores is None:
        return [(span, None) for span in group]
    return [(span, float(score)) for span, score in zip(group, scores)]


def doc_entities(doc: Doc, *, spans_key: str | None = None, allow_overlap: bool = True,
                 confidence=None) -> list[EntityRecord]:
    """Entities of one processed Doc: `doc.ents` (scored from the ner's per-token `confidence` when
    given), or the span group `spans_key` (spancat, span_ruler) with its scores when the pipeline fills
    one. Without overlap, the longest spans win."""
    if not (spans_key and spans_key in doc.spans):
        # doc.ents never overlap, repeat or come out of order: no checks needed (the common case).
        return [EntityRecord(span.start_char, span.end_char, span.label_,
                             None if confidence is None else entity_score(confidence, span.start, span.end))
                for span in doc.ents]
    pairs = _span_scores(doc, spans_key)
    if not allow_overlap:
        kept = {(s.start, s.end, s.label) for s in filter_spans([s for s, _ in pairs])}
        pairs = [(s, score) for s, score in pairs if (s.start, s.end, s.label) in kept]
    records = {}
    for span, score in pairs:
        record = EntityRecord(span.start_char, span.end_char, span.label_, score)
        key = record[:3]
        if record.start < record.end and (key not in records or (score or 0) > (records[key].score or 0)):
            records[key] = record
    return sorted(records.values(), key=lambda r: (r.start, r.end, r.label))


def spans_key_of(nlp: Language) -> str | None:
    """The span group a spancat/span_ruler component writes, if the pipeline has one."""
    for name in nlp.pipe_names:
        component = nlp.get_pipe(name)
        key = getattr(component, "key", None)
        if key and name.startswith(("spancat", "span_ruler", "span_finder")):
            return key
    return None


def _scored_ner_name(nlp: Language) -> str | None:
    """The pipeline's last component if it is a ner we can score (annotator/nlp/confidence.py)."""
    if not nlp.pipe_names:
        return None
    name = nlp.pipe_names[-1]
    return name if is_scorable(nlp.get_pipe(name)) else None


def _pipe_scored(nlp: Language, texts: Iterable[str], *, batch_size: int, ner_name: str):
    """(doc, per-token confidence) for each text: the components before the ner as `nlp.pipe` runs
    them, then the ner's greedy parse stepped through for its probabilities (same entities)."""
    ner = nlp.get_pipe(ner_name)
    batch: list[str] = []
    for text in [*texts, None]:
        if text is not None:
            batch.append(text)
            if len(batch) < batch_size:
                continue
        if not batch:
            break
        docs = [nlp.make_doc(item) for item in batch]
        for name, component in nlp.pipeline:
            if name != ner_name:
                docs = list(component.pipe(docs, batch_size=batch_size)) if hasattr(component, "pipe") \
                    else [component(doc) for doc in docs]
        yield from zip(docs, ner_annotate_scored(ner, docs))
        batch = []


def predict_entities(nlp: Language, texts: Iterable[str], *, batch_size: int, allow_overlap: bool = True,
                     with_scores: bool = True) -> Iterator[list[EntityRecord]]:
    """Entity records for each text, in order. One process: the worker is the unit of parallelism.

    With `with_scores`, entities of spaCy's ner carry a score in [0, 1] (annotator/nlp/confidence.py);
    span groups carry the scores their component writes."""
    key = spans_key_of(nlp)
    ner_name = _scored_ner_name(nlp) if with_scores and key is None else None
    if ner_name is None:
        for doc in nlp.pipe(texts, batch_size=batch_size):
            yield doc_entities(doc, spans_key=key, allow_overlap=allow_overlap)
        return
    for doc, confidence in _pipe_scored(nlp, texts, batch_size=batch_size, ner_name=ner_name):
        yield doc_entities(doc, allow_overlap=allow_overlap, confidence=confidence)
