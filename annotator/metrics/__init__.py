"""Quality and agreement metrics: pure functions over plain records (no Django, no database).

One module per idea:
- records:   Span, Relation, Decision, AnnotationRecord, the inputs
- scores:    match counts and precision/recall/F1 (micro over documents, per label)
- spans:     exact and relaxed (overlap, one-to-one) span matching
- relations: relation matching on exactly matching spans
- iob:       spans + tokens -> IOB2 tags
- kappa:     Cohen's kappa on token tags
- quality:   pre-label quality per model version against gold
- decisions: accepted and rejected suggestions per model version and label
- agreement: annotator vs annotator, annotator vs gold, per-document disagreement
- progress:  documents by status, annotator throughput and time

`annotator.selectors.stats` reads the database and feeds these.
"""
from annotator.metrics.agreement import annotator_agreement, document_disagreement, document_span_f1
from annotator.metrics.decisions import review_decisions
from annotator.metrics.iob import iob2_tags
from annotator.metrics.kappa import TagAgreement, cohen_kappa
from annotator.metrics.progress import annotator_figures, document_time_figures, status_progress
from annotator.metrics.quality import prelabel_quality
from annotator.metrics.records import AnnotationRecord, Decision, Relation, Span
from annotator.metrics.relations import relation_counts
from annotator.metrics.scores import Counts, LabelCounts
from annotator.metrics.spans import exact_span_counts, relaxed_span_counts

__all__ = [
    "AnnotationRecord", "Counts", "Decision", "LabelCounts", "Relation", "Span", "TagAgreement",
    "annotator_agreement", "annotator_figures", "cohen_kappa", "document_disagreement", "document_span_f1",
    "document_time_figures",
    "exact_span_counts", "iob2_tags", "prelabel_quality", "relation_counts", "relaxed_span_counts",
    "review_decisions", "status_progress",
]
