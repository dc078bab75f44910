"""Agreement between annotators: each against each other, each against gold, and a
per-document disagreement score for the review queue.

Only submitted annotations (kind "annotation") take part: a draft is unfinished work, and an
empty draft someone merely opened would otherwise read as total disagreement. Gold counts
whatever its status (a gold annotation is final by definition). Annotations whose author was
deleted have no name to report: they count in the per-document score only.

Scores are summed over the documents both sides annotated (micro), with the first side
scored against the second as reference: per_label p is "a's spans that b also has", r is
"b's spans that a also has". F1 and kappa are symmetric.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.metrics.iob import iob2_tags
from annotator.metrics.kappa import TagAgreement
from annotator.metrics.records import ANNOTATION, GOLD, PREDICTION, SUBMITTED, AnnotationRecord
from annotator.metrics.relations import relation_counts
from annotator.metrics.scores import LabelCounts, rounded
from annotator.metrics.spans import exact_span_counts

TokensByDocument = Mapping[int, Sequence[Sequence[int]]]


@dataclass
class Comparison:
    """One side against a reference side, summed over documents."""
    documents: int = 0
    spans: LabelCounts = field(default_factory=LabelCounts)
    relations: LabelCounts = field(default_factory=LabelCounts)
    tags: TagAgreement = field(default_factory=TagAgreement)

    def add(self, mine: AnnotationRecord, reference: AnnotationRecord, *, tokens: Sequence[Sequence[int]],
            symmetric_labels: frozenset[str] = frozenset()) -> None:
        self.documents += 1
        self.spans.add(exact_span_counts(mine.spans, reference.spans))
        self.relations.add(relation_counts(mine.relations, reference.relations, symmetric_labels=symmetric_labels))
        # A document stored without tokens adds nothing to kappa (and no error).
        self.tags.add(iob2_tags(tokens, mine.spans), iob2_tags(tokens, reference.spans))

    def figures(self) -> dict:
        return {
            "documents": self.documents,
            "span_f1": rounded(self.spans.micro.f1),
            "relation_f1": rounded(self.relations.micro.f1),
            "kappa": rounded(self.tags.kappa),
        }


def submitted_by_author(annotations: Iterable[AnnotationRecord]) -> dict[str, dict[int, AnnotationRecord]]:
    """username -> document id -> that person's submitted annotation."""
    result: dict[str, dict[int, AnnotationRecord]] = defaultdict(dict)
    for annotation in annotations:
        if annotation.kind == ANNOTATION and annotation.status == SUBMITTED and annotation.author:
            result[annotation.author][annotation.document_id] = annotation
    return result


def annotator_agreement(annotations: Iterable[AnnotationRecord], *, tokens_by_document: TokensByDocument,
                        symmetric_relation_labels: frozenset[str] = frozenset()) -> dict:
    """{"pairs": [{a, b, documents, span_f1, per_label, relation_f1, kappa}],
    "vs_gold": [{annotator, documents, span_f1, relation_f1, kappa}]}, sorted by username.

    A pair (or annotator) appears only when it shares at least one document (with gold).
    """
    annotations = list(annotations)
    by_author = submitted_by_author(annotations)
    gold = {a.document_id: a for a in annotations if a.kind == GOLD}

    def compare(mine: Mapping[int, AnnotationRecord], reference: Mapping[int, AnnotationRecord]) -> Comparison:
        comparison = Comparison()
        for document_id in sorted(mine.keys() & reference.keys()):
            comparison.add(mine[document_id], reference[document_id], tokens=tokens_by_document.get(document_id, ()),
                           symmetric_labels=symmetric_relation_labels)
        return comparison

    pairs = []
    for a, b in combinations(sorted(by_author), 2):
        comparison = compare(by_author[a], by_author[b])
        if comparison.documents:
            figures = comparison.figures()
            pairs.append({"a": a, "b": b, "documents": figures["documents"], "span_f1": figures["span_f1"],
                          "per_label": comparison.spans.as_dict()["per_label"],
                          "relation_f1": figures["relation_f1"], "kappa": figures["kappa"]})
    vs_gold = []
    for author in sorted(by_author):
        comparison = compare(by_author[author], gold)
        if comparison.documents:
            vs_gold.append({"annotator": author, **comparison.figures()})
    return {"pairs": pairs, "vs_gold": vs_gold}


def document_span_f1(a: AnnotationRecord, b: AnnotationRecord) -> float:
    """Exact span F1 of two annotations of one document; two empty annotations agree fully (1.0)."""
    if not a.spans and not b.spans:
        return 1.0
    return exact_span_counts(a.spans, b.spans).micro.f1


def document_disagreement(annotations: Iterable[AnnotationRecord]) -> dict[int, float]:
    """document id -> disagreement in [0, 1], for the documents that have a submitted annotation.

    - Two or more submitted annotations: 1 - the mean exact span F1 over all their pairs.
    - Exactly one: 1 - its span F1 against the model's prediction (the most recently updated
      one when several models pre-labeled the document). In single-pass projects (one
      annotator per document) this still ranks the queue: the documents where the person
      changed the pre-labels most are where a second look pays off. Prediction is only the
      fallback: with two people the score measures people against each other.
    - One annotation and no prediction: 0.0, nothing to disagree with.
    """
    submitted: dict[int, list[AnnotationRecord]] = defaultdict(list)
    latest_prediction: dict[int, AnnotationRecord] = {}
    for annotation in annotations:
        if annotation.kind == ANNOTATION and annotation.status == SUBMITTED:
            submitted[annotation.document_id].append(annotation)
        elif annotation.kind == PREDICTION:
            current = latest_prediction.get(annotation.document_id)
            if current is None or _newer(annotation, current):
                latest_prediction[annotation.document_id] = annotation
    result = {}
    for document_id, people in submitted.items():
        if len(people) >= 2:
            scores = [document_span_f1(a, b) for a, b in combinations(people, 2)]
            agreement = sum(scores) / len(scores)
        elif document_id in latest_prediction:
            agreement = document_span_f1(people[0], latest_prediction[document_id])
        else:
            agreement = 1.0
        result[document_id] = rounded(1.0 - agreement)
    return result


def _newer(a: AnnotationRecord, b: AnnotationRecord) -> bool:
    if a.updated_at is None or b.updated_at is None:
        return a.updated_at is not None
    return a.updated_at > b.updated_at
