"""Sinks writers stream into: a zip with a manifest (the export download), or a plain folder.

ZipSink spools each opened path to its own temporary file on disk, because writers keep
train/dev/test open at once and a zip can only be written one member at a time. Nothing is
held in memory: finish() hashes and copies the spooled files into the zip in chunks.
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO, NamedTuple

CHUNK = 64 * 1024  # bounded buffers: the peak memory of an export must not depend on its size
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


class ZipSink:
    """Use as a context manager: the spool folder is removed on exit, and a half-written zip is
    removed when the block raises (a failed export leaves nothing behind)."""

    def __init__(self, zip_path: str | os.PathLike):
        self.zip_path = Path(zip_path)
        self.zip_path.parent.mkdir(parents=True, exist_ok=True)
        # Spool next to the target so the disk that will hold the zip is the one that fills up.
        self._spool = Path(tempfile.mkdtemp(prefix=".spool-", dir=self.zip_path.parent))
        self._opened: dict[str, str] = {}  # member path -> spool file (str: brat writes thousands)
        self._handles: list[BinaryIO] = []
        self.manifest: dict | None = None

    def open(self, path: str) -> BinaryIO:
        member = safe_member_path(path)
        if member in self._opened:
            raise ValueError(f"{member!r} was already written to this export")
        spooled = os.path.join(self._spool, f"{len(self._opened):08d}")
        self._opened[member] = spooled
        handle = open(spooled, "wb")
        # Forget handles writers already closed (brat opens two files per document).
        self._handles = [h for h in self._handles if not h.closed] + [handle]
        return handle

    def finish(self, manifest_extra: dict) -> ZipResult:
        """Write the zip: manifest.json first (so tools can read it without scanning the whole
        archive), then every file in path order. Returns path, sha256, size and file hashes."""
        for handle in self._handles:
            handle.close()
        self._handles.clear()
        files = {member: file_sha256(spooled) for member, spooled in sorted(self._opened.items())}
        self.manifest = {**manifest_extra, "files": files}
        partial = self.zip_path.with_name(self.zip_path.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            archive.writestr(MANIFEST_NAME, json.dumps(self.manifest, indent=2, ensure_ascii=False, default=str))
            for member in files:
                archive.write(self._opened[member], arcname=member)
        os.replace(partial, self.zip_path)  # a reader never sees a half-written zip
        return ZipResult(self.zip_path, file_sha256(self.zip_path), self.zip_path.stat().st_size, files)

    def cleanup(self) -> None:
        for handle in self._handles:
            handle.close()
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
