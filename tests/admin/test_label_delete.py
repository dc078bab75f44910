"""A label in use cannot be deleted: deleting it would drop every span (gold included) that carries
it, with no version kept. An unused label can be deleted, and deleting the project removes all."""
import pytest
from django.db.models import RestrictedError
from django.urls import reverse

from annotator.models import Document, EntityType, Project, RelationType, Span
from annotator.services.annotations import annotation_gold_save
from annotator.services.documents import documents_add

pytestmark = pytest.mark.django_db

TEXT = "Maria Okafor works for Reuters."


@pytest.fixture
def gold(project, users):
    document = Document.objects.get(pk=documents_add(project=project, records=[{"text": TEXT}]).ids[0])
    return annotation_gold_save(document=document, user=users["bob"], relations=[
        {"head": 1, "child": 2, "label": "works_for"}], spans=[
        {"id": 1, "start": 0, "end": 12, "label": "PERSON"}, {"id": 2, "start": 23, "end": 30, "label": "ORG"}])


def test_a_label_in_use_cannot_be_deleted_and_its_spans_stay(gold, project):
    person = project.entity_types.get(name="PERSON")
    with pytest.raises(RestrictedError):
        person.delete()
    with pytest.raises(RestrictedError):
        project.relation_types.get(name="works_for").delete()
    assert Span.objects.filter(annotation=gold, label=person).count() == 1


def test_the_project_page_refuses_deleting_a_label_in_use(admin_client, gold, project):
    url = reverse("admin:annotator_project_change", args=[project.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and not isinstance(value, dict)}
    data.update(name=project.name, label_map="{}", spacy_model=project.spacy_model)
    page = admin_client.get(url).context
    for formset in page["inline_admin_formsets"]:
        management = formset.formset.management_form
        for field in management.fields:
            data[f"{formset.formset.prefix}-{field}"] = management.initial.get(field, management[field].value())
        for index, inline_form in enumerate(formset.formset.forms):
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                if hasattr(value, "pk"):
                    value = value.pk
                if isinstance(value, (list, tuple)) or hasattr(value, "__iter__") and not isinstance(value, str):
                    value = [getattr(item, "pk", item) for item in value]
                if value is not None:
                    data[f"{formset.formset.prefix}-{index}-{name}"] = value
    person = project.entity_types.get(name="PERSON")
    prefix = next(f.formset.prefix for f in page["inline_admin_formsets"] if f.formset.model is EntityType)
    index = next(i for i, f in enumerate(
        next(f.formset for f in page["inline_admin_formsets"] if f.formset.model is EntityType).forms)
        if f.instance.pk == person.pk)
    data[f"{prefix}-{index}-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the reason: nothing was deleted
    assert "protected" in response.content.decode().lower()
    assert EntityType.objects.filter(pk=person.pk).exists()
    assert Span.objects.filter(annotation=gold, label=person).count() == 1


def test_an_unused_label_can_be_deleted(project):
    project.entity_types.get(name="GPE").delete()
    assert not project.entity_types.filter(name="GPE").exists()


def test_deleting_the_project_removes_labels_and_spans(gold, project):
    project_id = project.pk
    Project.objects.get(pk=project_id).delete()
    assert not Span.objects.exists() and not RelationType.objects.filter(project_id=project_id).exists()
