"""Pre-label quality: each model version's predictions scored against gold.

Grouped by "model@version" so a team sees whether a newer model pre-labels better. Only
documents that have both a prediction of that model version and a gold annotation count;
a document without gold says nothing about the model yet.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.metrics.records import GOLD, PREDICTION, AnnotationRecord
from annotator.metrics.relations import relation_counts
from annotator.metrics.scores import LabelCounts
from annotator.metrics.spans import exact_span_counts, relaxed_span_counts


@dataclass
class ModelQuality:
    documents: int = 0
    exact: LabelCounts = field(default_factory=LabelCounts)
    relaxed: LabelCounts = field(default_factory=LabelCounts)
    relations: LabelCounts = field(default_factory=LabelCounts)

    def as_dict(self) -> dict:
        return {"exact": self.exact.as_dict(), "relaxed": self.relaxed.as_dict(),
                "relations": self.relations.micro.as_dict(), "documents": self.documents}


def prelabel_quality(annotations: Iterable[AnnotationRecord], *,
                     symmetric_relation_labels: frozenset[str] = frozenset()) -> dict[str, dict]:
    """{"model@version": {"exact": {per_label, micro}, "relaxed": {...}, "relations": {p, r, f1},
    "documents": n}}, keys sorted."""
    annotations = list(annotations)
    gold = {a.document_id: a for a in annotations if a.kind == GOLD}
    by_model: dict[str, ModelQuality] = {}
    for prediction in annotations:
        if prediction.kind != PREDICTION or prediction.document_id not in gold:
            continue
        reference = gold[prediction.document_id]
        quality = by_model.setdefault(prediction.model_key, ModelQuality())
        quality.documents += 1
        quality.exact.add(exact_span_counts(prediction.spans, reference.spans))
        quality.relaxed.add(relaxed_span_counts(prediction.spans, reference.spans))
        quality.relations.add(relation_counts(prediction.relations, reference.relations,
                                              symmetric_labels=symmetric_relation_labels))
    return {key: by_model[key].as_dict() for key in sorted(by_model)}
