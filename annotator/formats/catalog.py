"""The one registry of formats, and auto-detection of an uploaded file's format."""
from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
from typing import BinaryIO

from annotator.formats import brat, conll, csv_docs, doccano, hf, jsonl, labelstudio, prodigy, spacy_docbin, text_docs
from annotator.formats.base import Format, FormatError, options_check

FORMATS: dict[str, Format] = {
    module.FORMAT.name: module.FORMAT
    for module in (jsonl, spacy_docbin, conll, brat, doccano, prodigy, labelstudio, hf, csv_docs, text_docs)
}
# The formats an export can be made in, in the order the UI and the API list them.
EXPORT_FORMATS: tuple[str, ...] = tuple(name for name, fmt in FORMATS.items() if fmt.can_write)
ZIP_MAGIC = b"PK\x03\x04"
HEAD_SIZE = 64 * 1024
FIRST_LINE_LIMIT = 16 * 1024 * 1024
# What may come before a file's content: a UTF-8 byte order mark, blank lines, indentation.
LEADING_BLANK = b"\xef\xbb\xbf \t\r\n"
# Keys seen in a first line that is cut off before it ends; the lookbehind skips keys that
# appear escaped inside a string value (a text quoting JSON).
DOCCANO_KEYS = re.compile(rb'(?<!\\)"(?:entities|start_offset)"\s*:')
LABELSTUDIO_KEYS = re.compile(rb'(?<!\\)"(?:data|annotations|predictions|annotator|annotation_id)"\s*:')
ARRAY_REFUSED = ("a JSON array; expected one JSON object per line (a Label Studio export imports with format "
                 "labelstudio)")
PRODIGY_KEYS = re.compile(rb'(?<!\\)"(?:answer|_input_hash|_task_hash|token_start)"\s*:')


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None


def format_options_validate(*, format: str, options: dict | None, purpose: str) -> dict:
    """The `options` of an import ("read") or export ("write") in `format`, checked by that format (a
    copy; FormatOptionError naming `options.<name>` otherwise). For "auto" (an import whose format is
    detected later) a name must be an option of some readable format; the detected format checks
    them again when the job reads the file."""
    if format != "auto":
        return get_format(format).options_validate(options, purpose=purpose)
    offered = [option for fmt in FORMATS.values() if fmt.can_read for option in fmt.options]
    return options_check(options, purpose=purpose, offered=offered, subject="any format")


def format_options_described() -> str:
    """Every format's options in words, for the API's docs and the commands' --help."""
    uses = {"read": "import only", "write": "export only", "both": "import and export"}
    return "; ".join(f"{name} `{option.name}` ({' or '.join(option.choices)}, default {option.default}, "
                     f"{uses[option.applies]}): {option.help.rstrip('.')}"
                     for name, fmt in FORMATS.items() for option in fmt.options)


def detect_format(filename: str, head: bytes | BinaryIO) -> str:
    """The name of the format of an upload, from its extension and content.

    `head` is the file's first bytes, or better the (seekable) file itself: then zips are
    listed fully and the first JSON line is read whole; the position is restored.
    Raises FormatError naming the file when nothing fits.
    """
    if not isinstance(head, (bytes, bytearray)):
        fileobj = head
        position = fileobj.tell()
        data = fileobj.read(HEAD_SIZE)
        try:
            if data.startswith(ZIP_MAGIC):
                fileobj.seek(position)
                with zipfile.ZipFile(fileobj) as archive:
                    return _detect_archive(archive, filename)
            fileobj.seek(position)
            first_line = first_filled_line(fileobj)
        finally:
            fileobj.seek(position)
        return _detect_single(filename, data, first_line)
    if head.startswith(ZIP_MAGIC):
        try:  # the whole zip was passed as bytes
            with zipfile.ZipFile(io.BytesIO(head)) as archive:
                return _detect_archive(archive, filename)
        except zipfile.BadZipFile:
            raise FormatError(filename, None, None, "a zip needs the whole file to detect its format; "
                              "pass the file object") from None
    return _detect_single(filename, bytes(head), bytes(head).lstrip(LEADING_BLANK).split(b"\n", 1)[0])


