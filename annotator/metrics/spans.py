"""Span scores of one side (predicted) against another (reference), for one document.

Exact: a predicted span matches a reference span with the same start, end and label.
Relaxed: a predicted span matches a reference span with the same label that shares at least
one character with it. Matching is one-to-one (one long prediction covering two reference
spans matches only one of them), and we take a maximum matching, so the relaxed score is
never below the exact one and does not depend on the order the spans come in.
Spans are compared as sets: a duplicate (same start, end, label) counts once.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from annotator.metrics.records import Span
from annotator.metrics.scores import LabelCounts


def _by_label(spans: Iterable[Span]) -> dict[str, set[Span]]:
    grouped: dict[str, set[Span]] = defaultdict(set)
    for span in spans:
        grouped[span.label].add(span)
    return grouped


def exact_span_counts(predicted: Iterable[Span], reference: Iterable[Span]) -> LabelCounts:
    predicted_by_label, reference_by_label = _by_label(predicted), _by_label(reference)
    counts = LabelCounts()
    for label in predicted_by_label.keys() | reference_by_label.keys():
        mine, theirs = predicted_by_label.get(label, set()), reference_by_label.get(label, set())
        entry = counts.label(label)
        entry.matched, entry.predicted, entry.reference = len(mine & theirs), len(mine), len(theirs)
    return counts


def relaxed_span_counts(predicted: Iterable[Span], reference: Iterable[Span]) -> LabelCounts:
    predicted_by_label, reference_by_label = _by_label(predicted), _by_label(reference)
    counts = LabelCounts()
    for label in predicted_by_label.keys() | reference_by_label.keys():
        mine = sorted(predicted_by_label.get(label, ()))
        theirs = sorted(reference_by_label.get(label, ()))
        entry = counts.label(label)
        entry.matched, entry.predicted, entry.reference = overlap_matching_size(mine, theirs), len(mine), len(theirs)
    return counts


def overlap_matching_size(predicted: list[Span], reference: list[Span]) -> int:
    """Size of a maximum one-to-one matching between overlapping spans (Kuhn's augmenting paths).

    Per document and label the lists are short (tens of spans), so O(V*E) is plenty. The path
    search keeps its own stack rather than recursing, so a long chain of overlapping spans
    cannot hit Python's recursion limit.
    """
    candidates = [[j for j, other in enumerate(reference) if span.overlaps(other)] for span in predicted]
    owner: list[int | None] = [None] * len(reference)  # reference index -> predicted index matched to it

    def augment(root: int) -> bool:
        visited: set[int] = set()
        # Each frame: [predicted index, its remaining candidates, the reference index it is trying].
        stack = [[root, iter(candidates[root]), None]]
        while stack:
            frame = stack[-1]
            for j in frame[1]:
                if j in visited:
                    continue
                visited.add(j)
                frame[2] = j
                if owner[j] is None:
                    # Free reference span found: every predicted span on the path takes the one it tried.
                    for i, _rest, tried in stack:
                        owner[tried] = i
                    return True
                stack.append([owner[j], iter(candidates[owner[j]]), None])
                break
            else:
                stack.pop()
        return False

    return sum(1 for i in range(len(predicted)) if candidates[i] and augment(i))
