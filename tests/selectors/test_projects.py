"""Project selectors: a project named on the command line, and the projects of some documents."""
import pytest

from annotator.models import Document
from annotator.selectors.projects import ProjectNotFound, project_by_ref, project_for_member, projects_of_documents
from annotator.services.documents import documents_add
from annotator.services.projects import project_create

pytestmark = pytest.mark.django_db


class TestProjectByRef:
    def test_by_id(self, project):
        assert project_by_ref(ref=str(project.pk)) == project

    def test_by_exact_name(self, project):
        assert project_by_ref(ref="News") == project
        with pytest.raises(ProjectNotFound):
            project_by_ref(ref="news")

    def test_digits_are_an_id_not_a_name(self, project):
        project_create(name=str(project.pk), entity_types=["PERSON"])
        assert project_by_ref(ref=str(project.pk)) == project

    def test_missing_says_which(self, project):
        with pytest.raises(ProjectNotFound, match="^no project 'Nope'$"):
            project_by_ref(ref="Nope")
        with pytest.raises(ProjectNotFound, match=f"^no project '{project.pk + 100}'$"):
            project_by_ref(ref=str(project.pk + 100))


def test_projects_of_documents(project, django_assert_num_queries):
    other = project_create(name="Other", entity_types=["PERSON"])
    mine = documents_add(project=project, records=[{"text": "one"}, {"text": "two"}]).ids
    theirs = documents_add(project=other, records=[{"text": "three"}]).ids
    with django_assert_num_queries(2):
        found = projects_of_documents(documents=Document.objects.all())
    assert sorted((p.pk, ids) for p, ids in found) == sorted([(project.pk, sorted(mine)), (other.pk, theirs)])
    assert projects_of_documents(documents=Document.objects.none()) == []


def test_project_for_member_carries_the_caller_role(project, users, make_user):
    assert project_for_member(user=users["bob"], project_id=project.pk).caller_role == "reviewer"
    assert project_for_member(user=users["mallory"], project_id=project.pk) is None
    assert project_for_member(user=users["bob"], project_id=project.pk + 100) is None
    assert project_for_member(user=make_user("root", is_staff=True), project_id=project.pk).caller_role == "manager"
