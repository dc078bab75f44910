"""The plain record every reader yields and every writer takes, and its validation.

A record is a dict: id, external_id, title, text, meta, split, tokens [[start, end]], spans
[{id, start, end, label, text, score?}], relations [{head, child, label}] (span ids),
annotators, reviewer, reviewed_at. Offsets are code points of `text` (Python str indices),
end exclusive. Readers validate once here so every format reports errors the same way.
"""
from __future__ import annotations

import json
from typing import BinaryIO, Iterator

from annotator.formats.base import SPLITS, FormatError
from annotator.formats.json_text import ENCODER

RECORD_DEFAULTS = {
    "id": None, "external_id": "", "title": "", "text": "", "meta": {}, "split": None,
    "tokens": [], "spans": [], "relations": [], "annotators": [], "reviewer": None, "reviewed_at": None,
}


def new_record(text: str, **fields) -> dict:
    """A record with every key present, so services never need `.get` with defaults."""
    record = {key: value.copy() if isinstance(value, (list, dict)) else value for key, value in RECORD_DEFAULTS.items()}
    record.update(fields, text=text)
    return record


def is_int(value) -> bool:
    # bool is an int subclass; `"start": true` is a mistake, not offset 1.
    return isinstance(value, int) and not isinstance(value, bool)


def validate_record(record: dict, *, file: str, line: int | None, unit: str = "line") -> dict:
    """Check a record read from a file; raise FormatError on the first problem, naming the field.

    Checks: text is a string; every span has int offsets with 0 <= start < end <= len(text)
    (code points), a non-empty string label, a unique id, and (when given) a `text` equal to the
    document text at its offsets, which catches offsets counted in bytes or UTF-16 by another
    tool; every relation refers to existing span ids; tokens lie inside the text.
    """

    def fail(field: str, message: str):
        raise FormatError(file, line, field, message, unit=unit)

    text = record.get("text")
    if not isinstance(text, str):
        fail("text", "missing" if text is None else f"must be a string, got {type(text).__name__}")
    for key in ("title", "external_id"):
        if not isinstance(record.get(key) or "", str):
            fail(key, f"must be a string, got {type(record[key]).__name__}")
    if not isinstance(record.get("meta") or {}, dict):
        fail("meta", "must be an object")
    if record.get("split") not in (None, *SPLITS):
        fail("split", f"must be one of {', '.join(SPLITS)} or null, got {record['split']!r}")
    _validate_tokens(record.get("tokens") or [], len(text), fail)
    span_ids = _validate_spans(record.get("spans") or [], text, fail)
    _validate_relations(record.get("relations") or [], span_ids, fail)
    return record


def _validate_offsets(start, end, length: int, field: str, fail) -> None:
    if not is_int(start):
        fail(f"{field}.start", f"must be an integer, got {start!r}")
    if not is_int(end):
        fail(f"{field}.end", f"must be an integer, got {end!r}")
    if start < 0:
        fail(f"{field}.start", f"start {start} is negative")
    if end > length:
        fail(f"{field}.end", f"end {end} is past the end of the text ({length} characters)")
    if start >= end:
        fail(f"{field}.end", f"end {end} must be greater than start {start}")


def _validate_tokens(tokens, length: int, fail) -> None:
    if not isinstance(tokens, list):
        fail("tokens", "must be a list of [start, end] pairs")
    for index, token in enumerate(tokens):
        if not isinstance(token, (list, tuple)) or len(token) != 2:
            fail(f"tokens[{index}]", f"must be a [start, end] pair, got {token!r}")
        _validate_offsets(token[0], token[1], length, f"tokens[{index}]", fail)


def _validate_spans(spans, text: str, fail) -> set:
    if not isinstance(spans, list):
        fail("spans", "must be a list")
    seen = set()
    length = len(text)
    for index, span in enumerate(spans):
        field = f"spans[{index}]"
        if not isinstance(span, dict):
            fail(field, "must be an object")
        start, end = span.get("start"), span.get("end")
        if not (type(start) is int and type(end) is int and 0 <= start < end <= length):  # the common case
            _validate_offsets(start, end, length, field, fail)
        label = span.get("label")
        if not isinstance(label, str) or not label.strip():
            fail(f"{field}.label", f"must be a non-empty string, got {label!r}")
        if span.get("id") is None:
            fail(f"{field}.id", "missing")
        if span["id"] in seen:
            fail(f"{field}.id", f"id {span['id']!r} is used by another span")
        seen.add(span["id"])
        given = span.get("text")
        actual = text[span["start"]:span["end"]]
        if given is not None and given != actual:
            fail(f"{field}.text", f"{given!r} does not match the document text at "
                 f"{span['start']}-{span['end']} ({actual!r}); offsets must count code points")
        score = span.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
            fail(f"{field}.score", f"must be a number, got {score!r}")
    return seen