def first_filled_line(stream: BinaryIO) -> bytes:
    """The first line that holds more than blanks: a JSON Lines reader skips blank lines, so
    detection does too (reading no more of them than the import will)."""
    line = stream.readline(FIRST_LINE_LIMIT)
    while line and not line.strip(LEADING_BLANK):
        line = stream.readline(FIRST_LINE_LIMIT)
    return line


def _detect_single(filename: str, head: bytes, first_line: bytes) -> str:
    extension = posixpath.splitext(filename.lower())[1]
    stripped = head.lstrip(LEADING_BLANK)
    if extension == ".spacy":
        return "spacy"
    if extension in (".conll", ".iob", ".bio") or stripped.startswith(conll.DOCSTART.encode()):
        return "conll"
    if extension in (".csv", ".tsv"):
        return "csv"
    if extension == ".ann":
        return "brat"
    if stripped.startswith(b"["):
        return sniff_json_array(filename, stripped, line=head[:len(head) - len(stripped)].count(b"\n") + 1)
    if extension in (".jsonl", ".ndjson", ".json") or stripped.startswith(b"{"):
        if extension == ".json" and LABELSTUDIO_KEYS.search(head) and not first_line.rstrip().endswith(b"}"):
            return "labelstudio"  # one task spread over several lines (a pretty-printed export)
        return sniff_json_line(first_line)
    if extension == ".txt":
        return "text"
    raise FormatError(filename, None, None, f"cannot tell the format from the name or content; "
                      f"choose one of {', '.join(FORMATS)}")


def sniff_json_array(filename: str, head: bytes, *, line: int = 1) -> str:
    """A file that is one JSON array: Label Studio's export (JSON or JSON-MIN) when its first task
    looks like one; else refused, since JSON Lines wants one object per line (the error names `line`,
    where the array opens)."""
    if LABELSTUDIO_KEYS.search(head):
        return "labelstudio"
    raise FormatError(filename, line, None, ARRAY_REFUSED)


def sniff_json_line(line: bytes) -> str:
    """native jsonl vs doccano vs prodigy, by the keys of the first line."""
    line = line.lstrip(b"\xef\xbb\xbf")
    try:
        value = json.loads(line)
    except ValueError:  # cut off: look for the keys in what we have
        if DOCCANO_KEYS.search(line):
            return "doccano"
        return "prodigy" if PRODIGY_KEYS.search(line) else "jsonl"
    if not isinstance(value, dict):
        return "jsonl"
    label = value.get("label")
    if "entities" in value or (isinstance(label, list) and label and isinstance(label[0], list)):
        return "doccano"
    tokens = value.get("tokens")
    spans = value.get("spans") if isinstance(value.get("spans"), list) else []
    if (
        {"answer", "_input_hash", "_task_hash"} & value.keys()
        or (isinstance(tokens, list) and tokens and isinstance(tokens[0], dict))
        or any(isinstance(span, dict) and "token_start" in span for span in spans)
    ):
        return "prodigy"
    return "jsonl"


def _detect_archive(archive: zipfile.ZipFile, filename: str) -> str:
    names = [n for n in archive.namelist() if not n.endswith("/") and "__MACOSX/" not in n]
    if "manifest.json" in names:  # one of our exports says what it is
        try:
            declared = json.loads(archive.read("manifest.json")).get("format")
        except (ValueError, AttributeError):
            declared = None
        if declared in FORMATS:
            return declared
    extensions = {posixpath.splitext(n.lower())[1] for n in names}
    if ".ann" in extensions:
        return "brat"
    if ".spacy" in extensions:
        return "spacy"
    if extensions & {".conll", ".iob", ".bio"}:
        return "conll"
    for name in sorted(names):
        if name.lower().endswith(".json"):
            with archive.open(name) as member:
                head = member.read(HEAD_SIZE).lstrip(LEADING_BLANK)
            if head.startswith((b"[", b"{")) and LABELSTUDIO_KEYS.search(head):
                return "labelstudio"
        if name.lower().endswith((".jsonl", ".ndjson")):
            with archive.open(name) as member:
                return sniff_json_line(first_filled_line(member))
    if extensions & {".csv", ".tsv"}:
        return "csv"
    if ".txt" in extensions:
        return "text"
    raise FormatError(filename, None, None, "the zip holds no file of a known format "
                      "(.jsonl, .spacy, .conll, .ann with .txt, .csv, .txt)")
