"""Exports: validate options, create the Export and its job, build the zip on a worker.

A build streams the project's documents from the database in batches (selector
`export_record_batches`) straight into a format writer and a zip on disk, reporting progress
(done/total documents) and honouring cancellation between batches. The zip is written in an
attempt folder of its own (annotator/services/artifacts.py) and stored only when complete (moved into
MEDIA_ROOT, or sent to the object store: annotator/stored_files.py); then
the Export's file, sha256, size and manifest are stored in the transaction that finishes its job
(annotator/services/artifacts.py). The Export's status is its job's: a failed or cancelled build
leaves no file. A built export is never rebuilt: another attempt (a redelivered task, a second
worker) finds its job succeeded and does nothing.
"""
import gc
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import annotator
from annotator.formats.base import FormatOptionError
from annotator.formats.catalog import EXPORT_FORMATS, FORMATS, format_options_validate
from annotator.formats.pipeline import records_zip_write
from annotator.models import DocumentStatus, Export, Job, JobKind, JobStatus, Project
from annotator.selectors.exports import (POLICY_GOLD, POLICY_LATEST, POLICY_TEXT, export_document_count,
                                                export_project_info, export_record_batches)
from annotator.services.artifacts import artifact_attempt, artifact_attempt_alive, artifact_claim, artifact_install
from annotator.services.errors import InvalidInput
from annotator.services.jobs import JobFailed, job_check_cancelled, job_create, job_enqueue, job_progress, job_run

DEFAULT_SPLIT = {"train": 0.8, "dev": 0.1, "test": 0.1}
EXPORTS_FOLDER = "exports"


def export_options_validate(*, format: str, split: dict | None = None, seed: int | None = None,
                            only_gold: bool = True, status: list[str] | None = None,
                            options: dict | None = None) -> dict:
    """Normalised options, or InvalidInput naming the field. `options` are the format's writing
    options (doccano's `{"offsets": "utf16"}`, brat's `{"newlines": "keep"}`), checked by the
    format: one it does not take names `options.<name>`. Kept under "options" when given."""
    if format not in EXPORT_FORMATS:
        raise InvalidInput(f"unknown format {format!r}",
                           errors=[{"field": "format", "message": f"must be one of {', '.join(EXPORT_FORMATS)}"}])
    split = DEFAULT_SPLIT if split is None else split
    if not isinstance(split, dict) or set(split) - set(DEFAULT_SPLIT) or not split:
        raise InvalidInput("split must be an object with train, dev and test ratios",
                           errors=[{"field": "split", "message": "keys must be train, dev, test"}])
    ratios = {}
    for name in DEFAULT_SPLIT:
        value = split.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise InvalidInput(f"split.{name} must be a non-negative number",
                               errors=[{"field": f"split.{name}", "message": "must be a non-negative number"}])
        ratios[name] = float(value)
    if abs(sum(ratios.values()) - 1.0) > 1e-6:
        raise InvalidInput("split ratios must add up to 1",
                           errors=[{"field": "split", "message": f"ratios add up to {sum(ratios.values()):g}, not 1"}])
    if seed is None:
        seed = 0
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidInput("seed must be an integer", errors=[{"field": "seed", "message": "must be an integer"}])
    if not isinstance(only_gold, bool):
        raise InvalidInput("only_gold must be true or false",
                           errors=[{"field": "only_gold", "message": "must be a boolean"}])
    statuses = status or []
    if not isinstance(statuses, (list, tuple)):
        raise InvalidInput("status must be a list", errors=[{"field": "status", "message": "must be a list"}])
    bad = [s for s in statuses if s not in DocumentStatus.values]
    if bad:
        raise InvalidInput(f"unknown status {bad[0]!r}",
                           errors=[{"field": "status", "message": f"must be among {', '.join(DocumentStatus.values)}"}])
    try:
        format_options = format_options_validate(format=format, options=options, purpose="write")
    except FormatOptionError as error:
        raise InvalidInput(str(error), errors=[{"field": error.field, "message": error.message}]) from None
    normalised = {"split": ratios, "seed": seed, "only_gold": only_gold, "status": list(statuses)}
    if format_options:
        normalised["options"] = format_options
    return normalised


def export_create(*, project: Project, format: str, created_by=None, **options) -> Export:
    """Create an Export and the job that builds it, without sending the job to a worker
    (the `export` management command builds it in-process with `export_build`)."""
    normalised = export_options_validate(format=format, **options)
    with transaction.atomic():
        job = job_create(kind=JobKind.EXPORT, project=project, created_by=created_by,
                         params={"format": format, **normalised})
        return Export.objects.create(project=project, format=format, options=normalised, job=job,
                                     created_by=created_by)


