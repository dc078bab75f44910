"""Where an import's file is kept between the request that sends it and the worker that reads it:
under a stored name (annotator/stored_files.py: MEDIA_ROOT or the object store), never a path on the
web machine, so any worker on any machine can read it."""
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

from django.utils.text import get_valid_filename

from annotator.models import Job
from annotator.services.errors import LimitExceeded
from annotator.stored_files import stored_file_save


def import_upload_name(*, job_id: int, filename: str | None) -> str:
    """The stored name of a job's upload (annotator/stored_files.py: MEDIA_ROOT or the object store)."""
    try:
        base = get_valid_filename(Path(filename or "upload").name)
    except SuspiciousFileOperation:  # "..", or nothing left of it
        base = "upload"
    return f"imports/{job_id}/{base}"


def import_file_save(*, job: Job, upload: UploadedFile) -> str:
    """Keep the uploaded file where any worker can read it (MEDIA_ROOT or the object store); returns
    its stored name."""
    if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
        raise LimitExceeded(f"file {upload.name!r} is {upload.size} bytes, over the limit of "
                            f"{settings.MAX_UPLOAD_BYTES} (MAX_UPLOAD_BYTES)",
                            errors=[{"field": "file", "message": f"larger than {settings.MAX_UPLOAD_BYTES} bytes"}])
    return stored_file_save(name=import_upload_name(job_id=job.pk, filename=upload.name), content=upload)


def import_path_save(*, job: Job, source: Path) -> str:
    """Keep a file of this machine (the `import_documents --wait` command) where workers read uploads."""
    with open(source, "rb") as handle:
        return stored_file_save(name=import_upload_name(job_id=job.pk, filename=source.name), content=File(handle))
