"""Importing a file of documents as a job: parse and validate the whole file, then store in chunks.

Nothing of a rejected file is stored: every record is checked before the first insert. Chunks
are idempotent (duplicates by content hash are skipped), so a job re-run after a worker died
finishes without storing anything twice.
"""
import json
import os
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from annotator.models import Job, Project
from annotator.services.documents import LINE_KEY, documents_add, validate_document_records
from annotator.services.errors import InvalidInput, LimitExceeded
from annotator.services.jobs import job_check_cancelled, job_progress

IMPORT_AS = ("documents", "predictions", "gold")


def import_dir(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(job_id)


def import_file_save(*, job: Job, upload: UploadedFile) -> str:
    """Keep the uploaded file where any worker can read it; returns its path."""
    if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
        raise LimitExceeded(f"file {upload.name!r} is {upload.size} bytes, over the limit of "
                            f"{settings.MAX_UPLOAD_BYTES} (MAX_UPLOAD_BYTES)")
    folder = import_dir(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(upload.name or "upload").name
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return str(path)


def read_document_records(path: str, *, name: str | None = None) -> list[dict]:
    """Document records from a JSONL file, a plain .txt file, or a zip of .txt files."""
    name = name or os.path.basename(path)
    if zipfile.is_zipfile(path):
        return _read_text_zip(path, name)
    if name.lower().endswith(".txt"):
        return [{"text": _decode(Path(path).read_bytes(), name, 1), "title": Path(name).stem, LINE_KEY: 1}]
    return _read_jsonl(path, name)


def _decode(raw: bytes, name: str, line: int) -> str:
    try:
        return raw.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name} line {line}: not valid UTF-8 (byte {exc.start})",
                           errors=[{"file": name, "line": line, "field": "", "message": "not valid UTF-8"}]) from None


def _read_text_zip(path: str, name: str) -> list[dict]:
    records = []
    with zipfile.ZipFile(path) as archive:
        for index, info in enumerate(i for i in archive.infolist() if i.filename.lower().endswith(".txt")):
            text = _decode(archive.read(info), f"{name}:{info.filename}", 1)
            records.append({"text": text, "title": Path(info.filename).stem, LINE_KEY: index + 1})
    return records


def _read_jsonl(path: str, name: str) -> list[dict]:
    records = []
    limit = settings.MAX_DOCUMENTS_PER_FILE
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            line = _decode(raw, name, number).strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"{name} line {number}: not valid JSON ({exc.msg} at column {exc.colno})",
                                   errors=[{"file": name, "line": number, "field": "", "message": exc.msg}]) from None
            if not isinstance(record, dict):
                raise InvalidInput(f"{name} line {number}: expected a JSON object",
                                   errors=[{"file": name, "line": number, "field": "", "message": "not an object"}])
            record[LINE_KEY] = number
            records.append(record)
            if len(records) > limit:
                raise LimitExceeded(f"{name} has more than {limit} documents (MAX_DOCUMENTS_PER_FILE)")
    return records


def import_documents_run(job: Job) -> dict:
    """The work of an import job whose params are {path, filename, as}."""
    params = job.params
    project = Project.objects.get(pk=job.project_id)
    name = params.get("filename") or os.path.basename(params["path"])
    records = read_document_records(params["path"], name=name)
    # Keep only document fields; annotation-carrying imports are handled by the formats layer.
    records = [{k: v for k, v in r.items() if k in ("text", "title", "meta", "external_id", LINE_KEY)} for r in records]
    validate_document_records(records, source=name)
    job_progress(job_id=job.pk, total=len(records), done=0)
    created = duplicates = 0
    chunk = settings.IMPORT_CHUNK_SIZE
    for start in range(0, len(records), chunk):
        job_check_cancelled(job_id=job.pk)
        result = documents_add(project=project, records=records[start:start + chunk], source=name)
        created += result.created
        duplicates += result.duplicates
        job_progress(job_id=job.pk, done=min(start + chunk, len(records)))
    return {"created": created, "duplicates": duplicates, "file": name}


def import_start(*, project: Project, upload: UploadedFile, format: str = "auto", as_: str = "documents",
                 created_by=None) -> Job:
    """Keep the uploaded file and queue the job that imports it; answers at once."""
    from django.db import transaction

    from annotator.models import JobKind
    from annotator.services.jobs import job_create, job_enqueue
    from annotator.tasks import import_documents_task

    if as_ not in IMPORT_AS:
        raise InvalidInput(f"unknown value {as_!r} for 'as'", errors=[{"field": "as", "message": f"must be one of {IMPORT_AS}"}])
    with transaction.atomic():
        job = job_create(kind=JobKind.IMPORT, project=project, created_by=created_by,
                         params={"format": format, "as": as_, "filename": Path(upload.name or "upload").name})
        job.params["path"] = import_file_save(job=job, upload=upload)
        job.save(update_fields=["params"])
        job_enqueue(job=job, task=import_documents_task)
    return job
