"""Plain text documents: a .txt file is one document (or a zip of .txt files, one each).

The text is kept byte for byte as decoded UTF-8 (CRLF, tabs, trailing newline), only a
leading byte-order mark is dropped: it is an encoding marker, not content. The file name
becomes the external id and its stem the title.
"""
from __future__ import annotations

import posixpath
from typing import BinaryIO, Iterator

from annotator.formats.base import Carries, Format, FormatError, ReadItem, member_of
from annotator.formats.records import new_record, validate_record


def read_text(fileobj: BinaryIO, filename: str, options: dict) -> Iterator[ReadItem]:
    data = fileobj.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"not valid UTF-8 (byte {error.start}); save the file as UTF-8"
        raise FormatError(filename, line, "text", message) from None
    if not text.strip():
        raise FormatError(filename, None, "text", "the file is empty")
    name = posixpath.basename(member_of(filename).replace("\\", "/"))
    record = new_record(text, external_id=name, title=posixpath.splitext(name)[0])
    yield ReadItem(validate_record(record, file=filename, line=None), filename, None)


FORMAT = Format(
    name="text",
    title="Plain text (one document per file)",
    extensions=(".txt",),
    carries=Carries(spans=False, relations=False, overlapping=False, exact_text=True),
    read_file=read_text,
)
