"""Figures kept current as work is saved (annotator/services/figures.py), so the statistics and the
queues read sums and indexed columns instead of every annotation.

- DocumentFigures: what one document adds to its project's counters (annotator/metrics/figures.py),
  kept so a later write can subtract it; and the signature of its gold (the model keys that
  predicted it) for the model comparison's shared documents.
- ProjectFigure: the project's counters, the sums of its documents' counters.
The queue orders' figures are columns of Document (figure_*), next to what the queues filter on.
"""
from django.db import models

from annotator.models.document import Document
from annotator.models.project import Project


class DocumentFigures(models.Model):
    document = models.OneToOneField(Document, on_delete=models.CASCADE, primary_key=True, related_name="figures")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    counters = models.JSONField(default=list, help_text="[[key (a list), value], ...]: what this document adds.")
    gold_signature = models.TextField(null=True, blank=True, help_text=(
        "The model keys that predicted this document, sorted, one a line, when it has gold; null without gold."))

    class Meta:
        # The model comparison's shared gold documents, read from the index alone in document order.
        indexes = [models.Index(fields=["project", "gold_signature", "document"], name="documentfigures_shared")]

    def __str__(self) -> str:
        return f"figures of document {self.document_id}"


class ProjectFigure(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    key = models.TextField(help_text="A counter's key (annotator/metrics/figures.py) as JSON.")
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "key"], name="projectfigure_unique_key")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
