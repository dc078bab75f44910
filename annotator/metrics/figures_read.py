"""The stats' figures from a project's summed counters (annotator/metrics/figures.py), in the shapes
annotator/metrics/quality.py, decisions.py, comparison.py and agreement.py give them: the same
numbers, read from sums instead of from every annotation.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from annotator.metrics.agreement import Comparison
from annotator.metrics.comparison import _ordered
from annotator.metrics.decisions import DecisionCounts, ModelDecisions
from annotator.metrics.figures import SIGNATURE_SEPARATOR
from annotator.metrics.kappa import TagAgreement
from annotator.metrics.quality import ModelQuality
from annotator.metrics.scores import LabelCounts, rounded

Totals = Mapping[tuple, int]
COUNT_FIELDS = {"m": "matched", "p": "predicted", "r": "reference"}


def _grouped(totals: Totals, head: str) -> dict:
    """The counters whose key starts with `head`, by their second part: {second: {rest: value}}."""
    groups: dict = defaultdict(dict)
    for key, value in totals.items():
        if key[0] == head:
            groups[key[1]][key[2:]] = value
    return groups


def _fill_labels(counts: LabelCounts, rows: Mapping[tuple, int], part: str) -> None:
    for rest, value in rows.items():
        if len(rest) == 3 and rest[0] == part:
            setattr(counts.label(rest[1]), COUNT_FIELDS[rest[2]], value)


def _fill_micro(counts: LabelCounts, rows: Mapping[tuple, int], part: str) -> None:
    for rest, value in rows.items():
        if len(rest) == 2 and rest[0] == part:
            setattr(counts.label(""), COUNT_FIELDS[rest[1]], value)


def _quality(rows: Mapping[tuple, int]) -> ModelQuality:
    quality = ModelQuality(documents=rows.get(("docs",), 0))
    _fill_labels(quality.exact, rows, "exact")
    _fill_labels(quality.relaxed, rows, "relaxed")
    _fill_micro(quality.relations, rows, "rel")
    return quality


def prelabel_quality_read(totals: Totals) -> dict[str, dict]:
    """As annotator.metrics.prelabel_quality."""
    groups = _grouped(totals, "pq")
    return {key: _quality(groups[key]).as_dict() for key in sorted(groups) if groups[key].get(("docs",))}


def review_decisions_read(totals: Totals) -> dict[str, dict]:
    """As annotator.metrics.review_decisions."""
    result = {}
    for key, rows in sorted(_grouped(totals, "rd").items()):
        if not rows.get(("docs",)):
            continue
        figures = ModelDecisions()
        for rest, value in rows.items():
            if len(rest) != 2:
                continue
            label, code = rest
            entry = figures.per_label.setdefault(label, DecisionCounts())
            if code == "a":
                entry.accepted = value
            elif code == "x":
                entry.rejected = value
        for entry in figures.per_label.values():
            figures.total.accepted += entry.accepted
            figures.total.rejected += entry.rejected
        figures.documents = set(range(rows[("docs",)]))  # as_dict reads its size
        result[key] = figures.as_dict()
    return result


def comparison_signature(totals: Totals) -> str:
    """The signature of the shared gold documents: every model key that predicted a gold document."""
    keys = {key[1] for key in totals if key[0] == "mcg"}
    return SIGNATURE_SEPARATOR.join(sorted(keys))


def model_comparison_read(totals: Totals, *, shared_ids: Sequence[int], order: Sequence[str] = ()) -> dict:
    """As annotator.metrics.comparison.model_comparison; `shared_ids` are the gold documents whose
    signature is comparison_signature(totals). The model name and version of a key are read from it."""
    signature = comparison_signature(totals)
    gold_documents = {key[1]: value for key, value in totals.items() if key[0] == "mcg"}
    models = {key: key.rpartition("@")[0] for key in gold_documents}
    versions = {key: key.rpartition("@")[2] for key in gold_documents}
    keys = _ordered(gold_documents, models=models, order=order)
    shared_rows = _grouped(totals, "mc").get(signature, {})
    decisions = review_decisions_read(totals)
    rows, previous, labels = [], None, set()
    for key in keys:
        quality = _quality({rest[1:]: value for rest, value in shared_rows.items() if rest[0] == key})
        scores = quality.as_dict()
        labels |= set(scores["exact"]["per_label"])
        taken = decisions.get(key, {})
        f1 = scores["exact"]["micro"]["f1"]
        rows.append({
            "key": key, "model": _unknown_is_empty(models[key]), "model_version": _unknown_is_empty(versions[key]),
            "exact": scores["exact"], "relaxed": scores["relaxed"], "relations": scores["relations"],
            "decisions": {name: taken.get(name, 0) for name in ("accepted", "rejected", "accept_rate")},
            "gold_documents": gold_documents[key],
            "change": {"from": previous[0], "f1": rounded(f1 - previous[1])} if previous else None,
        })
        previous = (key, f1)
    return {"documents": len(shared_ids), "document_ids": sorted(shared_ids), "labels": sorted(labels),
            "versions": rows}


def _unknown_is_empty(part: str) -> str:
    """model_key writes an empty model or version as "unknown"; the comparison shows the stored (empty) value."""
    return "" if part == "unknown" else part


def _comparison(rows: Mapping[tuple, int], *, swap: bool) -> Comparison:
    comparison = Comparison(documents=rows.get(("docs",), 0), tags=TagAgreement(
        tokens=rows.get(("tok",), 0), agreed=rows.get(("same",), 0), tags_a=Counter(), tags_b=Counter()))
    _fill_labels(comparison.spans, rows, "span")
    _fill_micro(comparison.relations, rows, "rel")
    for rest, value in rows.items():
        if len(rest) == 2 and rest[0] in ("ta", "tb"):
            (comparison.tags.tags_a if rest[0] == "ta" else comparison.tags.tags_b)[rest[1]] = value
    if swap:  # the reference side becomes the scored one
        for counts in (*comparison.spans.by_label.values(), *comparison.relations.by_label.values()):
            counts.predicted, counts.reference = counts.reference, counts.predicted
        comparison.tags.tags_a, comparison.tags.tags_b = comparison.tags.tags_b, comparison.tags.tags_a
    return comparison


def annotator_agreement_read(totals: Totals, *, usernames: Mapping) -> dict:
    """As annotator.metrics.annotator_agreement; the counters name people by id, `usernames` maps the
    ids to names (a person missing from it, deleted, is left out as the stats leave out a nameless author)."""
    pairs_by_ids: dict = defaultdict(dict)
    vs_gold_by_id: dict = defaultdict(dict)
    for key, value in totals.items():
        if key[0] == "ag":
            pairs_by_ids[key[1], key[2]][key[3:]] = value
        elif key[0] == "vg":
            vs_gold_by_id[key[1]][key[2:]] = value
    pairs = []
    for (first, second), rows in pairs_by_ids.items():
        if first not in usernames or second not in usernames or not rows.get(("docs",)):
            continue
        swap = usernames[first] > usernames[second]
        a, b = (usernames[second], usernames[first]) if swap else (usernames[first], usernames[second])
        comparison = _comparison(rows, swap=swap)
        figures = comparison.figures()
        pairs.append({"a": a, "b": b, "documents": figures["documents"], "span_f1": figures["span_f1"],
                      "per_label": comparison.spans.as_dict()["per_label"],
                      "relation_f1": figures["relation_f1"], "kappa": figures["kappa"]})
    vs_gold = [{"annotator": usernames[person], **_comparison(rows, swap=False).figures()}
               for person, rows in vs_gold_by_id.items() if person in usernames and rows.get(("docs",))]
    return {"pairs": sorted(pairs, key=lambda pair: (pair["a"], pair["b"])),
            "vs_gold": sorted(vs_gold, key=lambda row: row["annotator"])}


def kind_counts_read(totals: Totals, *, kinds: Sequence[str]) -> dict[str, int]:
    by_kind = dict.fromkeys(kinds, 0)
    for key, value in totals.items():
        if key[0] == "kind":
            by_kind[key[1]] = by_kind.get(key[1], 0) + value
    return by_kind
