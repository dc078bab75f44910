"""Review decisions: how often people accept or reject each model version's suggestions, per label.

Counted from the decisions saved with people's annotations and with gold (drafts included: a
rejection is a rejection before submitting too). Each annotation's decision counts once, so a
suggestion rejected by an annotator and again by the reviewer counts twice: these are decisions
taken, not suggestions. Grouped by the "model@version" of the prediction the suggestion came from,
like pre-label quality (annotator/metrics/quality.py), which scores the same predictions against
gold where gold exists; these figures exist as soon as anybody has decided on a suggestion.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.metrics.records import ANNOTATION, GOLD, AnnotationRecord, model_key
from annotator.metrics.scores import ratio, rounded

ACCEPTED = "accepted"
REJECTED = "rejected"


@dataclass
class DecisionCounts:
    accepted: int = 0
    rejected: int = 0

    def add(self, decision: str) -> None:
        if decision == ACCEPTED:
            self.accepted += 1
        elif decision == REJECTED:
            self.rejected += 1

    def as_dict(self) -> dict:
        """{"accepted", "rejected", "accept_rate"}: accepted / (accepted + rejected), 0.0 when nothing was decided."""
        return {"accepted": self.accepted, "rejected": self.rejected,
                "accept_rate": rounded(ratio(self.accepted, self.accepted + self.rejected))}


@dataclass
class ModelDecisions:
    total: DecisionCounts = field(default_factory=DecisionCounts)
    per_label: dict[str, DecisionCounts] = field(default_factory=dict)
    documents: set[int] = field(default_factory=set)

    def as_dict(self) -> dict:
        return {**self.total.as_dict(),
                "per_label": {label: self.per_label[label].as_dict() for label in sorted(self.per_label)},
                "documents": len(self.documents)}


def review_decisions(annotations: Iterable[AnnotationRecord]) -> dict[str, dict]:
    """{"model@version": {"accepted", "rejected", "accept_rate", "per_label": {label: {"accepted",
    "rejected", "accept_rate"}}, "documents": documents with a decision on that model's suggestions}},
    keys sorted; a model version nobody decided on is absent."""
    by_model: dict[str, ModelDecisions] = {}
    for annotation in annotations:
        if annotation.kind not in (ANNOTATION, GOLD):
            continue
        for decision in annotation.decisions:
            figures = by_model.setdefault(model_key(decision.model, decision.model_version), ModelDecisions())
            figures.total.add(decision.decision)
            figures.per_label.setdefault(decision.label, DecisionCounts()).add(decision.decision)
            figures.documents.add(annotation.document_id)
    return {key: by_model[key].as_dict() for key in sorted(by_model)}
