"""Pre-labeling documents with a spaCy pipeline, as a job shared by any number of workers.

A job runs in two steps, each a Celery task (`JOB_TASKS`, `CHUNK_TASKS` of annotator/services/jobs.py):

1. `prelabel_run` (the job's work) plans it with `prelabel_plan`, which picks the documents and
   splits them into chunks of PRELABEL_CHUNK_SIZE (annotator/services/chunks.py); it sends one
   task per chunk and starts on the first chunk itself, leaving the job running for the chunks.
2. `prelabel_chunk_run` (one task per chunk, on any worker) runs `nlp.pipe` over a batch of
   PRELABEL_BATCH_SIZE texts outside any transaction, then stores the batch in one transaction:
   this model's prediction of each document is replaced (never duplicated), spans are
   bulk-inserted, `new` documents become `prelabeled`, and the chunk's and job's progress
   move on. Then it takes the job's next free chunk, until PRELABEL_TASK_SECONDS have passed
   (annotator/services/chunks.py). The run that finishes the last chunk finishes the job.

A prediction is not human work: any document may get (or have replaced) a model's prediction, gold
included, so every model version can be scored on the same gold (an `evaluate` job is a pre-label job
over the gold documents, annotator/services/evaluate.py); people's annotations (`annotation`, `gold`)
are never touched, and a document's status only moves from `new` to `prelabeled`. A model is named
stably (a package name, or `project4_v3` for a version trained here, never a folder) and located when
loaded (annotator/services/model_registry.py). Model labels go through the project's label map
(annotator/nlp/labels.py); dropped ones are counted per label.
"""
import logging
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from annotator.models import (Annotation, AnnotationKind, Document, DocumentStatus, Job, JobChunk, JobKind,
                              JobStatus, Project, RelationType, VersionSource)
from annotator.nlp import (EntityRecord, LabelMapper, ModelNotAvailable, load_pipeline, model_version, pipeline_version,
                           predict_entities)
from annotator.rules import annotation_span_limit
from annotator.services.annotation_store import History, VersionHead, annotation_items_replace
from annotator.services.chunks import (ChunkLost, chunk_advance, chunk_claim, chunk_claim_next, chunk_finish,
                                       chunk_release, chunks_claim_resend, chunks_create, job_chunk_results,
                                       job_chunks_pending)
from annotator.services.errors import InvalidInput
from annotator.services.jobs import (CHUNK_TASKS, JobCancelled, JobFailed, job_check_cancelled, job_create,
                                     job_enqueue, job_fail_unexpected, job_finish, jobs_claim_stale, task_send)
from annotator.services.model_registry import model_location
from annotator.services.relation_suggester import relation_suggester

log = logging.getLogger(__name__)

# A chunk that keeps hitting transient database errors is retried this many times, then fails its job.
MAX_CHUNK_ATTEMPTS = 5
# A chunk started this many times without finishing fails its job: its worker keeps dying on it
# (out of memory on a huge document, for example), and re-sending it forever would not help.
MAX_CHUNK_CLAIMS = 10
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# Job kinds run by this module: an evaluate job is a pre-label job over the gold documents.
PRELABEL_KINDS = (JobKind.PRELABEL, JobKind.EVALUATE)


class ChunkRetry(Exception):
    """A transient error (database locked, connection lost): run the chunk again later."""


# --- starting ---------------------------------------------------------------------------

def prelabel_start(*, project: Project, document_ids: list[int] | None = None, model: str | None = None,
                   created_by=None, kind: str = JobKind.PRELABEL, scope: str | None = None) -> Job:
    """Create a pre-label job for the given documents (default: all without a current prediction).

    `model` (default: the project's default model) is a spaCy package or path, or a version trained on
    the project's gold (`v3`, `project4_v3`, stored as `project4_v3`); a version that is not trained is
    InvalidInput naming `model`. `scope="gold"` (with `kind` evaluate) takes every gold document.
    """
    from annotator.services.model_registry import model_resolve

    model = model_resolve(project=project, model=model)
    if document_ids is not None:
        found = set(project.documents.filter(pk__in=document_ids).values_list("pk", flat=True))
        missing = [d for d in document_ids if d not in found]
        if missing:
            raise InvalidInput(f"documents not in this project: {missing[:10]}",
                               errors=[{"field": "documents", "message": f"unknown document id {missing[0]}"}])
    with transaction.atomic():
        params = {"documents": document_ids, "model": model}
        if scope:
            params["scope"] = scope
        job = job_create(kind=kind, project=project, created_by=created_by, params=params)
        job_enqueue(job=job)
    return job


