"""Moving to an object store: copy what a deployment kept in MEDIA_ROOT (built exports, trained
versions' folders) into the store the settings name, under the names their rows already hold, so
that downloads and pre-labeling keep working once files are no longer on a shared folder.

Idempotent: what the store already holds is left alone, so it can run again after an interruption.
Uploads of imports are not copied: let queued imports finish before switching (an import job reads
its file once). Files are copied, never removed from MEDIA_ROOT.
"""
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage

from annotator.models import Export, TrainedModel
from annotator.services.errors import InvalidInput
from annotator.stored_files import ARCHIVE_SUFFIX, storage_is_local, stored_file_put, stored_folder_put


@dataclass
class StorageCopy:
    copied: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def media_copy_to_store(*, media_root: Path) -> StorageCopy:
    """Copy every built export's zip and every trained version's folder (as one archive) from
    `media_root` to the object store; InvalidInput when no object store is configured."""
    if storage_is_local():
        raise InvalidInput("no object store is configured: set OBJECT_STORAGE_BUCKET and its credentials first",
                           errors=[{"field": "OBJECT_STORAGE_BUCKET", "message": "not set"}])
    outcome = StorageCopy()
    for name in Export.objects.exclude(file="").order_by("pk").values_list("file", flat=True):
        _copy(outcome, name=name, stored=name, source=media_root / name, folder=False)
    for path in TrainedModel.objects.exclude(path="").order_by("pk").values_list("path", flat=True):
        _copy(outcome, name=path, stored=path + ARCHIVE_SUFFIX, source=media_root / path, folder=True)
    return outcome


def _copy(outcome: StorageCopy, *, name: str, stored: str, source: Path, folder: bool) -> None:
    if default_storage.exists(stored):
        outcome.present.append(stored)
    elif not (source.is_dir() if folder else source.is_file()):
        outcome.missing.append(str(source))
    else:
        if folder:
            stored_folder_put(name=name, source=source)
        else:
            stored_file_put(name=name, source=source)  # an object store copies; the file stays
        outcome.copied.append(stored)
