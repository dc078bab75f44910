"""The project's queue order (active learning): in order, most uncertain first, or most disputed first;
drafts still come first and the queue stays one query."""
import pytest
from django.db import connection

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Document, DocumentStatus, QueueOrder
from annotator.selectors.queue import annotator_queue, next_document_for_annotator
from annotator.services.figures import document_figures_refresh

pytestmark = pytest.mark.django_db


def documents(project, count):
    return [Document.objects.create(project=project, text=f"Text number {i}.", content_hash=f"h-{i}",
                                    status=DocumentStatus.PRELABELED) for i in range(count)]


def predict(document, model, spans):
    prediction = Annotation.objects.create(document=document, kind=AnnotationKind.PREDICTION, model=model)
    types = dict(document.project.entity_types.values_list("name", "pk"))
    for start, end, label, score in spans:
        prediction.spans.create(start=start, end=end, label_id=types[label], score=score)
    document_figures_refresh(document_ids=[document.pk])  # written around the store: its figures follow here


def queue(project, user):
    return list(annotator_queue(project=project, user=user).values_list("id", flat=True))


def order(project, how):
    project.queue_order = how
    project.save(update_fields=["queue_order"])


def test_most_uncertain_first_then_the_unscored(project, users):
    a, b, c, d = documents(project, 4)
    predict(a, "sm", [(0, 4, "PERSON", 0.99), (5, 11, "ORG", 0.95)])
    predict(b, "sm", [(0, 4, "PERSON", 0.98), (5, 11, "ORG", 0.31)])  # one doubtful span: most uncertain
    predict(c, "sm", [(0, 4, "GPE", 0.7)])
    assert queue(project, users["alice"]) == [a.pk, b.pk, c.pk, d.pk]  # in order by default
    order(project, QueueOrder.UNCERTAIN)
    assert queue(project, users["alice"]) == [b.pk, c.pk, a.pk, d.pk]
    assert next_document_for_annotator(project=project, user=users["alice"]).pk == b.pk
    Annotation.objects.create(document=d, kind=AnnotationKind.ANNOTATION, author=users["alice"],
                              status=AnnotationStatus.DRAFT)
    assert queue(project, users["alice"])[0] == d.pk  # my draft still first


def test_where_model_versions_disagree_most_first(project, users):
    a, b, c = documents(project, 3)
    same = [(0, 4, "PERSON", None), (5, 11, "ORG", None)]
    predict(a, "v1", same)
    predict(a, "v2", same)  # the versions agree
    predict(b, "v1", same)
    predict(b, "v2", [(0, 4, "GPE", None), (7, 11, "ORG", None)])  # they disagree on both spans
    predict(c, "v1", same)  # one version only: nothing to compare
    order(project, QueueOrder.DISAGREEMENT)
    assert queue(project, users["alice"]) == [b.pk, a.pk, c.pk]
    assert next_document_for_annotator(project=project, user=users["alice"]).pk == b.pk


def test_still_one_query(project, users, django_assert_num_queries):
    documents(project, 3)
    for how in QueueOrder.values:
        order(project, how)
        with django_assert_num_queries(1):
            queue(project, users["alice"])


def test_a_manager_sets_the_order_over_the_api(project, users):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users["carol"])
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"queue_order": "uncertain"}, format="json")
    assert response.status_code == 200 and response.json()["queue_order"] == "uncertain"
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"queue_order": "random"}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "queue_order"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans (as `make run` serves)")
@pytest.mark.parametrize(("how", "index"), [("order", "document_queue_open_order"),
                                            ("uncertain", "document_queue_open_uncertain"),
                                            ("disagreement", "document_queue_open_spread")])
def test_the_open_documents_are_walked_through_the_orders_index_whatever_their_status(project, users, how, index):
    """One LIMIT 1 read per part of the order through an index over the open documents only, with no sort:
    documents of several open statuses need no read each, and gold or skipped ones are never walked. The
    plans are those of the statements as sent, parameters bound (SQLite plans a partial index by them)."""
    first, second = documents(project, 2)
    Document.objects.filter(pk=second.pk).update(status=DocumentStatus.NEW)
    predict(second, "m1", [(0, 4, "PERSON", 0.2)])
    predict(second, "m2", [(5, 11, "PERSON", 0.3)])
    order(project, how)
    sent = []

    def keep(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        found = next_document_for_annotator(project=project, user=users["alice"])
    assert found == (first if how == "order" else second)
    reads = [(sql, params) for sql, params in sent if 'FROM "annotator_document"' in sql and "LIMIT 1" in sql
             and '"annotator_assignment" U0 WHERE U0."document_id"' in sql]
    assert reads
    for sql, params in reads:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = [row[3] for row in cursor.fetchall()]
        assert plan[0].startswith(f"SEARCH annotator_document USING INDEX {index} (project_id=? AND figure_submitted=?")
        assert not any("TEMP B-TREE" in line for line in plan)