def _validate_relations(relations, span_ids: set, fail) -> None:
    if not isinstance(relations, list):
        fail("relations", "must be a list")
    for index, relation in enumerate(relations):
        field = f"relations[{index}]"
        if not isinstance(relation, dict):
            fail(field, "must be an object")
        for end in ("head", "child"):
            if relation.get(end) not in span_ids:
                fail(f"{field}.{end}", f"refers to span {relation.get(end)!r}, which is not in this document")
        label = relation.get("label")
        if not isinstance(label, str) or not label.strip():
            fail(f"{field}.label", f"must be a non-empty string, got {label!r}")


def iter_json_lines(fileobj: BinaryIO, filename: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line of a JSON Lines file, streamed.

    Lines are split on b"\\n" only: JSON may carry U+2028 or a lone CR inside strings, which
    str.splitlines() would wrongly treat as line ends. A UTF-8 BOM on the first line is skipped.
    """
    first = None
    for number, raw in enumerate(fileobj, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        first = number if first is None else first
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FormatError(filename, number, None, f"not valid UTF-8 (byte {error.start})") from None
        if line.lstrip().startswith("[") and number == first:
            raise FormatError(filename, number, None, "a JSON array; expected one JSON object per line "
                              "(a Label Studio export imports with format labelstudio)")
        try:
            # Without its line end: a line cut short is then reported at its own last column, not at
            # column 1 of a next line that is not there.
            value = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as error:
            raise FormatError(filename, number, None, f"not valid JSON: {error.msg} at column {error.colno}") from None
        if not isinstance(value, dict):
            raise FormatError(filename, number, None, f"expected a JSON object, got {type(value).__name__}")
        yield number, value


def meta_text(meta: dict | None) -> str:
    """A document's meta as the JSON-lines exports write it: JSON text, so every line has the same
    schema whatever its keys (Hugging Face `datasets` loads all splits at once)."""
    return ENCODER.encode(meta) if meta else "{}"


def meta_read(value, *, file: str, line: int | None, field: str = "meta") -> dict:
    """`meta` as a file gives it: an object, JSON text of one (our exports), or nothing."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise FormatError(file, line, field, f"JSON text that is not valid JSON: {error.msg} at column "
                              f"{error.colno}") from None
        if not isinstance(value, dict):
            raise FormatError(file, line, field, f"JSON text of a {type(value).__name__}; must hold an object")
    return value


class RawJson(str):
    """JSON text a writer copies as it is instead of encoding the value again: a record's `tokens`
    as the database stores them (`[[0, 5], [6, 11]]`), so an export neither decodes nor re-encodes
    them. Only writers that write the value unchanged accept it (the jsonl writer)."""

    __slots__ = ()


def dump_json_line(value: dict) -> bytes:
    # ensure_ascii=False keeps files readable and small; the result is always valid UTF-8.
    # ENCODER: json.dumps(value, ensure_ascii=False, separators=(", ", ": ")) without a new encoder a call.
    return ENCODER.encode(value).encode("utf-8") + b"\n"


def plain(value):
    """msgpack (spaCy's user_data) turns lists into tuples; give JSON-shaped values back."""
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def span_key(span: dict) -> tuple[int, int, str]:
    return (span["start"], span["end"], span["label"])


def relation_keys(record: dict) -> list[tuple]:
    """Relations named by their spans' (start, end, label): how formats without span ids refer
    to them, and how round-trip tests compare them."""
    by_id = {span["id"]: span_key(span) for span in record.get("spans") or ()}
    return [(by_id[rel["head"]], by_id[rel["child"]], rel["label"]) for rel in record.get("relations") or ()]
