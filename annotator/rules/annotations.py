"""The whole annotation body at once: spans, then relations against those spans."""
from collections.abc import Collection, Mapping, Sequence

from annotator.rules.relations import RelationTypeRule, relations_check
from annotator.rules.spans import spans_check

MAX_REPORTED_ERRORS = 100


def annotation_check(*, spans: Sequence[Mapping], relations: Sequence[Mapping], text: str,
                     labels: Collection[str], relation_types: Mapping[str, RelationTypeRule],
                     allow_overlap: bool) -> list[dict]:
    """Every problem with the body (at most MAX_REPORTED_ERRORS), spans first; empty when it can be stored.

    Inputs are shape-checked already (ids are ints or strings, offsets ints); this checks meaning.
    """
    errors = spans_check(spans=spans, text=text, labels=labels, allow_overlap=allow_overlap)
    errors += relations_check(relations=relations, spans=spans, relation_types=relation_types)
    return errors[:MAX_REPORTED_ERRORS]
