"""Entities from a pipeline: texts in, span records out (character offsets of the text)."""
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans


class EntityRecord(NamedTuple):
    start: int  # code point offset in the text, inclusive
    end: int  # exclusive
    label: str  # the model's label
    score: float | None  # None when the component gives no score (spaCy's ner by default)


def _span_scores(doc: Doc, key: str) -> list[tuple[Span, float | None]]:
    group = doc.spans[key]
    scores = group.attrs.get("scores")
    if scores is None:
        return [(span, None) for span in group]
    return [(span, float(score)) for span, score in zip(group, scores)]


def doc_entities(doc: Doc, *, spans_key: str | None = None, allow_overlap: bool = True) -> list[EntityRecord]:
    """Entities of one processed Doc: `doc.ents`, or the span group `spans_key` (spancat, span_ruler)
    with its scores when the pipeline fills one. Without overlap, the longest spans win."""
    if not (spans_key and spans_key in doc.spans):
        # doc.ents never overlap, repeat or come out of order: no checks needed (the common case).
        return [EntityRecord(span.start_char, span.end_char, span.label_, None) for span in doc.ents]
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


def predict_entities(nlp: Language, texts: Iterable[str], *, batch_size: int,
                     allow_overlap: bool = True) -> Iterator[list[EntityRecord]]:
    """Entity records for each text, in order. One process: the worker is the unit of parallelism."""
    key = spans_key_of(nlp)
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield doc_entities(doc, spans_key=key, allow_overlap=allow_overlap)
