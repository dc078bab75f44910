"""Model versions side by side on the same gold documents.

Pre-label quality (quality.py) scores each version on whatever gold documents it happened to predict,
so two versions' figures may come from different documents. Here every version is scored on the gold
documents that all compared versions predicted (their intersection), per label and micro-averaged,
with its relation scores, the review decisions taken on its suggestions, and the change in micro F1
(exact match) from the version before it. The order of versions is given by the caller (the project's
registry: installed pipelines first, then the versions trained here in number order); versions it
does not know come first, sorted by key.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.metrics.decisions import review_decisions
from annotator.metrics.quality import ModelQuality
from annotator.metrics.records import GOLD, PREDICTION, AnnotationRecord
from annotator.metrics.relations import relation_counts
from annotator.metrics.scores import rounded
from annotator.metrics.spans import exact_span_counts, relaxed_span_counts


def _ordered(keys: Iterable[str], *, models: dict[str, str], order: Sequence[str]) -> list[str]:
    rank = {name: index for index, name in enumerate(order)}
    return sorted(keys, key=lambda key: (rank.get(models[key], -1), key))


def model_comparison(annotations: Iterable[AnnotationRecord], *, order: Sequence[str] = (),
                     symmetric_relation_labels: frozenset[str] = frozenset()) -> dict:
    """{"documents": n shared gold documents, "document_ids": [...], "labels": [...], "versions": [
    {"key": "model@version", "model", "model_version", "exact": {per_label, micro}, "relaxed": {...},
    "relations": {p, r, f1}, "decisions": {accepted, rejected, accept_rate}, "gold_documents": n predicted,
    "change": {"from": previous key, "f1": micro F1 difference} or None}]}. Versions that predicted no
    gold document are left out; `documents` is 0 when the versions share none."""
    annotations = list(annotations)
    gold = {a.document_id: a for a in annotations if a.kind == GOLD}
    predictions: dict[str, dict[int, AnnotationRecord]] = {}
    models: dict[str, str] = {}
    versions: dict[str, str] = {}
    for record in annotations:
        if record.kind == PREDICTION and record.document_id in gold:
            predictions.setdefault(record.model_key, {})[record.document_id] = record
            models[record.model_key] = record.model
            versions[record.model_key] = record.model_version
    keys = _ordered(predictions, models=models, order=order)
    shared = set(gold)
    for key in keys:
        shared &= set(predictions[key])
    decisions = review_decisions(annotations)
    rows, previous = [], None
    labels: set[str] = set()
    for key in keys:
        quality = ModelQuality()
        for document_id in sorted(shared):
            prediction, reference = predictions[key][document_id], gold[document_id]
            quality.documents += 1
            quality.exact.add(exact_span_counts(prediction.spans, reference.spans))
            quality.relaxed.add(relaxed_span_counts(prediction.spans, reference.spans))
            quality.relations.add(relation_counts(prediction.relations, reference.relations,
                                                  symmetric_labels=symmetric_relation_labels))
        scores = quality.as_dict()
        labels |= set(scores["exact"]["per_label"])
        taken = decisions.get(key, {})
        f1 = scores["exact"]["micro"]["f1"]
        rows.append({
            "key": key, "model": models[key], "model_version": versions[key],
            "exact": scores["exact"], "relaxed": scores["relaxed"], "relations": scores["relations"],
            "decisions": {name: taken.get(name, 0) for name in ("accepted", "rejected", "accept_rate")},
            "gold_documents": len(predictions[key]),
            "change": {"from": previous[0], "f1": rounded(f1 - previous[1])} if previous else None,
        })
        previous = (key, f1)
    return {"documents": len(shared), "document_ids": sorted(shared), "labels": sorted(labels), "versions": rows}
