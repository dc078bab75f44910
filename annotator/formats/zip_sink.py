"""Sinks writers stream into: a zip with a manifest (the export download), or a plain folder.

ZipSink spools each opened path to its own temporary file on disk, because writers keep
train/dev/test open at once and a zip can only be written one member at a time. What a writer
writes is cut into chunks (its CRC and sha256 are taken as it comes) that the sink's threads
deflate side by side while the writer goes on producing the next records: zlib lets go of the
interpreter lock, so an export uses the other cores for compressing instead of compressing
everything at the end. Deflated chunks are appended to their file's spool in the order they were
written, and finish() copies the spools into the zip as they are.

Nothing is held in memory: buffers are bounded (CHUNK per open file, `threads` + QUEUE_DEPTH
chunks in flight) whatever the size of the export. Each chunk is deflated by a compressor of its
own, primed with the file's previous HISTORY bytes (so it may refer back to them, as the inflater
has them in its window: pigz's trick) and ended with a full flush (byte-aligned); the chunks of
a file and a final empty block make one valid deflate stream. A chunk depends only on its own
bytes and the HISTORY bytes before it, so the deflated bytes are the same whichever thread
deflates it and however many there are; the zip is as small as one compressor per file would
make it.

Compression level: measured on a jsonl export of 2,000 news documents (22 MB), level 2 takes
0.15 s for 6.7 MB (in 32 KB chunks), level 6 (zlib's default) 0.6-1.0 s for 5.5 MB; level 1
is as fast as 2 but larger. Members compressed already (spaCy DocBins) are stored as they are.
Deflating is the larger part of an export's work (~100 MB/s a core at level 2, ~10 KB a news
document with its tokens), hence several threads (`threads`, settings.EXPORT_COMPRESS_THREADS).
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
import tempfile
import time
import zipfile
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, NamedTuple

CHUNK = 32 * 1024  # bounded buffers: the peak memory of an export must not depend on its size
QUEUE_DEPTH = 1  # chunks waiting for a compressing thread beyond one a thread
HISTORY = 8 * 1024  # bytes of a file's previous chunk the next one may refer back to
COMPRESS_LEVEL = 2
STORED_SUFFIXES = (".spacy",)  # zlib-compressed by their writer
MANIFEST_NAME = "manifest.json"


class ZipResult(NamedTuple):
    path: Path
    sha256: str
    size: int
    files: dict[str, str]  # path in the zip -> sha256 of its content


def safe_member_path(path: str) -> str:
    """Reject absolute paths and `..`, so no export can write outside its folder."""
    clean = posixpath.normpath(path.replace("\\", "/"))
    if clean.startswith(("/", "../")) or clean in ("", ".", "..") or clean == MANIFEST_NAME:
        raise ValueError(f"invalid path in export: {path!r}")
    return clean


def file_sha256(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def part_members(files: dict[str, str] | list[str], part: str) -> list[str]:
    """The zip members of one split (`?part=train`): `train.jsonl`, `train.spacy` or the folder
    `train/` (brat). Shared files such as brat's annotation.conf go with every part."""
    shared = {"annotation.conf", "visual.conf"}
    return sorted(path for path in files
                  if path.split("/", 1)[0] == part or path.split(".", 1)[0] == part or path in shared)


class _Deflaters:
    """The sink's compressing threads. Chunks are deflated side by side and written to their files'
    spools in the order they were given (on the writer's thread, which waits for the oldest when
    `threads` + QUEUE_DEPTH are in flight)."""

    def __init__(self, threads: int) -> None:
        self.threads = max(1, int(threads))
        self._pool: ThreadPoolExecutor | None = None
        # (member, its deflated chunk to come; None: the member's end) in the order given.
        self._waiting: deque[tuple[_Member, Future | None]] = deque()

    def submit(self, member: _Member, data: bytes, history: bytes) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="export-deflate")
        self._waiting.append((member, self._pool.submit(_deflate_chunk, data, history)))
        self._write_ready(limit=self.threads + QUEUE_DEPTH)

    def end(self, member: _Member) -> None:
        """Finish the member's file once every chunk given before is written."""
        self._waiting.append((member, None))
        self._write_ready(limit=self.threads + QUEUE_DEPTH)

    def _write_ready(self, *, limit: int) -> None:
        waiting = self._waiting
        while waiting and (len(waiting) > limit or waiting[0][1] is None or waiting[0][1].done()):
            member, future = waiting.popleft()
            if future is None:
                member._finish()
            else:
                member._spool(future.result())  # raises what deflating raised

    def wait(self) -> None:
        """Until every chunk given so far is written; raises what deflating raised."""
        self._write_ready(limit=0)

    def shutdown(self) -> None:
        """Stop (an export that failed): chunks not started are dropped, running ones awaited."""
        self._waiting.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _deflate_chunk(data: bytes, history: bytes) -> bytes:  # on a sink's thread
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY,
                                  history) if history else _compressor()
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