def prelabel_after_import(*, project: Project, document_ids: Sequence[int], created_by=None) -> Job | None:
    """Start pre-labeling imported documents when the project asks for it (`prelabel_on_import`).

    Only documents still `new` are taken, so an import re-run after a worker died does not
    pre-label again what a first run's job already did. None when there is nothing to do.
    """
    if not project.prelabel_on_import or not document_ids:
        return None
    wanted = set(document_ids)
    new = [pk for pk in project.documents.filter(status=DocumentStatus.NEW).values_list("pk", flat=True)
           if pk in wanted]
    if not new:
        return None
    return prelabel_start(project=project, document_ids=new, created_by=created_by)


# --- planning ---------------------------------------------------------------------------

def _targets(*, project: Project, model: str, version: str, document_ids: list[int] | None,
             scope: str | None = None) -> list[int]:
    """Ids to pre-label in id order: the given ones, every gold document (`scope="gold"`), or every
    document without a current prediction of this model version. Documents people annotated are
    included: their prediction is a model's, beside the people's work, which stays as it is.

    Project-wide queries rather than IN lists, so any number of documents works on SQLite.
    """
    ids = list(project.documents.order_by("pk").values_list("pk", flat=True))
    if scope == "gold":
        gold = set(Annotation.objects.filter(document__project=project, kind=AnnotationKind.GOLD)
                   .values_list("document_id", flat=True))
        ids = [pk for pk in ids if pk in gold]
    elif document_ids is not None:
        wanted = set(document_ids)
        ids = [pk for pk in ids if pk in wanted]
    else:
        current = set(Annotation.objects.filter(document__project=project, kind=AnnotationKind.PREDICTION,
                                                model=model, model_version=version)
                      .values_list("document_id", flat=True))
        ids = [pk for pk in ids if pk not in current]
    return ids


def prelabel_plan(job: Job) -> list[int]:
    """The work of a pre-label job's task: split the documents into chunks; returns the chunk ids
    whose tasks the caller sends. A redelivered task finds the chunks made and returns []."""
    if JobChunk.objects.filter(job=job).exists():
        return []
    project = Project.objects.get(pk=job.project_id)
    model = job.params.get("model") or project.spacy_model
    try:
        version = pipeline_version(model_location(project=project, model=model))
    except ModelNotAvailable as exc:
        raise JobFailed(str(exc)) from None
    targets = _targets(project=project, model=model, version=version, document_ids=job.params.get("documents"),
                       scope=job.params.get("scope"))
    size = settings.PRELABEL_CHUNK_SIZE
    summary = {"model": model, "model_version": version, "documents": len(targets), "skipped_annotated": 0}
    try:
        with transaction.atomic():
            chunk_ids = chunks_create(job=job, item_lists=[targets[i:i + size] for i in range(0, len(targets), size)])
            Job.objects.filter(pk=job.pk).update(total=len(targets), done=0, result=summary,
                                                 heartbeat_at=timezone.now())
    except IntegrityError:  # another delivery of this task planned it at the same moment
        return []
    if not chunk_ids:
        prelabel_finalize(job_id=job.pk)
    return chunk_ids


def prelabel_run(job: Job) -> list[int]:
    """The work of a pre-label job: plan it, send its chunks' tasks, and start on the first chunk in
    this worker at once instead of waiting for a message (that chunk's own message then finds it
    taken or done). Returns the chunk ids; the job stays running (run it with `finish_on_return=False`):
    the run that finishes its last chunk finishes it."""
    chunk_ids = prelabel_plan(job)
    prelabel_chunks_send(chunk_ids=chunk_ids)
    if chunk_ids:
        try:
            prelabel_chunk_run(chunk_id=chunk_ids[0])
        except ChunkRetry:
            pass  # the chunk's own message runs it again
    return chunk_ids


