"""How a project orders its annotators' queue (`Project.queue_order`), as database expressions.

- `order`: by id (documents in the order they came).
- `uncertain`: most uncertain first: a document's uncertainty is the lowest score among the spans
  its models predicted (annotator/nlp/confidence.py); documents without a scored prediction come last.
- `disagreement`: where model versions disagree most first: of the spans the document's predictions
  hold (one prediction per model), the number of distinct (start, end, label) minus the spans per
  prediction on average, so 0 when every version predicted the same spans and larger the more they
  differ; documents with fewer than two predictions come last.

Each is a subquery per document evaluated inside the queue's one query (annotator/selectors/queue.py).
"""
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, FloatField, Min, OuterRef, Subquery, Value, When
from django.db.models.expressions import BaseExpression, OrderBy
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import GreaterThanOrEqual

from annotator.models import AnnotationKind, Project, QueueOrder, Span


@dataclass(frozen=True)
class QueueOrdering:
    annotations: dict[str, BaseExpression] = field(default_factory=dict)
    order_by: tuple = ("id",)


def _prediction_spans():
    return Span.objects.filter(annotation__document_id=OuterRef("pk"), annotation__kind=AnnotationKind.PREDICTION)


def _per_document(queryset, **aggregate):
    [(name, expression)] = aggregate.items()
    return Subquery(queryset.order_by().values("annotation__document_id").annotate(**{name: expression})
                    .values(name)[:1])


def queue_ordering(*, project: Project) -> QueueOrdering:
    """The annotations and the order (after drafts) of the project's queue."""
    if project.queue_order == QueueOrder.UNCERTAIN:
        lowest = _per_document(_prediction_spans().filter(score__isnull=False), lowest=Min("score"))
        return QueueOrdering(annotations={"uncertainty": Cast(lowest, FloatField())},
                             order_by=(OrderBy(F("uncertainty"), nulls_last=True), "id"))
    if project.queue_order == QueueOrder.DISAGREEMENT:
        keyed = _prediction_spans().annotate(key=Concat("start", Value(":"), "end", Value(":"), "label_id",
                                                        output_field=CharField()))
        distinct = Cast(_per_document(keyed, n=Count("key", distinct=True)), FloatField())
        rows = Cast(_per_document(_prediction_spans(), n=Count("id")), FloatField())
        versions = _per_document(_prediction_spans(), n=Count("annotation_id", distinct=True))
        versions = Cast(versions, FloatField())
        spread = Case(When(GreaterThanOrEqual(versions, 2), then=distinct - rows / versions),
                      default=Value(None), output_field=FloatField())
        return QueueOrdering(annotations={"disagreement": spread},
                             order_by=(OrderBy(F("disagreement"), descending=True, nulls_last=True), "id"))
    return QueueOrdering()
