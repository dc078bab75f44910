"""Documents from CSV: a `text` column, optional `title`, `external_id` and `meta` (a JSON
object); any other column becomes a meta entry. Document-only: no spans.

Read with newline="" so line breaks inside quoted fields are kept exactly (CRLF included), and
errors name the line where the row starts (a row can span several lines). Decoded line by line
(UTF-8 never splits a character across a line break), so a byte that is not UTF-8 is named by
its own line, wherever it is in the file (the header included).
"""
from __future__ import annotations

import codecs
import csv
import json
import re
import sys
from typing import BinaryIO, Iterator

from annotator.formats.base import Carries, Format, FormatError, ReadItem
from annotator.formats.records import new_record, validate_record

# A line and its ending (CRLF, CR or LF), as a text file opened with newline="" gives them to csv.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
KNOWN_COLUMNS = {"text", "title", "external_id", "meta"}
# csv refuses fields over 128 KB by default; articles can be longer. Document length is
# limited by the import service's setting, not here.
FIELD_SIZE_LIMIT = min(sys.maxsize, 2**31 - 1)


def read_csv(fileobj: BinaryIO, filename: str, options: dict) -> Iterator[ReadItem]:
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    stream = _decoded_lines(fileobj, filename)
    delimiter = options.get("delimiter") or ("\t" if filename.lower().endswith(".tsv") else ",")
    reader = csv.reader(stream, delimiter=delimiter)
    line = 1
    try:
        header = next(reader)
    except StopIteration:
        message = "the file is empty; expected a header row with a 'text' column"
        raise FormatError(filename, 1, None, message) from None
    header = [name.strip() for name in header]
    if "text" not in header:
        raise FormatError(filename, 1, "text", f"no 'text' column in the header (found: {', '.join(header)})")
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FormatError(filename, line, None, f"cannot parse CSV: {error}") from None
        if not any(cell.strip() for cell in row):
            line = reader.line_num + 1
            continue
        if len(row) != len(header):
            raise FormatError(filename, line, None, f"expected {len(header)} columns, found {len(row)}")
        yield ReadItem(_row_to_record(dict(zip(header, row)), filename, line), filename, line)
        line = reader.line_num + 1


def _decoded_lines(fileobj: BinaryIO, filename: str) -> Iterator[str]:
    """The file's lines as text, line endings kept, a leading byte-order mark dropped."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    number = 0
    for number, raw in enumerate(fileobj, start=1):
        try:
            text = decoder.decode(raw)
        except UnicodeDecodeError as error:
            message = f"not valid UTF-8 (byte {error.start + 1} of the line); save the file as UTF-8"
            raise FormatError(filename, number, None, message) from None
        yield from _LINE.findall(text)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise FormatError(filename, number, None, "not valid UTF-8 (the file ends inside a character); "
                                                  "save the file as UTF-8") from None


def _row_to_record(row: dict, filename: str, line: int) -> dict:
    meta = {}
    if row.get("meta", "").strip():
        try:
            meta = json.loads(row["meta"])
        except json.JSONDecodeError as error:
            raise FormatError(filename, line, "meta", f"not valid JSON: {error.msg}") from None
        if not isinstance(meta, dict):
            raise FormatError(filename, line, "meta", "must be a JSON object")
    meta.update({key: value for key, value in row.items() if key not in KNOWN_COLUMNS and key})
    if not row["text"].strip():
        raise FormatError(filename, line, "text", "is empty")
    record = new_record(row["text"], title=row.get("title", ""), external_id=row.get("external_id", ""), meta=meta)
    return validate_record(record, file=filename, line=line)


FORMAT = Format(
    name="csv",
    title="CSV (documents)",
    extensions=(".csv", ".tsv"),
    carries=Carries(spans=False, relations=False, overlapping=False, exact_text=True),
    read_file=read_csv,
)
