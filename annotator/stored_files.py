"""The files jobs leave and read (uploads, exports, trained models) through Django's default storage:
MEDIA_ROOT on this machine, or an S3-compatible object store (annotator/storage_settings.py).

Nothing here assumes that another process sees this machine's disk. A file is put under a name of
the caller's choosing (never renamed: the name is stored on a row); a process that needs one on disk
gets a copy of its own (`stored_file_local`, `stored_folder_local`) in LOCAL_CACHE_DIR, unless the
storage is the local folder, where the file is used where it is. Writes stream: a local file goes
to the store in parts (boto3's multipart upload, OBJECT_STORAGE_PART_MB each), so memory stays flat
whatever the file's size.
"""
import mimetypes
import os
import secrets
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage, storages

ARCHIVE_SUFFIX = ".tar.gz"
# The marker a fetched folder carries: the archive it was unpacked from (a re-trained name refetches).
FETCHED_MARKER = ".fetched-from"


def storage_is_local() -> bool:
    """Whether files live in MEDIA_ROOT on this machine (the default) rather than in an object store."""
    return isinstance(storages["default"], FileSystemStorage)


def work_root() -> Path:
    """Where a job builds what it then stores: next to MEDIA_ROOT when that is the storage (so
    storing is a rename), else this machine's LOCAL_CACHE_DIR."""
    return Path(settings.MEDIA_ROOT) if storage_is_local() else Path(settings.LOCAL_CACHE_DIR) / "building"


class _LocalFile(File):
    """A file on this disk: the local storage moves it into place instead of copying it."""

    def __init__(self, handle: BinaryIO, path: Path):
        super().__init__(handle, name=path.name)
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)


def stored_file_put(*, name: str, source: Path) -> None:
    """Store the local file `source` under exactly `name` (it is gone from `source` afterwards on
    local storage, copied in parts to an object store). What an earlier attempt left there is replaced."""
    default_storage.delete(name)
    if not storage_is_local():
        # From the file by its path: boto3 reads each part from disk as it sends it (a file object would be
        # read ahead into memory, up to max_in_memory_upload_chunks parts).
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        _object(name).upload_file(str(source), ExtraArgs={"ContentType": content_type},
                                  Config=storages["default"].transfer_config)
        return
    with open(source, "rb") as handle:
        saved = default_storage.save(name, _LocalFile(handle, source))
    if saved != name:  # a storage that renamed it: the row would point at nothing
        default_storage.delete(saved)
        raise RuntimeError(f"the storage kept {name} as {saved}")


def stored_file_save(*, name: str, content: File) -> str:
    """Store an upload (any readable file) under `name`; returns the name it got."""
    return default_storage.save(name, content)


def stored_file_delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def stored_file_read(name: str) -> BinaryIO:
    """A stored file opened for reading front to back, without loading it whole: the object's own
    stream on an object store (for a download), the file itself on local storage."""
    if storage_is_local():
        return default_storage.open(name, "rb")
    return _object(name).get()["Body"]


@contextmanager
def stored_file_local(name: str) -> Iterator[Path]:
    """A path on this disk holding the stored file, for as long as the block runs."""
    if storage_is_local():
        yield Path(default_storage.path(name))
        return
    folder = Path(settings.LOCAL_CACHE_DIR) / "fetching"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        path = Path(scratch) / (Path(name).name or "file")
        _download(name, path)
        yield path


def _object(name: str):
    """The boto3 object a stored name is kept as (under OBJECT_STORAGE_PREFIX)."""
    storage = storages["default"]
    return storage.bucket.Object(storage._normalize_name(name))


def _download(name: str, path: Path) -> None:
    _object(name).download_file(str(path), Config=storages["default"].transfer_config)


def stored_folder_put(*, name: str, source: Path) -> str:
    """Store the local folder `source` under `name`: moved to MEDIA_ROOT/`name` on local storage, one
    archive `name`.tar.gz on an object store (written to a temporary file first, then sent in parts).
    Returns the name of what was stored."""
    if storage_is_local():
        target = Path(settings.MEDIA_ROOT) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(source, target)  # one file system: atomic, a reader never sees half of it
        return name
    scratch = Path(settings.LOCAL_CACHE_DIR) / "packing"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        archive = Path(folder) / ("folder" + ARCHIVE_SUFFIX)
        with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
            tar.add(source, arcname=".")
        stored_file_put(name=name + ARCHIVE_SUFFIX, source=archive)
    return name + ARCHIVE_SUFFIX


def stored_folder_delete(name: str, *, key: str | None = None) -> None:
    """Remove a folder stored by `stored_folder_put` and this machine's copy of it (`key` as fetched)."""
    if not name:
        return
    if storage_is_local():
        shutil.rmtree(Path(settings.MEDIA_ROOT) / name, ignore_errors=True)
        return
    default_storage.delete(name + ARCHIVE_SUFFIX)
    if key:
        shutil.rmtree(_cache_folder(key), ignore_errors=True)


def stored_folder_local(name: str, *, key: str) -> Path:
    """A folder on this disk holding the folder stored under `name`: MEDIA_ROOT/`name` on local
    storage, else this machine's copy in LOCAL_CACHE_DIR/folders/`key`/, fetched and unpacked on
    first use (into a scratch folder, then renamed into place, so a concurrent reader never sees half)."""
    if storage_is_local():
        return Path(settings.MEDIA_ROOT) / name
    target = _cache_folder(key)
    archive = name + ARCHIVE_SUFFIX
    marker = target / FETCHED_MARKER
    if marker.is_file() and marker.read_text() == archive:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.parent / f".{key}-{secrets.token_hex(4)}"
    scratch.mkdir()
    try:
        _download(archive, scratch / "archive.tar.gz")
        unpacked = scratch / "folder"
        with tarfile.open(scratch / "archive.tar.gz", "r:gz") as tar:
            tar.extractall(unpacked, filter="data")  # refuses members outside the folder, links, devices
        (unpacked / FETCHED_MARKER).write_text(archive)
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(unpacked, target)
        except OSError:  # another process put the same copy in place first
            if not (target / FETCHED_MARKER).is_file():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def _cache_folder(key: str) -> Path:
    if not key or "/" in key or key.startswith("."):
        raise ValueError(f"not a cache key: {key!r}")
    return Path(settings.LOCAL_CACHE_DIR) / "folders" / key
