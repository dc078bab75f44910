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


@pytest.mark.django_db
def test_the_first_load_pre_labels_the_demo_and_later_loads_do_nothing_new(eager, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from annotator.models import Annotation, AnnotationKind, Job, JobKind, JobStatus

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    project = Project.objects.get()
    job = Job.objects.get(project=project, kind=JobKind.PRELABEL)
    assert job.status == JobStatus.SUCCEEDED
    documents = Document.objects.filter(project=project)
    predicted = Annotation.objects.filter(document__project=project, kind=AnnotationKind.PREDICTION)
    assert predicted.count() == documents.count() and predicted.filter(spans__isnull=False).exists()
    assert not documents.filter(status="new").exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    assert Job.objects.filter(project=project).count() == 1
    assert predicted.count() == documents.count()
