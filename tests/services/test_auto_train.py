"""Auto-train: every N new gold documents start one train job (once per threshold crossing, after the
gold save commits); the job promotes its version only when it beats the default model's F1 on the
frozen test split, and records the outcome; the setting is part of the project's API."""
import pytest
from rest_framework.test import APIClient

from annotator.models import Document, Job, Project, TrainedModel
from annotator.services import jobs
from annotator.services.annotations import annotation_gold_save
from annotator.services.auto_train import auto_train_after_gold
from annotator.services.documents import documents_add
from annotator.services.jobs import job_cancel
from annotator.services.model_registry import model_promote
from annotator.services.training import training_build, training_start
from tests.training_data import add_gold_with_test_split

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sent(monkeypatch):
    """Tasks sent to workers (none runs here)."""
    calls = []
    monkeypatch.setattr(jobs, "task_send", lambda *, name, args: calls.append((name, args)))
    return calls


def gold(document, user):
    annotation_gold_save(document=document, user=user, spans=[], relations=[])


def train_jobs(project):
    return list(Job.objects.filter(project=project, kind="train").order_by("id"))


def test_every_n_new_gold_documents_start_one_training(project, users, sent, django_capture_on_commit_callbacks):
    Project.objects.filter(pk=project.pk).update(auto_train_every=2)
    documents = Document.objects.filter(pk__in=documents_add(
        project=project, records=[{"text": f"Text number {i}."} for i in range(6)]).ids).order_by("id")
    with django_capture_on_commit_callbacks(execute=True):
        gold(documents[0], users["bob"])
    assert train_jobs(project) == []
    with django_capture_on_commit_callbacks(execute=True):
        gold(documents[1], users["bob"])
    [first] = train_jobs(project)
    assert first.params["auto"] is True and len(sent) == 1
    with django_capture_on_commit_callbacks(execute=True):
        gold(documents[1], users["bob"])  # saved again: no new gold document, no new training
        gold(documents[2], users["bob"])  # 3 gold, 1 new since the last start
    assert train_jobs(project) == [first]
    assert auto_train_after_gold(project_id=project.pk) is None  # a second look at the same crossing
    # the 4th gold crosses again while the first training runs: given back, tried at the next gold
    with django_capture_on_commit_callbacks(execute=True):
        gold(documents[3], users["bob"])
    assert train_jobs(project) == [first] and Project.objects.get(pk=project.pk).auto_train_gold_mark == 2
    job_cancel(job=first)
    with django_capture_on_commit_callbacks(execute=True):
        gold(documents[4], users["bob"])
    assert len(train_jobs(project)) == 2 and Project.objects.get(pk=project.pk).auto_train_gold_mark == 5


def test_gold_imported_in_bulk_counts_too(project, users, sent, django_capture_on_commit_callbacks):
    from annotator.selectors.annotations import project_label_set
    from annotator.services.annotation_import import annotations_import

    Project.objects.filter(pk=project.pk).update(auto_train_every=3)
    ids = documents_add(project=project, records=[{"text": f"Imported {i}."} for i in range(4)]).ids
    with django_capture_on_commit_callbacks(execute=True):
        annotations_import(kind="gold", document_ids=ids, bodies=[{"spans": [], "relations": []}] * 4,
                           labels=project_label_set(project=project), author=users["carol"])
    [job] = train_jobs(project)
    assert job.params["auto"] is True and Project.objects.get(pk=project.pk).auto_train_gold_mark == 4


def test_nothing_happens_when_auto_train_is_off(project, users, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for pk in documents_add(project=project, records=[{"text": f"Text {i}."} for i in range(3)]).ids:
            gold(Document.objects.get(pk=pk), users["bob"])
    assert train_jobs(project) == [] and sent == []


def build(job):
    training_build(job_id=job.pk)
    return Job.objects.get(pk=job.pk), TrainedModel.objects.get(job_id=job.pk)


def test_an_auto_train_promotes_only_a_version_better_than_the_default(project, users):
    add_gold_with_test_split(project, reviewer=users["bob"], n=30, min_test=4, labels=("PERSON", "ORG"))
    _job, weak = build(training_start(project=project, base="blank", max_steps=1, enqueue=False))
    model_promote(project=project, model=weak.name)

    job, better = build(training_start(project=project, max_steps=4, enqueue=False, auto=True))
    outcome = job.result["auto_train"]
    assert job.status == "succeeded", job.errors
    assert outcome["default_model"] == weak.name and outcome["promoted"] is True
    assert outcome["trained_f1"] > outcome["default_f1"]
    assert outcome["trained_f1"] == better.metrics["test"]["trained"]["micro"]["f1"]
    assert better.metrics["auto_train"] == outcome
    assert Project.objects.get(pk=project.pk).default_model == better.name

    job, worse = build(training_start(project=project, base="blank", max_steps=1, enqueue=False, auto=True))
    outcome = job.result["auto_train"]
    assert outcome["default_model"] == better.name and outcome["promoted"] is False
    assert outcome["default_f1"] >= outcome["trained_f1"]
    assert Project.objects.get(pk=project.pk).default_model == better.name  # kept
    assert worse.status == "succeeded"  # the version stays in the registry, not promoted


def test_the_setting_is_in_the_project_api(project, users):
    client = APIClient()
    client.force_authenticate(users["carol"])
    url = f"/api/v1/projects/{project.pk}/"
    assert client.get(url).json()["auto_train_every"] == 0
    assert client.patch(url, {"auto_train_every": 25}, format="json").json()["auto_train_every"] == 25
    response = client.patch(url, {"auto_train_every": -1}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "auto_train_every"
    assert Project.objects.get(pk=project.pk).auto_train_every == 25
