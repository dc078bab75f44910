"""Keeping the figures current: each write of annotations refreshes the figures of its documents in
the same transaction (annotator/services/annotation_store.py calls document_figures_refresh), so
the stats read sums (annotator/selectors/stats.py) and the queues indexed columns.

A refresh of a batch of documents costs a fixed number of statements whatever its size: the
batch's annotations, spans and relations (three reads, as the stats read them), their tokens and
their stored counters; then one UPDATE per document whose queue figures changed, one upsert of the
project's counters by difference (`value = value + difference`, in key order so two writers never
wait on each other crosswise) and the documents' new counters.
"""
import json
from collections import defaultdict
from collections.abc import Collection, Iterable

from django.db import connections, router, transaction
from django.db.models import Count, Min, QuerySet

from annotator.metrics import AnnotationRecord
from annotator.metrics.figures import (counters_difference, document_counters, gold_signature, review_disagreement,
                                       submitted_count)
from annotator.metrics.records import PREDICTION
from annotator.models import AnnotationKind, Document, DocumentFigures, Project, ProjectFigure, Span
from annotator.selectors.document_tokens import pending_tokens_json
from annotator.selectors.stats import project_annotation_records, symmetric_relation_labels

QUEUE_FIELDS = ("figure_disagreement", "figure_submitted", "figure_uncertainty", "figure_model_spread")


def key_text(key: tuple) -> str:
    return json.dumps(list(key), ensure_ascii=False, separators=(",", ":"))


def document_figures_refresh(*, document_ids: Collection[int]) -> None:
    """Recompute the figures of `document_ids` from their stored annotations and move the projects'
    counters by the difference. Call it in the transaction that wrote them (it joins the caller's)."""
    ids = sorted(set(document_ids))
    if not ids:
        return
    with transaction.atomic():
        by_project = defaultdict(list)
        for pk, project_id in Document.objects.filter(pk__in=ids).values_list("pk", "project_id"):
            by_project[project_id].append(pk)
        for project_id, pks in by_project.items():
            _refresh(Project(pk=project_id), pks)


def document_figures_forget(*, document_ids: Collection[int]) -> None:
    """Take documents about to be deleted out of their projects' counters (their own rows go with them)."""
    ids = sorted(set(document_ids))
    with transaction.atomic():
        old = list(DocumentFigures.objects.filter(document_id__in=ids).values_list("project_id", "counters"))
        by_project: dict = defaultdict(lambda: defaultdict(int))
        for project_id, counters in old:
            for key, value in counters:
                by_project[project_id][tuple(key)] -= value
        for project_id, difference in by_project.items():
            _totals_add(project_id, difference)


def documents_carrying_refresh(*, items: QuerySet, batch_size: int) -> None:
    """Refresh the documents whose annotations hold `items` (spans of a renamed entity type, relations of a
    relation type made symmetric or not: the counters name labels and match symmetric relations either way),
    `batch_size` documents a batch."""
    ids = sorted(set(items.order_by().values_list("annotation__document_id", flat=True)))
    for start in range(0, len(ids), batch_size):
        document_figures_refresh(document_ids=ids[start:start + batch_size])


def _refresh(project: Project, ids: list[int]) -> None:
    documents = Document.objects.filter(pk__in=ids)
    records = project_annotation_records(project=project, documents=documents, author_field="author_id")
    of_document: dict[int, list[AnnotationRecord]] = defaultdict(list)
    for record in records:
        of_document[record.document_id].append(record)
    submitted = [pk for pk, items in of_document.items() if submitted_count(items)]
    tokens = dict(Document.objects.filter(pk__in=submitted).values_list("id", "tokens")) if submitted else {}
    pending = [pk for pk, value in tokens.items() if value is None]  # not filled by a worker yet
    if pending:
        tokens.update(_pending_tokens(project_id=project.pk, ids=pending))
    lowest = dict(Span.objects.filter(annotation__document_id__in=ids, annotation__kind=AnnotationKind.PREDICTION,
                                      score__isnull=False).order_by().values("annotation__document_id")
                  .annotate(lowest=Min("score")).values_list("annotation__document_id", "lowest"))
    symmetric = symmetric_relation_labels(project=project)
    old = {pk: (counters, signature) for pk, counters, signature in DocumentFigures.objects.filter(
        document_id__in=ids).values_list("document_id", "counters", "gold_signature")}
    current = {pk: values for pk, *values in documents.values_list("pk", *QUEUE_FIELDS)}
    difference: dict = defaultdict(int)
    changed_rows, kept, gone = [], [], []
    for pk in ids:
        if pk not in current:  # deleted meanwhile
            continue
        items = of_document.get(pk, [])
        counters = document_counters(items, tokens=tokens.get(pk, ()), symmetric_relation_labels=symmetric)
        signature = gold_signature(items)
        old_counters, old_signature = old.get(pk, ([], None))
        for key, value in counters_difference(counters, {tuple(k): v for k, v in old_counters}).items():
            difference[key] += value
        if counters or signature is not None:
            kept.append(DocumentFigures(document_id=pk, project_id=project.pk, gold_signature=signature,
                                        counters=sorted([list(key), value] for key, value in counters.items())))
        elif pk in old:
            gone.append(pk)
        values = (review_disagreement(items), submitted_count(items), lowest.get(pk), model_spread(items))
        if tuple(current[pk]) != values:
            changed_rows.append((*values, pk))
    _totals_add(project.pk, difference)
    if gone:
        DocumentFigures.objects.filter(document_id__in=gone).delete()
    DocumentFigures.objects.bulk_create(kept, update_conflicts=True, unique_fields=["document"],
                                        update_fields=["counters", "gold_signature"])
    if changed_rows:
        _queue_figures_write(changed_rows)


