"""Reads of jobs and exports, scoped to members of their project; opening built export files."""
import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models import QuerySet

from annotator.formats.base import SPLITS, UNSPLIT
from annotator.models import Export, Job, JobStatus
from annotator.selectors.projects import with_caller_role

# The parts a download may ask for: one per split, or `all` for an export made without splits.
PARTS = (*SPLITS, UNSPLIT)


def jobs_visible(*, user) -> QuerySet[Job]:
    """Jobs of the user's projects with `caller_role` (jobs without a project: staff only)."""
    return with_caller_role(Job.objects.all(), user=user, project_path="project")


def project_jobs(*, project) -> QuerySet[Job]:
    """A project's jobs, newest first (the dashboard polls this list for progress)."""
    return Job.objects.filter(project=project).order_by("-id")


def exports_visible(*, user) -> QuerySet[Export]:
    return with_caller_role(Export.objects.select_related("job"), user=user, project_path="project")


def project_exports(*, project) -> QuerySet[Export]:
    return Export.objects.filter(project=project).select_related("job").order_by("-id")


def export_is_built(export: Export) -> bool:
    return export.status == JobStatus.SUCCEEDED and bool(export.file)


class PartNotFound(LookupError):
    """The export has no file for the asked part; `available` lists the parts it has."""

    def __init__(self, part: str, available: list[str]):
        super().__init__(part)
        self.part, self.available = part, available


def _part_of(name: str) -> str | None:
    """train.jsonl -> train; train/doc1.ann -> train; manifest.json and configs -> None."""
    first = name.split("/", 1)[0]
    part = first if "/" in name else first.split(".", 1)[0]
    return part if part in PARTS else None


@dataclass
class ExportFile:
    """A readable file to stream, its download name and size in bytes."""

    file: BinaryIO
    filename: str
    size: int


class _Member:
    """One zip member, read front to back; closing it closes the archive and its file."""

    def __init__(self, archive: zipfile.ZipFile, handle, info: zipfile.ZipInfo):
        self._archive, self._handle = archive, handle
        self._member = archive.open(info)

    def read(self, size: int = -1) -> bytes:
        return self._member.read(size)

    def close(self) -> None:
        self._member.close()
        self._archive.close()
        self._handle.close()


def export_file_open(*, export: Export) -> ExportFile:
    handle = export.file.open("rb")
    return ExportFile(file=handle, filename=f"export-{export.pk}-{export.format}.zip", size=export.file.size)


def export_part_open(*, export: Export, part: str) -> ExportFile:
    """One part (split) of a built export, read out of its zip.

    A part stored as one member (train.jsonl, train.spacy) is streamed straight out of the zip;
    a part stored as a folder (brat's train/) comes as a zip of that folder.
    Raises PartNotFound listing the parts there are.
    """
    handle = export.file.open("rb")
    archive = zipfile.ZipFile(handle)
    members = [info for info in archive.infolist() if _part_of(info.filename) == part]
    if not members:
        available = sorted({p for p in (_part_of(n) for n in archive.namelist()) if p})
        archive.close()
        handle.close()
        raise PartNotFound(part, available)
    if len(members) == 1 and "/" not in members[0].filename:
        info = members[0]
        return ExportFile(file=_Member(archive, handle, info), filename=info.filename, size=info.file_size)
    bundle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info in members:
            with archive.open(info) as source, out.open(info.filename, "w") as target:
                shutil.copyfileobj(source, target, io.DEFAULT_BUFFER_SIZE * 16)
    archive.close()
    handle.close()
    size = bundle.tell()
    bundle.seek(0)
    return ExportFile(file=bundle, filename=f"export-{export.pk}-{part}.zip", size=size)