def export_start(*, project: Project, format: str, created_by=None, **options) -> Export:
    """Create an Export and the job that builds it; answers at once (a worker builds the file)."""
    with transaction.atomic():
        export = export_create(project=project, format=format, created_by=created_by, **options)
        job_enqueue(job=export.job)
    return export


def export_build(*, job_id: int) -> None:
    """Run the export job in this process (the `export` command; a worker's task runs the same)."""
    job_run(job_id=job_id, work=export_run)


def export_run(job: Job) -> dict:
    """Build the export of this job (its work function; see the module docstring)."""
    export = Export.objects.select_related("project").get(job_id=job.pk)
    if artifact_claim(job_id=job.pk, what=f"export {export.pk}", advice="it cannot be built again, start a new export"):
        return _already_built(export)
    with artifact_attempt(folder=EXPORTS_FOLDER, key=str(export.pk)) as attempt:
        return _build(job=job, export=export, attempt=attempt)


def _build(*, job: Job, export: Export, attempt: Path) -> dict:
    project, options = export.project, export.options
    only_gold = options.get("only_gold", True)
    statuses = options.get("status") or []
    total = export_document_count(project=project, only_gold=only_gold, statuses=statuses)
    job_progress(job_id=job.pk, total=total, done=0)
    done = 0

    def records():
        nonlocal done
        for batch in export_record_batches(project=project, only_gold=only_gold, statuses=statuses,
                                           with_tokens=FORMATS[export.format].tokens != "none",
                                           raw_tokens=FORMATS[export.format].tokens == "raw",
                                           with_predictions=FORMATS[export.format].predictions):
            job_check_cancelled(job_id=job.pk)
            artifact_attempt_alive(attempt)
            yield from batch
            done += len(batch)
            job_progress(job_id=job.pk, done=done, total=max(total, done))

    manifest_extra = {
        "project": {"id": project.pk, "name": project.name},
        "export": export.pk,
        "created_at": export.created_at.isoformat(),
        "options": {**options, "annotation": POLICY_GOLD if only_gold else POLICY_LATEST,
                    "annotation_rule": POLICY_TEXT[POLICY_GOLD if only_gold else POLICY_LATEST]},
        "tool": "annotator",
        "tool_version": annotator.__version__,
    }
    started = time.monotonic()
    with cycle_collector_paused():
        result, manifest = records_zip_write(
            format_name=export.format, records=records(), project_info=export_project_info(project=project),
            zip_path=attempt / "export.zip", split_ratios=options.get("split") or DEFAULT_SPLIT,
            seed=options.get("seed") or 0, options=options.get("options"), manifest_extra=manifest_extra,
            compress_threads=settings.EXPORT_COMPRESS_THREADS,
        )
    job_check_cancelled(job_id=job.pk)
    name = f"{EXPORTS_FOLDER}/{project.pk}/export-{export.pk}-{export.format}-{attempt.name.rsplit('-', 1)[-1]}.zip"
    summary = {"export": export.pk, "documents": done, "size": result.size, "sha256": result.sha256,
               "files": len(result.files), "seconds": round(time.monotonic() - started, 3)}

    def store() -> None:
        Export.objects.filter(pk=export.pk).update(file=name, sha256=result.sha256, size=result.size,
                                                   manifest=manifest, finished_at=timezone.now())

    if not artifact_install(job_id=job.pk, source=Path(result.path), relative=name, store=store, result=summary,
                            done=done, total=done):
        # Another attempt built it first (or the job was ended meanwhile): keep theirs.
        export = Export.objects.select_related("job").get(pk=export.pk)
        if export.status == JobStatus.SUCCEEDED:
            return _already_built(export)
        raise JobFailed(f"export {export.pk} was {export.status} while it was being built")
    return summary


@contextmanager
def cycle_collector_paused():
    """Pause Python's cycle collector while records stream through the writer.

    A batch of records holds hundreds of thousands of small lists (tokens are [start, end]
    pairs), and every full collection walks all of them: with the collector on, reading took
    three times as long (bench export). Records hold no reference cycles, so reference counting
    frees each batch as soon as it is written.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _already_built(export: Export) -> dict:
    return {"export": export.pk, "already_built": True, "size": export.size, "sha256": export.sha256}
