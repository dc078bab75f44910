"""Plain records the metrics work on: no Django, so every figure can be tested by hand.

Offsets are code points of the document's stored text (Python `str` indices, never UTF-16 units or
bytes), end exclusive: the same offsets as the API, the database and every format.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

PREDICTION = "prediction"
ANNOTATION = "annotation"
GOLD = "gold"
SUBMITTED = "submitted"
DRAFT = "draft"


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    label: str

    def overlaps(self, other: Span) -> bool:
        """True when the two share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, order=True)
class Relation:
    head: Span
    child: Span
    label: str


@dataclass(frozen=True)
class Decision:
    """A person's decision on a model's suggestion: the suggested span, the prediction's model and
    version, and "accepted" or "rejected" (Annotation.decisions, annotator/rules/decisions.py)."""
    start: int
    end: int
    label: str
    model: str
    model_version: str
    decision: str


def model_key(model: str, model_version: str) -> str:
    """The "model@version" key figures about a model are grouped by; an empty part reads "unknown"
    (predictions imported from a file may name neither)."""
    return f"{model or 'unknown'}@{model_version or 'unknown'}"


@dataclass(frozen=True)
class AnnotationRecord:
    """One annotation of one document, as the metrics need it."""
    document_id: int
    kind: str  # prediction, annotation or gold
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    author: str | None = None  # username; None for a model (or a deleted user)
    model: str = ""
    model_version: str = ""
    status: str = DRAFT
    time_spent: float = 0.0
    updated_at: datetime | None = None
    decisions: tuple[Decision, ...] = ()  # on people's annotations and gold; none on a prediction

    @property
    def model_key(self) -> str:
        """The "model@version" key quality figures are grouped by (see model_key)."""
        return model_key(self.model, self.model_version)