def _pending_tokens(*, project_id: int, ids: list[int]) -> dict[int, list]:
    """The tokens the worker will store for documents whose tokens are pending, computed as every read does."""
    model = Project.objects.filter(pk=project_id).values_list("spacy_model", flat=True).get()
    texts = dict(Document.objects.filter(pk__in=ids).values_list("id", "text"))
    return {pk: json.loads(value) for pk, value in pending_tokens_json(texts=texts, model=model).items()}


def model_spread(records: Iterable[AnnotationRecord]) -> float | None:
    """Of the spans the document's predictions hold, the number of distinct (start, end, label) minus
    the spans per prediction on average; None when fewer than two predictions hold spans (the
    queue's `disagreement` order, annotator/selectors/queue_order.py)."""
    predictions = [record for record in records if record.kind == PREDICTION and record.spans]
    if len(predictions) < 2:
        return None
    rows = sum(len(record.spans) for record in predictions)
    distinct = len({span for record in predictions for span in record.spans})
    return float(distinct) - float(rows) / float(len(predictions))


def _connection():
    return connections[router.db_for_write(ProjectFigure)]


def _queue_figures_write(rows: list[tuple]) -> None:
    connection = _connection()
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(name)} = %s" for name in QUEUE_FIELDS)
    # Names from the model, quoted; values as parameters (bandit B608 accepted).
    sql = f"UPDATE {quote(Document._meta.db_table)} SET {columns} WHERE {quote('id')} = %s"  # nosec B608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _totals_add(project_id: int, difference: dict) -> None:
    """Add `difference` (key -> amount) to the project's counters, then drop counters that fell to 0."""
    rows = sorted((key_text(key), value) for key, value in difference.items() if value)
    if not rows:
        return
    connection = _connection()
    quote = connection.ops.quote_name
    table = quote(ProjectFigure._meta.db_table)
    sql = (f"INSERT INTO {table} ({quote('project_id')}, {quote('key')}, {quote('value')}) VALUES (%s, %s, %s) "  # nosec B608
           f"ON CONFLICT ({quote('project_id')}, {quote('key')}) "
           f"DO UPDATE SET {quote('value')} = {table}.{quote('value')} + excluded.{quote('value')}")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(project_id, key, value) for key, value in rows])
    ProjectFigure.objects.filter(project_id=project_id, key__in=[key for key, _value in rows], value=0).delete()


def project_figures_rebuild(*, project: Project, batch_size: int) -> int:
    """Recompute every figure of `project` from scratch, `batch_size` documents at a time (memory flat
    in the project's size); returns the number of documents read. Documents without annotations
    are only reset. Meant for when nobody writes to the project (after an upgrade, or to check)."""
    with transaction.atomic():
        ProjectFigure.objects.filter(project=project).delete()
        # The documents per status (database triggers keep them as rows change: annotator/figures_triggers.py).
        by_status = Document.objects.filter(project=project).order_by().values("status").annotate(n=Count("id"))
        _totals_add(project.pk, {("status", row["status"]): row["n"] for row in by_status})
        DocumentFigures.objects.filter(project=project).delete()
        Document.objects.filter(project=project).exclude(figure_disagreement=0.0, figure_submitted=0,
                                                         figure_uncertainty=None, figure_model_spread=None).update(
            figure_disagreement=0.0, figure_submitted=0, figure_uncertainty=None, figure_model_spread=None)
    done, last = 0, 0
    annotated = Document.objects.filter(project=project, annotations__isnull=False).order_by("id").distinct()
    while True:
        ids = list(annotated.filter(id__gt=last).values_list("id", flat=True)[:batch_size])
        if not ids:
            return done
        with transaction.atomic():
            _refresh(project, ids)
        done += len(ids)
        last = ids[-1]
