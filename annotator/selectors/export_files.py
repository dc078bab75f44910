"""Opening the file of a built export to download: the whole zip, or one split's part of it."""
import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from annotator.formats.base import SPLITS, UNSPLIT
from annotator.models import Export, JobStatus
from annotator.selectors.exports import export_is_built
from annotator.services.errors import Conflict, NotFound
from annotator.stored_files import stored_file_read

# The parts a download may ask for: one per split, or `all` for an export made without splits.
PARTS = (*SPLITS, UNSPLIT)


class PartNotFound(NotFound):
    """The export has no file for the asked part; `available` lists the parts it has."""

    def __init__(self, export: Export, part: str, available: list[str]):
        super().__init__(f"export {export.pk} has no part {part!r}; its parts are: {', '.join(available) or 'none'}")
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
    """The whole zip, streamed from where it is stored (an object store's file is never loaded whole)."""
    size = export.size or export.file.size
    return ExportFile(file=stored_file_read(export.file.name), filename=f"export-{export.pk}-{export.format}.zip",
                      size=size)


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
        raise PartNotFound(export, part, available)
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


def export_download_open(*, export: Export, part: str | None = None) -> ExportFile:
    """What `GET exports/{id}/download/[?part=]` streams: the whole zip, or one part of it.
    Conflict while the export is not built (or never will be), PartNotFound for a part it lacks."""
    if not export_is_built(export):
        state = export.status
        raise Conflict(f"export {export.pk} is {state}, not built yet: poll GET exports/{export.pk}/ until "
                       "its status is succeeded" if state not in (JobStatus.FAILED, JobStatus.CANCELLED) else
                       f"export {export.pk} is {state}; there is no file to download",
                       errors=[{"field": "status", "message": state}])
    return export_part_open(export=export, part=part) if part else export_file_open(export=export)
