"""Document-only readers: CSV and plain text."""
import io
import zipfile

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format


def read_csv(text: str, name="docs.csv"):
    return list(get_format("csv").reader(io.BytesIO(text.encode("utf-8")), name))


def test_csv_columns_and_exact_text():
    items = read_csv('\ufefftitle,text,external_id,meta,source\r\n'
                     'First,"Line one\r\nline two, with ""quotes""",a-1,"{""lang"": ""en""}",wire\r\n'
                     'Second,Plain 😀,,,\r\n')
    first, second = (item.record for item in items)
    assert first["text"] == 'Line one\r\nline two, with "quotes"'
    assert (first["title"], first["external_id"], first["meta"]) == ("First", "a-1", {"lang": "en", "source": "wire"})
    assert second["text"] == "Plain 😀" and second["meta"] == {"source": ""}
    assert [item.line for item in items] == [2, 4]  # the first row spans lines 2-3


def test_csv_errors_name_the_line_where_the_row_starts():
    data = 'text,meta\n"multi\nline",{}\nok,{not json}\n'
    with pytest.raises(FormatError) as caught:
        read_csv(data)
    assert str(caught.value).startswith("docs.csv line 4, field 'meta': not valid JSON")


@pytest.mark.parametrize("data, expected", [
    ("title,body\nx,y\n", "docs.csv line 1, field 'text': no 'text' column in the header (found: title, body)"),
    ("", "docs.csv line 1: the file is empty"),
    ("text,title\nfine,a\n ,b\n", "docs.csv line 3, field 'text': is empty"),
    ("text,title\nfine,a,extra\n", "docs.csv line 2: expected 2 columns, found 3"),
    ('text,meta\nfine,"[1]"\n', "docs.csv line 2, field 'meta': must be a JSON object"),
])
def test_csv_bad_input(data, expected):
    with pytest.raises(FormatError) as caught:
        read_csv(data)
    assert str(caught.value).startswith(expected)


def test_tsv_uses_tabs():
    [item] = list(get_format("csv").reader(io.BytesIO(b"text\ttitle\na, b\tT\n"), "docs.tsv"))
    assert (item.record["text"], item.record["title"]) == ("a, b", "T")


def test_text_file_is_one_document_kept_exactly():
    data = "\ufeffTitle line\r\n\tindented e\u0301 😀\n".encode("utf-8")
    [item] = list(get_format("text").reader(io.BytesIO(data), "uploads/story.txt"))
    assert item.record["text"] == "Title line\r\n\tindented e\u0301 😀\n"
    assert (item.record["external_id"], item.record["title"]) == ("story.txt", "story")


def test_zip_of_text_files():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("b.txt", "Second")
        archive.writestr("a.txt", "First")
        archive.writestr("__MACOSX/._a.txt", "junk")
        archive.writestr("notes.md", "ignored")
    buffer.seek(0)
    records = [item.record for item in get_format("text").reader(buffer, "corpus.zip")]
    assert [(r["external_id"], r["text"]) for r in records] == [("a.txt", "First"), ("b.txt", "Second")]


def test_text_errors():
    with pytest.raises(FormatError) as caught:
        list(get_format("text").reader(io.BytesIO(b"ok\nstill ok\nbad \xff here"), "x.txt"))
    assert str(caught.value).startswith("x.txt line 3, field 'text': not valid UTF-8")
    with pytest.raises(FormatError, match="the file is empty"):
        list(get_format("text").reader(io.BytesIO(b" \n"), "x.txt"))
