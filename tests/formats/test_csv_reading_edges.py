"""CSV and TSV documents at their edges, as someone uploading a spreadsheet export sees them: the
delimiter by option or by the .tsv name, rows numbered by the file's lines (a quoted cell spanning
lines counts them all), and each refusal naming the line."""
import csv
import io

import pytest

from annotator.formats import csv_docs
from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format

CSV = get_format("csv")


def rows(data: bytes, name="d.csv", options=None):
    items = CSV.reader(io.BytesIO(data), name, options) if options else CSV.reader(io.BytesIO(data), name)
    return [(item.file, item.line, item.record["text"], item.record["title"]) for item in items]


def refusal(data: bytes, name="d.csv") -> str:
    with pytest.raises(FormatError) as refused:
        rows(data, name)
    return str(refused.value)


def test_the_delimiter_comes_from_the_option_else_from_a_tsv_name_else_a_comma():
    assert rows(b"text;title\nA;B\n", options={"delimiter": ";"}) == [("d.csv", 2, "A", "B")]
    assert rows(b"text\ttitle\nA\tB\n", "export.TSV") == [("export.TSV", 2, "A", "B")]
    assert rows(b"text,title\nA,B\n") == [("d.csv", 2, "A", "B")]


def test_rows_are_numbered_by_the_files_lines_past_cells_spanning_lines_and_blank_rows():
    data = b'\xef\xbb\xbftext,title\n"multi\nline",T\n,\nnext,U\n'
    assert rows(data) == [("d.csv", 2, "multi\nline", "T"), ("d.csv", 5, "next", "U")]


def test_invalid_utf8_names_the_line_and_the_byte_counted_from_one():
    assert refusal(b"text\nok\ncaf\xe9\n") == "d.csv line 3: not valid UTF-8 (byte 4 of the line); save the file as UTF-8"
    assert refusal(b"text\nok\ncaf\xc3") == (
        "d.csv line 3: not valid UTF-8 (the file ends inside a character); save the file as UTF-8")


def test_a_cell_over_the_size_limit_is_refused_at_its_line(monkeypatch):
    limit = csv_docs.FIELD_SIZE_LIMIT
    monkeypatch.setattr(csv_docs, "FIELD_SIZE_LIMIT", 10)
    try:
        assert refusal(b"text\nshort\nfar longer than ten\n") == (
            "d.csv line 3: cannot parse CSV: field larger than field limit (10)")
    finally:
        csv.field_size_limit(limit)  # the reader set the process-wide limit; give back the real one


def test_a_row_with_a_bad_meta_is_named_by_its_line():
    assert refusal(b'text,meta\nA,\nB,"{oops"\n').startswith("d.csv line 3, field 'meta'")
