"""Relation scores: a relation matches when its label and both its spans match exactly.

Spans are compared by offsets and label, never by database id, so two annotators' relations
between the same two entities match although their span rows differ. A predicted relation
whose head or child span was not found in the reference simply counts as unmatched.
For a symmetric relation type, head and child may come in either order.
"""
from __future__ import annotations

from collections.abc import Iterable

from annotator.metrics.records import Relation
from annotator.metrics.scores import LabelCounts


def _relation_key(relation: Relation, symmetric_labels: frozenset[str]) -> tuple:
    ends = (relation.head, relation.child)
    if relation.label in symmetric_labels:
        ends = tuple(sorted(ends))
    return (relation.label, *ends)


def relation_counts(predicted: Iterable[Relation], reference: Iterable[Relation], *,
                    symmetric_labels: frozenset[str] = frozenset()) -> LabelCounts:
    """Counts per relation label for one document (duplicates count once)."""
    mine = {_relation_key(r, symmetric_labels) for r in predicted}
    theirs = {_relation_key(r, symmetric_labels) for r in reference}
    counts = LabelCounts()
    for key in mine | theirs:
        entry = counts.label(key[0])
        entry.predicted += key in mine
        entry.reference += key in theirs
        entry.matched += key in mine and key in theirs
    return counts