class _Member:
    """A file of the export being written: a writer's binary stream whose bytes are counted and
    hashed as they come, deflated (raw deflate, as a zip holds them) on the sink's threads, and
    spooled."""

    def __init__(self, spooled: str, deflaters: _Deflaters, *, compress: bool):
        self.spooled = spooled
        self.compress = compress
        self._deflaters = deflaters
        self._file = open(spooled, "wb")
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._sha = hashlib.sha256()
        self._history = b""  # the last HISTORY bytes given to deflate: the next chunk's preset dictionary
        self.crc = self.size = self.compressed_size = 0
        self.sha256 = ""
        self.closed = False

    def write(self, data) -> int:
        if self.closed:
            raise ValueError("write to a closed export file")
        data = bytes(data)
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= CHUNK:
            self._send()
        return len(data)

    def _send(self) -> None:
        # Each call into zlib or hashlib is on a whole chunk (every call lets go of the interpreter
        # lock, and getting it back means waiting for the other threads).
        data = b"".join(self._pending)
        self._pending, self._pending_size = [], 0
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self._sha.update(data)
        if self.compress:
            history, self._history = self._history, data[-HISTORY:]
            self._deflaters.submit(self, data, history)
        else:
            self._spool(data)

    def _spool(self, data: bytes) -> None:
        self.compressed_size += len(data)
        self._file.write(data)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._pending:
            self._send()
        self.sha256 = self._sha.hexdigest()
        self._deflaters.end(self)

    def _finish(self) -> None:  # every chunk of the file is spooled
        if self.compress:
            self._spool(END_OF_STREAM)
        self._file.close()

    def __enter__(self) -> "_Member":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _compressor():
    return zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)


# The final (empty) block that ends a deflate stream: the same bytes for every file, made once (a
# compressor's state is ~260 KB; one made here while the threads deflate would add to the peak).
END_OF_STREAM = _compressor().flush(zlib.Z_FINISH)


def _add_compressed(archive: zipfile.ZipFile, name: str, member: _Member, *, deflated: bool) -> None:
    """Add a member whose data is compressed already (its CRC and sizes known), copying the spool.

    zipfile has no public call for this; these are the steps ZipFile.open(name, "w") takes around
    its own compressor (Python 3.11-3.13)."""
    info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if deflated else zipfile.ZIP_STORED
    info.external_attr = 0o600 << 16
    info.file_size, info.compress_size, info.CRC = member.size, member.compressed_size, member.crc
    zip64 = max(member.size, member.compressed_size) > zipfile.ZIP64_LIMIT
    archive.fp.seek(archive.start_dir)
    info.header_offset = archive.fp.tell()
    archive._writecheck(info)
    archive._didModify = True
    archive.fp.write(info.FileHeader(zip64))
    with open(member.spooled, "rb") as source:
        shutil.copyfileobj(source, archive.fp, CHUNK)
    archive.start_dir = archive.fp.tell()
    archive.filelist.append(info)
    archive.NameToInfo[name] = info


class ZipSink:
    """Use as a context manager: the spool folder is removed on exit, and a half-written zip is
    removed when the block raises (a failed export leaves nothing behind)."""

    def __init__(self, zip_path: str | os.PathLike, *, threads: int = 1):
        self.zip_path = Path(zip_path)
        self.zip_path.parent.mkdir(parents=True, exist_ok=True)
        # Spool next to the target so the disk that will hold the zip is the one that fills up.
        self._spool = Path(tempfile.mkdtemp(prefix=".spool-", dir=self.zip_path.parent))
        self._deflaters = _Deflaters(threads)
        self._opened: dict[str, _Member] = {}
        self._handles: list[_Member] = []
        self.manifest: dict | None = None

    def open(self, path: str) -> BinaryIO:
        member = safe_member_path(path)
        if member in self._opened:
            raise ValueError(f"{member!r} was already written to this export")
        spooled = os.path.join(self._spool, f"{len(self._opened):08d}")
        handle = _Member(spooled, self._deflaters, compress=not member.endswith(STORED_SUFFIXES))
        self._opened[member] = handle
        # Forget handles writers already closed (brat opens two files per document).
        self._handles = [h for h in self._handles if not h.closed] + [handle]
        return handle

    def finish(self, manifest_extra: dict) -> ZipResult:
        """Write the zip: manifest.json first (so tools can read it without scanning the whole
        archive), then every file in path order. Returns path, sha256, size and file hashes."""
        for handle in self._handles:
            handle.close()
        self._handles.clear()
        self._deflaters.wait()
        members = dict(sorted(self._opened.items()))
        files = {name: member.sha256 for name, member in members.items()}
        self.manifest = {**manifest_extra, "files": files}
        partial = self.zip_path.with_name(self.zip_path.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
            archive.writestr(MANIFEST_NAME, json.dumps(self.manifest, indent=2, ensure_ascii=False, default=str))
            for name, member in members.items():
                _add_compressed(archive, name, member, deflated=member.compress)
        os.replace(partial, self.zip_path)  # a reader never sees a half-written zip
        return ZipResult(self.zip_path, file_sha256(self.zip_path), self.zip_path.stat().st_size, files)

    def cleanup(self) -> None:
        for handle in self._handles:
            handle.closed = True
        self._deflaters.shutdown()
        for member in self._opened.values():
            member._file.close()
        shutil.rmtree(self._spool, ignore_errors=True)
        Path(str(self.zip_path) + ".partial").unlink(missing_ok=True)

    def __enter__(self) -> "ZipSink":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.cleanup()
        if exc_type is not None:
            self.zip_path.unlink(missing_ok=True)


class DirectorySink:
    """Writes files straight into a folder (a management command exporting to disk, tests that
    hand files to `spacy train`)."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.paths: list[str] = []

    def open(self, path: str) -> BinaryIO:
        member = safe_member_path(path)
        target = self.root / member
        target.parent.mkdir(parents=True, exist_ok=True)
        self.paths.append(member)
        return open(target, "wb")
