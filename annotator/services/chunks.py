"""Chunks: one job shared by many workers, each chunk done exactly once whatever dies when.

A job's items are split into `JobChunk` rows when the job starts, and one task is sent per
chunk. A run of a chunk first claims it (a conditional update that sets a fresh token), then
stores items in order; each step commits the items together with `chunk.done` and the job's
`done`, in one transaction that only applies while the run still holds the claim. So:

- a chunk re-run after its worker died resumes after the last committed step: nothing is
  stored twice and nothing is counted twice;
- a run that lost its claim (its heartbeat went stale and another run took over) has its next
  step refused, and stops;
- a run that finished its chunk takes the job's next free chunk itself (for up to
  PRELABEL_TASK_SECONDS), so workers share a job chunk by chunk with no broker round trip
  between chunks, and a chunk's own message, arriving later, finds it done: a no-op;
- whoever finishes the last chunk finishes the job.

Chunks whose worker died, or whose message was lost, are found by `chunks_claim_resend` and
sent again by any worker (annotator/services/rescue.py).
"""
import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from annotator.models import Job, JobChunk, JobStatus


class ChunkLost(Exception):
    """This run no longer holds the chunk's claim (another run took it over, or it is finished)."""


def _cutoff(now=None):
    return (now or timezone.now()) - timedelta(seconds=settings.JOB_STALE_SECONDS)


def chunks_create(*, job: Job, item_lists: Sequence[Sequence[int]]) -> list[int]:
    """Create the chunks of a job (marked as sent: the caller sends their tasks after commit)."""
    now = timezone.now()
    chunks = JobChunk.objects.bulk_create([
        JobChunk(job=job, number=number, items=list(items), sent_at=now)
        for number, items in enumerate(item_lists)
    ])
    return [c.pk for c in chunks]


def chunk_claim(*, chunk_id: int) -> JobChunk | None:
    """Take the chunk for this run: None when it is finished, its job is not running, or another
    run holds it with a fresh heartbeat."""
    now = timezone.now()
    token = uuid.uuid4().hex
    taken = JobChunk.objects.filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_cutoff(now)),
        pk=chunk_id, finished_at__isnull=True, job__status=JobStatus.RUNNING,
    ).update(claim=token, heartbeat_at=now, attempts=F("attempts") + 1)
    if not taken:
        return None
    return JobChunk.objects.select_related("job").get(pk=chunk_id)


def chunk_claim_next(*, job_id: int) -> JobChunk | None:
    """Take the first chunk of the job that nobody holds (never taken, given back, or silent past
    JOB_STALE_SECONDS), so a run that finished its chunk goes on with the job's next one without
    waiting for the broker; None when there is none left to take."""
    for _attempt in range(5):
        now = timezone.now()
        candidate = (JobChunk.objects.filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_cutoff(now)),
                                             job_id=job_id, finished_at__isnull=True)
                     .order_by("number").values_list("pk", flat=True).first())
        if candidate is None:
            return None
        chunk = chunk_claim(chunk_id=candidate)
        if chunk is not None:
            return chunk
    return None  # others keep taking them first: they have the job in hand


def chunk_release(*, chunk: JobChunk) -> None:
    """Give the claim back (before a retry), so the next run may take it at once."""
    JobChunk.objects.filter(pk=chunk.pk, claim=chunk.claim).update(claim="", heartbeat_at=None)


def chunk_advance(*, chunk: JobChunk, count: int, result: dict) -> None:
    """Record `count` more items stored. Call inside the transaction that stored them: it raises
    ChunkLost (rolling the step back) when this run no longer holds the chunk."""
    now = timezone.now()
    moved = JobChunk.objects.filter(pk=chunk.pk, claim=chunk.claim, done=chunk.done,
                                    finished_at__isnull=True).update(done=chunk.done + count, result=result,
                                                                     heartbeat_at=now)
    if not moved:
        raise ChunkLost(f"chunk {chunk.pk} was taken over")
    if count:
        Job.objects.filter(pk=chunk.job_id).update(done=F("done") + count, heartbeat_at=now)
    chunk.done += count
    chunk.result = result


def chunk_heartbeat(*, chunk: JobChunk) -> None:
    now = timezone.now()
    if not JobChunk.objects.filter(pk=chunk.pk, claim=chunk.claim, finished_at__isnull=True).update(heartbeat_at=now):
        raise ChunkLost(f"chunk {chunk.pk} was taken over")
    Job.objects.filter(pk=chunk.job_id).update(heartbeat_at=now)


def chunk_finish(*, chunk: JobChunk) -> bool:
    """Mark the chunk finished; False when it already was (or this run lost it)."""
    return bool(JobChunk.objects.filter(pk=chunk.pk, claim=chunk.claim, finished_at__isnull=True)
                .update(finished_at=timezone.now()))


def job_chunks_pending(*, job_id: int) -> int:
    return JobChunk.objects.filter(job_id=job_id, finished_at__isnull=True).count()


def job_chunk_results(*, job_id: int) -> list[dict]:
    return list(JobChunk.objects.filter(job_id=job_id).values_list("result", flat=True))


def chunks_claim_resend(*, now=None) -> list[int]:
    """Unfinished chunks of running jobs that need their task sent again, claimed for this caller.

    A chunk is due when it was sent more than JOB_STALE_SECONDS ago and either its run went
    silent that long (the worker died mid-chunk), or no run ever took it while the whole job
    went silent that long (its message was lost: the filesystem broker deletes a message when
    it delivers it). Moving `sent_at` with a conditional update lets one worker re-send it, once
    per JOB_STALE_SECONDS.
    """
    now = now or timezone.now()
    cutoff = _cutoff(now)
    due = JobChunk.objects.filter(
        Q(sent_at__isnull=True) | Q(sent_at__lt=cutoff),
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, job__heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, job__heartbeat_at__isnull=True),
        finished_at__isnull=True, job__status=JobStatus.RUNNING, job__cancel_requested=False,
    ).values_list("pk", "sent_at")
    claimed = []
    for pk, sent_at in due:
        if JobChunk.objects.filter(pk=pk, sent_at=sent_at, finished_at__isnull=True).update(sent_at=now):
            claimed.append(pk)
    return claimed

