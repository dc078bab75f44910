"""How a project orders its annotators' queue (`Project.queue_order`), read from the figures kept on
each document as its annotations are written (annotator/services/figures.py), through an index.

- `order`: by id (documents in the order they came).
- `uncertain`: most uncertain first: a document's uncertainty (`figure_uncertainty`) is the lowest score
  among the spans its models predicted (annotator/nlp/confidence.py); documents without a scored
  prediction come last.
- `disagreement`: where model versions disagree most first (`figure_model_spread`): of the spans the
  document's predictions hold (one prediction per model), the number of distinct (start, end, label)
  minus the spans per prediction on average, so 0 when every version predicted the same spans and
  larger the more they differ; documents with fewer than two predictions holding spans come last.

`QueueOrdering.parts` splits the order where the figure goes missing (null), so each part is read
through an index in its own order, without sorting (databases put nulls first or last differently).
"""
from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.expressions import OrderBy

from annotator.models import Project, QueueOrder


def _by_id(document) -> tuple:
    return (document.pk,)


@dataclass(frozen=True)
class QueueOrdering:
    order_by: tuple = ("id",)
    # (filter, order, sort key of a document) parts, read one after the other: the documents with the
    # figure in its order, then the rest by id. The key ranks the firsts of several runs of one part.
    parts: tuple = ((Q(), ("id",), _by_id),)


def _with_nulls_last(field: str, *, descending: bool) -> QueueOrdering:
    sign = -1 if descending else 1
    return QueueOrdering(
        order_by=(OrderBy(F(field), descending=descending, nulls_last=True), "id"),
        parts=((Q(**{f"{field}__isnull": False}), (f"-{field}" if descending else field, "id"),
                lambda document: (sign * getattr(document, field), document.pk)),
               (Q(**{f"{field}__isnull": True}), ("id",), _by_id)))


def queue_ordering(*, project: Project) -> QueueOrdering:
    """The order (after drafts and assignments) of the project's queue."""
    if project.queue_order == QueueOrder.UNCERTAIN:
        return _with_nulls_last("figure_uncertainty", descending=False)
    if project.queue_order == QueueOrder.DISAGREEMENT:
        return _with_nulls_last("figure_model_spread", descending=True)
    return QueueOrdering()
