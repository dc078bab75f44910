"""The figures one document adds to its project's statistics, as integer counters that sum.

Every figure of `GET projects/{id}/stats/` that is a sum over documents (pre-label quality, review
decisions, the model comparison on shared gold, agreement between annotators and with gold, the
number of annotations per kind) is kept as counters: `document_counters` gives what one document
adds, keyed by tuples, and the project's figure is the sum over its documents, kept current as
work is saved (annotator/services/figures.py) and turned back into the stats' shape by
annotator/metrics/figures_read.py. Only integers: sums are exact in any order, so a figure kept by
adding and subtracting documents equals the figure recomputed from scratch.

Label names are the names the records carry; the caller may rename them (ids stored, names read).
People are keyed by what the records' `author` holds (the caller passes ids), pairs in that order.

Key shapes (all tuples of str/int):
- ("kind", kind): annotations of that kind;
- ("pq", model_key, "exact"|"relaxed", label, "m"|"p"|"r"), ("pq", model_key, "rel", "m"|"p"|"r"),
  ("pq", model_key, "docs"): pre-label quality against gold (annotator/metrics/quality.py);
- ("rd", model_key, label, "a"|"x"|"n"), ("rd", model_key, "docs"): review decisions (accepted,
  rejected, decisions taken) (annotator/metrics/decisions.py);
- ("mc", signature, model_key, ...as "pq"...), ("mc", signature, "docs"), ("mcg", model_key): the model
  comparison: a gold document counts under the set of model keys that predicted it (its signature,
  "\\n"-joined and sorted); the shared documents are those whose signature holds every key;
- ("ag", a, b, "span", label, "m"|"p"|"r"), ("ag", a, b, "rel", "m"|"p"|"r"), ("ag", a, b, "docs"),
  ("ag", a, b, "tok"), ("ag", a, b, "same"), ("ag", a, b, "ta"|"tb", tag): a pair of annotators
  (a < b), spans, relations and token tags for kappa; ("vg", a, ...the same...): one annotator
  against gold.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from annotator.metrics.agreement import Comparison, document_disagreement
from annotator.metrics.records import ANNOTATION, GOLD, PREDICTION, SUBMITTED, AnnotationRecord, model_key
from annotator.metrics.relations import relation_counts
from annotator.metrics.scores import LabelCounts
from annotator.metrics.spans import exact_span_counts, relaxed_span_counts

SIGNATURE_SEPARATOR = "\n"
DECISION_CODES = {"accepted": "a", "rejected": "x"}


def _label_counts(counters: Counter, prefix: tuple, counts: LabelCounts) -> None:
    for label, entry in counts.by_label.items():
        counters[(*prefix, label, "m")] += entry.matched
        counters[(*prefix, label, "p")] += entry.predicted
        counters[(*prefix, label, "r")] += entry.reference  # p + r > 0: a label is present when it counts


def _micro(counters: Counter, prefix: tuple, counts: LabelCounts) -> None:
    micro = counts.micro
    counters[(*prefix, "m")] += micro.matched
    counters[(*prefix, "p")] += micro.predicted
    counters[(*prefix, "r")] += micro.reference


def _quality(counters: Counter, prefix: tuple, prediction: AnnotationRecord, reference: AnnotationRecord,
             symmetric: frozenset[str]) -> None:
    counters[(*prefix, "docs")] += 1
    _label_counts(counters, (*prefix, "exact"), exact_span_counts(prediction.spans, reference.spans))
    _label_counts(counters, (*prefix, "relaxed"), relaxed_span_counts(prediction.spans, reference.spans))
    _micro(counters, (*prefix, "rel"), relation_counts(prediction.relations, reference.relations,
                                                       symmetric_labels=symmetric))


def _comparison(counters: Counter, prefix: tuple, mine: AnnotationRecord, reference: AnnotationRecord, *,
                tokens: Sequence[Sequence[int]], symmetric: frozenset[str]) -> None:
    comparison = Comparison()
    comparison.add(mine, reference, tokens=tokens, symmetric_labels=symmetric)
    counters[(*prefix, "docs")] += 1
    _label_counts(counters, (*prefix, "span"), comparison.spans)
    _micro(counters, (*prefix, "rel"), comparison.relations)
    counters[(*prefix, "tok")] += comparison.tags.tokens
    counters[(*prefix, "same")] += comparison.tags.agreed
    for side, tags in (("ta", comparison.tags.tags_a), ("tb", comparison.tags.tags_b)):
        for tag, count in tags.items():
            counters[(*prefix, side, tag)] += count


def gold_signature(records: Iterable[AnnotationRecord]) -> str | None:
    """The model keys that predicted this document when it has gold ("" for none), None without gold."""
    records = list(records)
    if not any(record.kind == GOLD for record in records):
        return None
    return SIGNATURE_SEPARATOR.join(sorted({r.model_key for r in records if r.kind == PREDICTION}))


def document_counters(records: Sequence[AnnotationRecord], *, tokens: Sequence[Sequence[int]] = (),
                      symmetric_relation_labels: frozenset[str] = frozenset()) -> dict[tuple, int]:
    """What the annotations of ONE document (records in id order, as the stats read them) add to
    the project's counters; zero counters left out. `tokens` are the document's (for kappa)."""
    symmetric = symmetric_relation_labels
    counters: Counter = Counter()
    gold = None
    for record in records:
        counters[("kind", record.kind)] += 1
        if record.kind == GOLD:
            gold = record  # the last one, as the stats' dict by document keeps it
    if gold is not None:
        by_key: dict[str, AnnotationRecord] = {}
        for record in records:
            if record.kind == PREDICTION:
                _quality(counters, ("pq", record.model_key), record, gold, symmetric)
                by_key[record.model_key] = record
        signature = SIGNATURE_SEPARATOR.join(sorted(by_key))
        if by_key:
            counters[("mc", signature, "docs")] += 1
        for key, prediction in by_key.items():
            counters[("mcg", key)] += 1
            _quality(counters, ("mc", signature, key), prediction, gold, symmetric)
    decided: set[str] = set()
    for record in records:
        if record.kind not in (ANNOTATION, GOLD):
            continue
        for decision in record.decisions:
            key = model_key(decision.model, decision.model_version)
            decided.add(key)
            counters[("rd", key, decision.label, "n")] += 1
            if decision.decision in DECISION_CODES:
                counters[("rd", key, decision.label, DECISION_CODES[decision.decision])] += 1
    for key in decided:
        counters[("rd", key, "docs")] += 1
    people: dict = {}
    for record in records:
        if record.kind == ANNOTATION and record.status == SUBMITTED and record.author:
            people[record.author] = record
    for a, b in combinations(sorted(people), 2):
        _comparison(counters, ("ag", a, b), people[a], people[b], tokens=tokens, symmetric=symmetric)
    if gold is not None:
        for author in sorted(people):
            _comparison(counters, ("vg", author), people[author], gold, tokens=tokens, symmetric=symmetric)
    return {key: value for key, value in counters.items() if value}


def counters_difference(new: dict[tuple, int], old: dict[tuple, int]) -> dict[tuple, int]:
    """new - old, zero differences left out."""
    difference = defaultdict(int)
    for key, value in new.items():
        difference[key] += value
    for key, value in old.items():
        difference[key] -= value
    return {key: value for key, value in difference.items() if value}


def review_disagreement(records: Iterable[AnnotationRecord]) -> float:
    """The document's disagreement for the review queue (annotator/metrics/agreement.py), 0.0 without
    a submitted annotation."""
    return next(iter(document_disagreement(records).values()), 0.0)


def submitted_count(records: Iterable[AnnotationRecord]) -> int:
    return sum(1 for r in records if r.kind == ANNOTATION and r.status == SUBMITTED)
