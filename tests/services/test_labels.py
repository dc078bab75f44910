"""Editing a label set one type at a time: clashes refused, renames relabel, deleting a label in use refused."""
import pytest

from annotator.models import Annotation, AnnotationKind, Document, EntityType, Membership, Relation, Span
from annotator.services.errors import Conflict, InvalidInput
from annotator.services.labels import (entity_type_create, entity_type_delete, entity_type_update,
                                       relation_type_create, relation_type_delete, relation_type_update)
from annotator.services.projects import member_remove, member_set


def span_of(project, label_name):
    text = "Zoë 😀 met 東京 Ports\r\nAuthority."
    document = Document.objects.create(project=project, text=text, content_hash="x")
    annotation = Annotation.objects.create(document=document, kind=AnnotationKind.GOLD)
    return Span.objects.create(annotation=annotation, start=6, end=8, label=project.entity_types.get(name=label_name))


@pytest.mark.django_db
def test_hotkey_and_name_clashes_are_refused(project):
    with pytest.raises(InvalidInput) as clash:
        entity_type_create(project=project, name="DATE", hotkey="p")
    assert clash.value.errors == [{"field": "hotkey", "message": "'p' already belongs to 'PERSON'"}]
    with pytest.raises(InvalidInput) as name:
        entity_type_update(entity_type=project.entity_types.get(name="ORG"), name="GPE")
    assert name.value.errors[0]["field"] == "name"
    with pytest.raises(InvalidInput) as color:
        entity_type_create(project=project, name="DATE", color="red;background:url(x)")
    assert color.value.errors[0]["field"] == "color"
    assert entity_type_create(project=project, name="DATE", hotkey="d").hotkey == "d"


@pytest.mark.django_db
def test_renaming_a_label_in_use_relabels_its_spans_and_the_label_map(project):
    project.label_map = {"PER": "PERSON"}
    project.save(update_fields=["label_map"])
    span = span_of(project, "PERSON")
    entity_type_update(entity_type=project.entity_types.get(name="PERSON"), name="PER", hotkey="x")
    span.refresh_from_db()
    project.refresh_from_db()
    assert (span.label.name, span.label.hotkey, span.start, span.end) == ("PER", "x", 6, 8)
    assert project.label_map == {"PER": "PER"}


@pytest.mark.django_db
def test_deleting_a_label_in_use_is_refused_with_the_count(project):
    span_of(project, "ORG")
    with pytest.raises(Conflict) as refused:
        entity_type_delete(entity_type=project.entity_types.get(name="ORG"))
    assert "1 span in 1 document" in refused.value.message
    assert Span.objects.count() == 1
    entity_type_delete(entity_type=project.entity_types.get(name="GPE"))
    assert not EntityType.objects.filter(project=project, name="GPE").exists()


@pytest.mark.django_db
def test_relation_types_change_ends_and_refuse_deletion_in_use(project):
    head = span_of(project, "PERSON")
    works_for = project.relation_types.get(name="works_for")
    relation_type_update(relation_type=works_for, head_types=["PERSON", "GPE"], child_types=[], symmetric=True)
    works_for.refresh_from_db()
    assert sorted(t.name for t in works_for.head_types.all()) == ["GPE", "PERSON"]
    assert list(works_for.child_types.all()) == [] and works_for.symmetric
    child = Span.objects.create(annotation=head.annotation, start=11, end=13, label=head.label)
    Relation.objects.create(annotation=head.annotation, head=head, child=child, label=works_for)
    with pytest.raises(Conflict) as refused:
        relation_type_delete(relation_type=works_for)
    assert "1 relation" in refused.value.message
    with pytest.raises(InvalidInput) as unknown:
        relation_type_create(project=project, name="born_in", head_types=["NOPE"])
    assert unknown.value.errors[0]["field"] == "head_types"


@pytest.mark.django_db
def test_the_last_manager_cannot_leave_or_step_down(project, users):
    with pytest.raises(Conflict):
        member_remove(project=project, username="carol")
    with pytest.raises(Conflict):
        member_set(project=project, username="carol", role="annotator")
    member_set(project=project, username="bob", role="manager")
    member_remove(project=project, username="carol")
    assert not Membership.objects.filter(user=users["carol"]).exists()
