"""The whole annotation body at once: its size, then spans, then relations against those spans."""
from collections.abc import Collection, Mapping, Sequence

from django.conf import settings

from annotator.rules.relations import RelationTypeRule, relations_check
from annotator.rules.spans import spans_check

MAX_REPORTED_ERRORS = 100


def annotation_span_limit() -> int:
    """The most spans, the most relations and the most review decisions one annotation holds:
    MAX_SPANS_PER_ANNOTATION at call time."""
    return settings.MAX_SPANS_PER_ANNOTATION


def annotation_size_check(*, spans, relations, decisions=None) -> list[dict]:
    """[{"field": "spans", "relations" or "decisions", "message"}] for each list over annotation_span_limit();
    empty when all fit. Cheap (lengths only), so a huge body can be refused before its items are
    looked at; values that are not lists (None: no decisions sent) are left to the shape checks."""
    limit = annotation_span_limit()
    return [{"field": name, "message": f"{len(items)} {name} is over the limit of {limit} (MAX_SPANS_PER_ANNOTATION)"}
            for name, items in (("spans", spans), ("relations", relations), ("decisions", decisions))
            if isinstance(items, list | tuple) and len(items) > limit]


def annotation_check(*, spans: Sequence[Mapping], relations: Sequence[Mapping], text: str,
                     labels: Collection[str], relation_types: Mapping[str, RelationTypeRule],
                     allow_overlap: bool) -> list[dict]:
    """Every problem with the body (at most MAX_REPORTED_ERRORS), spans first; empty when it can be stored.

    Inputs are shape-checked already (ids are ints or strings, offsets ints); this checks meaning.
    The size (annotation_size_check) is the caller's first check: it decides between 413 and 400.
    """
    errors = spans_check(spans=spans, text=text, labels=labels, allow_overlap=allow_overlap)
    errors += relations_check(relations=relations, spans=spans, relation_types=relation_types)
    return errors[:MAX_REPORTED_ERRORS]
