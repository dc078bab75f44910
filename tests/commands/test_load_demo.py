"""The demo project (`manage.py load_demo`): its label set, users, and loading twice."""
import pytest

from annotator.models import Document, Membership, Project


@pytest.mark.django_db
def test_demo_loads_idempotently():
    from annotator.services.demo import demo_load

    project, created = demo_load()
    assert created >= 20
    assert set(project.entity_types.values_list("name", flat=True)) >= {"PERSON", "ORG", "GPE", "LOC", "NORP", "DATE",
                                                                         "CARDINAL", "QUANTITY"}
    works_for = project.relation_types.get(name="works_for")
    assert list(works_for.head_types.values_list("name", flat=True)) == ["PERSON"]
    again, created_again = demo_load()
    assert again.pk == project.pk and created_again == 0
    assert Project.objects.count() == 1
    assert Document.objects.filter(project=project).count() == created
    assert Membership.objects.filter(project=project, user__username="alice", role="annotator").exists()