def prelabel_chunks_send(*, chunk_ids: Iterable[int]) -> None:
    for chunk_id in chunk_ids:
        task_send(name=CHUNK_TASKS[JobKind.PRELABEL], args=[chunk_id])


# --- one chunk --------------------------------------------------------------------------

def prelabel_chunk_run(*, chunk_id: int) -> None:
    """Pre-label one chunk, then the job's next free chunks until PRELABEL_TASK_SECONDS have passed.

    Idempotent: a finished chunk is a no-op (its run goes on with any free chunk of the job), an
    interrupted one resumes after its last stored batch. Raises ChunkRetry after a transient
    database error, with the claim given back.
    """
    deadline = time.monotonic() + settings.PRELABEL_TASK_SECONDS
    chunk = chunk_claim(chunk_id=chunk_id)
    if chunk is None:
        job_id = JobChunk.objects.filter(pk=chunk_id).values_list("job_id", flat=True).first()
        chunk = chunk_claim_next(job_id=job_id) if job_id else None
    while chunk is not None:
        if not _chunk_run_claimed(chunk) or time.monotonic() > deadline:
            return
        chunk = chunk_claim_next(job_id=chunk.job_id)


def _chunk_run_claimed(chunk: JobChunk) -> bool:
    """Do a claimed chunk; True when it was finished and the job may go on."""
    job_id = chunk.job_id
    if chunk.attempts > MAX_CHUNK_CLAIMS:
        job_finish(job_id=job_id, status=JobStatus.FAILED, errors=[{"message": (
            f"documents {chunk.items[chunk.done]} to {chunk.items[-1]} were started {chunk.attempts - 1} times "
            f"without finishing: their worker keeps stopping (out of memory?)")}])
        return False
    try:
        _chunk_work(chunk)
    except ChunkLost:
        log.info("chunk %s was taken over by another run", chunk.pk)
        return False
    except JobCancelled:
        prelabel_finalize(job_id=job_id)
        return False
    except JobFailed as exc:
        job_finish(job_id=job_id, status=JobStatus.FAILED, errors=[{"message": str(exc)}])
        return False
    except TRANSIENT_ERRORS as exc:
        if chunk.attempts < MAX_CHUNK_ATTEMPTS:
            log.warning("chunk %s: %s; retrying", chunk.pk, exc)
            chunk_release(chunk=chunk)
            raise ChunkRetry(str(exc)) from exc
        job_fail_unexpected(job_id=job_id, exc=exc)
        return False
    except Exception as exc:  # the job must end visibly, whatever went wrong
        job_fail_unexpected(job_id=job_id, exc=exc)
        return False
    if chunk_finish(chunk=chunk) and not job_chunks_pending(job_id=job_id):
        prelabel_finalize(job_id=job_id)
        return False
    return True


