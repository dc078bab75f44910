"""Spans and relations are read-only in the admin: edits go through the editor or the API, where the
rules check them and versions record them. An annotation may still be deleted whole."""
import pytest
from django.urls import reverse

from annotator.models import Annotation, Document, Relation, Span
from annotator.services.annotations import annotation_mine_save
from annotator.services.documents import documents_add

pytestmark = pytest.mark.django_db

TEXT = "Maria Okafor works for Reuters."


@pytest.fixture
def annotation(project, users):
    document = Document.objects.get(pk=documents_add(project=project, records=[{"text": TEXT}]).ids[0])
    saved = annotation_mine_save(document=document, user=users["alice"], relations=[
        {"head": 1, "child": 2, "label": "works_for"}], spans=[
        {"id": 1, "start": 0, "end": 12, "label": "PERSON"}, {"id": 2, "start": 23, "end": 30, "label": "ORG"}])
    return Annotation.objects.get(pk=saved.pk)


def state(annotation):
    return (Annotation.objects.filter(pk=annotation.pk).values_list("status", "version").get(),
            sorted(Span.objects.filter(annotation=annotation).values_list("start", "end", "label__name")),
            Relation.objects.filter(annotation=annotation).count())


def test_the_annotation_page_shows_spans_and_relations_without_inputs(admin_client, annotation):
    page = admin_client.get(reverse("admin:annotator_annotation_change", args=[annotation.pk])).content.decode()
    assert "Maria Okafor" in page and "Reuters" in page  # the spans' text is shown
    assert 'name="spans-0-start"' not in page and 'name="relations-0-label"' not in page
    assert 'name="status"' not in page and 'name="spans-0-DELETE"' not in page


def test_posting_a_changed_annotation_changes_nothing(admin_client, annotation):
    before = state(annotation)
    span = Span.objects.filter(annotation=annotation).order_by("start").first()
    response = admin_client.post(reverse("admin:annotator_annotation_change", args=[annotation.pk]), {
        "document": annotation.document_id, "kind": "annotation", "author": annotation.author_id, "model": "",
        "model_version": "", "status": "submitted", "time_spent": "0", "decisions": "[]",
        "spans-TOTAL_FORMS": "1", "spans-INITIAL_FORMS": "1", "spans-0-id": span.pk,
        "spans-0-annotation": annotation.pk, "spans-0-start": "3", "spans-0-end": "12",
        "spans-0-label": span.label_id, "relations-TOTAL_FORMS": "0", "relations-INITIAL_FORMS": "0"})
    assert response.status_code == 403
    assert state(annotation) == before


@pytest.mark.parametrize("model", ["span", "relation"])
def test_spans_and_relations_cannot_be_added_changed_or_deleted_alone(admin_client, annotation, model):
    before = state(annotation)
    row = (Span if model == "span" else Relation).objects.filter(annotation=annotation).first()
    assert admin_client.get(reverse(f"admin:annotator_{model}_changelist")).status_code == 200  # still listed
    change = reverse(f"admin:annotator_{model}_change", args=[row.pk])
    assert admin_client.post(change, {"annotation": annotation.pk, "start": "3", "end": "12"}).status_code == 403
    assert admin_client.get(reverse(f"admin:annotator_{model}_add")).status_code == 403
    delete = reverse(f"admin:annotator_{model}_delete", args=[row.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert state(annotation) == before


def test_an_annotation_can_still_be_deleted_whole(admin_client, annotation):
    response = admin_client.post(reverse("admin:annotator_annotation_delete", args=[annotation.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Annotation.objects.filter(pk=annotation.pk).exists() and not Span.objects.exists()


def test_a_document_or_project_is_still_deleted_with_its_annotations(admin_client, annotation, project):
    """Spans cannot be deleted alone, yet they go with what holds them (no "permission needed" refusal)."""
    response = admin_client.post(reverse("admin:annotator_document_delete", args=[annotation.document_id]),
                                 {"post": "yes"})
    assert response.status_code == 302 and not Document.objects.exists() and not Span.objects.exists()
    response = admin_client.post(reverse("admin:annotator_project_delete", args=[project.pk]), {"post": "yes"})
    assert response.status_code == 302 and not type(project).objects.exists()