def _batched(items: Sequence[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def _chunk_work(chunk: JobChunk) -> None:
    job = chunk.job
    project = Project.objects.get(pk=job.project_id)
    model = job.result.get("model") or job.params.get("model") or project.spacy_model
    location = model_location(project=project, model=model)
    try:
        nlp = load_pipeline(location, purpose="ner")
    except ModelNotAvailable as exc:
        raise JobFailed(str(exc)) from None
    version = model_version(nlp)
    type_ids = dict(project.entity_types.values_list("name", "pk"))
    mapper = LabelMapper(label_map=project.label_map, project_labels=type_ids)
    suggester = relation_suggester(project=project, location=location)
    for batch in _batched(chunk.items[chunk.done:], settings.PRELABEL_BATCH_SIZE):
        job_check_cancelled(job_id=job.pk)
        texts = dict(Document.objects.filter(pk__in=batch, project_id=project.pk).values_list("pk", "text"))
        todo = [pk for pk in batch if pk in texts]
        # Inference, outside any transaction.
        predictions = dict(zip(todo, predict_entities(nlp, [texts[pk] for pk in todo], batch_size=max(1, len(todo)),
                                                      allow_overlap=project.allow_overlap,
                                                      with_scores=settings.PRELABEL_SCORES)))
        spans, dropped = _map_spans(predictions, mapper=mapper, type_ids=type_ids)
        relations = {pk: suggester(texts[pk], spans[pk]) for pk in spans}
        stored = _store_batch(chunk=chunk, batch=batch, spans=spans, relations=relations, model=model, version=version,
                              dropped=dropped)
        log.debug("chunk %s: stored %s predictions", chunk.pk, stored)


def _map_spans(predictions: dict[int, list[EntityRecord]], *, mapper: LabelMapper,
               type_ids: dict[str, int]) -> tuple[dict[int, list[tuple]], Counter]:
    """Project spans (start, end, entity type id, score) per document, and drops per model label."""
    dropped: Counter = Counter()
    limit = annotation_span_limit()
    result = {}
    for pk, records in predictions.items():
        spans: dict[tuple, float | None] = {}
        for record in records:
            label = mapper.target(record.label)
            if label is None:
                dropped[record.label] += 1
                continue
            key = (record.start, record.end, type_ids[label])
            if key not in spans or (record.score or 0) > (spans[key] or 0):  # two model labels, one project label
                spans[key] = record.score
        if len(spans) > limit:
            dropped["(over MAX_SPANS_PER_ANNOTATION)"] += len(spans) - limit
        result[pk] = [(*key, score) for key, score in list(spans.items())[:limit]]
    return result, dropped


def _store_batch(*, chunk: JobChunk, batch: list[int], spans: dict[int, list[tuple]],
                 relations: dict[int, list[tuple]], model: str, version: str, dropped: Counter) -> int:
    """Replace this model's predictions of the batch's documents and move progress, in one transaction.

    Retried on IntegrityError: on PostgreSQL another job of the same model may insert the same
    document's prediction concurrently; the second attempt then replaces it.
    """
    for attempt in range(3):
        try:
            with transaction.atomic():
                stored = _replace_predictions(spans=spans, relations=relations, model=model, version=version)
                result = _add_counts(chunk.result, predicted=len(stored), skipped=len(batch) - len(stored),
                                     spans=sum(len(spans[pk]) for pk in stored), dropped=dropped)
                chunk_advance(chunk=chunk, count=len(batch), result=result)
            return len(stored)
        except IntegrityError:
            if attempt == 2:
                raise
    return 0


def _replace_predictions(*, spans: dict[int, list[tuple]], model: str, version: str,
                         relations: dict[int, list[tuple]] | None = None) -> list[int]:
    """Store one prediction per document (updated in place when one exists). Runs in a transaction.

    Only the model's own prediction is written: people's annotations of the same documents are not
    read or changed. Returns the ids of the documents stored (those still there). A fixed number of queries whatever the number of documents or spans.
    Each prediction written adds its version to the history (source `prelabel`), the one it
    replaces being kept there.
    """
    document_ids = sorted(Document.objects.filter(pk__in=list(spans)).values_list("pk", flat=True))
    if not document_ids:
        return []
    now = timezone.now()
    # Locked while read: the version numbers written to the history follow the ones read here.
    found = list(Annotation.objects.select_for_update().filter(
        document_id__in=document_ids, kind=AnnotationKind.PREDICTION, model=model).values_list(
        "document_id", "pk", "version"))
    existing = {document_id: pk for document_id, pk, _number in found}
    old = list(existing.values())
    if old:
        Annotation.objects.filter(pk__in=old).update(model_version=version, version=F("version") + 1, updated_at=now)
    created = Annotation.objects.bulk_create([
        Annotation(document_id=pk, kind=AnnotationKind.PREDICTION, model=model, model_version=version)
        for pk in document_ids if pk not in existing
    ])
    annotation_of = {**existing, **{a.document_id: a.pk for a in created}}
    heads = {pk: VersionHead(document_id=document_id, kind=AnnotationKind.PREDICTION, version=number + 1,
                             model=model, model_version=version) for document_id, pk, number in found}
    heads.update((a.pk, VersionHead(document_id=a.document_id, kind=AnnotationKind.PREDICTION, version=1,
                                    model=model, model_version=version)) for a in created)
    # The project and its entity type names (a version keeps labels by name), in one query.
    types = list(Document.objects.filter(pk=document_ids[0]).values_list(
        "project_id", "project__entity_types__pk", "project__entity_types__name"))
    # Plain rows, no Span per row: a model prints over a hundred entities per news article. Suggested
    # relations refer to their spans by position in the document's list (the span keys).
    relations = relations or {}
    suggested = [(annotation_of[pk], head, child, label_id, score) for pk in document_ids
                 for head, child, label_id, score in relations.get(pk, ())]
    annotation_items_replace(cleared=old, spans=[(annotation_of[pk], start, end, label_id, score)
                                                 for pk in document_ids for start, end, label_id, score in spans[pk]],
                             span_keys=[index for pk in document_ids for index in range(len(spans[pk]))]
                             if suggested else None, relations=suggested,
                             history=History(project_id=types[0][0], source=VersionSource.PRELABEL, heads=heads,
                                             created_at=now),
                             entity_names={pk: name for _project, pk, name in types if pk is not None},
                             relation_names=dict(RelationType.objects.filter(project_id=types[0][0])
                                                 .values_list("pk", "name")) if suggested else {})
    Document.objects.filter(pk__in=document_ids, status=DocumentStatus.NEW).update(
        status=DocumentStatus.PRELABELED, updated_at=now)
    return document_ids


def _add_counts(result: dict, *, predicted: int, skipped: int, spans: int, dropped: Counter) -> dict:
    merged = dict(Counter(result.get("dropped", {})) + dropped)
    return {"predicted": result.get("predicted", 0) + predicted,
            "skipped_annotated": result.get("skipped_annotated", 0) + skipped,
            "spans": result.get("spans", 0) + spans,
            "dropped": dict(sorted(merged.items()))}


# --- finishing and recovery -------------------------------------------------------------

def prelabel_summary(*, job_id: int) -> dict:
    """The job's result: what planning found plus the counts of every chunk."""
    job = Job.objects.only("result").get(pk=job_id)
    total: dict = {}
    results = job_chunk_results(job_id=job_id)
    for result in results:
        total = _add_counts(total, predicted=result.get("predicted", 0), skipped=result.get("skipped_annotated", 0),
                            spans=result.get("spans", 0), dropped=Counter(result.get("dropped", {})))
    plan = {k: job.result[k] for k in ("model", "model_version", "documents") if k in job.result}
    return {**plan, "predicted": total.get("predicted", 0),
            "skipped_annotated": job.result.get("skipped_annotated", 0) + total.get("skipped_annotated", 0),
            "spans": total.get("spans", 0), "dropped": total.get("dropped", {}), "chunks": len(results)}


def prelabel_finalize(*, job_id: int) -> None:
    """Finish the job (succeeded, or cancelled when asked) with its summary; idempotent."""
    cancelled = Job.objects.filter(pk=job_id, cancel_requested=True).exists()
    job_finish(job_id=job_id, status=JobStatus.CANCELLED if cancelled else JobStatus.SUCCEEDED,
               result=prelabel_summary(job_id=job_id))


def prelabel_rescue(*, now=None) -> tuple[list[int], list[int]]:
    """Find pre-label work whose worker died: (job ids whose task to send again, chunk ids whose task
    to send again). Jobs left running with nothing more to do (all chunks finished, or cancelled
    while their worker died) are finished here. Any worker may call this at any time."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    hanging = Job.objects.filter(kind__in=PRELABEL_KINDS, status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    for job in hanging.only("id", "cancel_requested"):
        if job.cancel_requested or (JobChunk.objects.filter(job_id=job.pk).exists()
                                    and not job_chunks_pending(job_id=job.pk)):
            prelabel_finalize(job_id=job.pk)
    chunk_ids = chunks_claim_resend(now=now)
    job_ids = [job.pk for job in jobs_claim_stale(kinds=PRELABEL_KINDS, queued=True, now=now,
                                                  without_chunks=True)]
    return job_ids, chunk_ids
