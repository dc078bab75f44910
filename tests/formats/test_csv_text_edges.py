"""Documents from CSV and plain text files (annotator/formats/csv_docs.py, text_docs.py) as an import
reports them: each document with the file and line it starts on, and bad input named by file, line
and field, wherever in the file it is."""
import io

import pytest

from annotator.formats.base import FormatError
from annotator.formats.csv_docs import read_csv
from annotator.formats.text_docs import read_text
from tests.formats.zips import zip_of


def read(reader, data: bytes, filename: str):
    return [(item.record["text"], item.record["title"], item.record["external_id"], item.file, item.line)
            for item in reader(io.BytesIO(data), filename, {})]


def refusal(reader, data: bytes, filename: str) -> FormatError:
    with pytest.raises(FormatError) as refused:
        read(reader, data, filename)
    return refused.value


def test_csv_rows_keep_their_first_line_across_blank_lines_and_line_breaks_in_cells():
    data = 'text\n\n\n"two\r\nlines 😀"\n\n東京\n'.encode()
    assert read(read_csv, data, "docs.csv") == [("two\r\nlines 😀", "", "", "docs.csv", 4),
                                                ("東京", "", "", "docs.csv", 7)]


def test_csv_with_cr_line_endings_and_a_tab_separated_file():
    assert read(read_csv, b"text,title\rZoe\xcc\x81,a\rb,c\r", "old.csv") == [
        ("Zoe\u0301", "a", "", "old.csv", 2), ("b", "c", "", "old.csv", 3)]
    assert read(read_csv, "\ufefftext\ttitle\nx, y\tz\n".encode(), "docs.TSV") == [("x, y", "z", "", "docs.TSV", 2)]


@pytest.mark.parametrize(("data", "line"), [
    (b"text,title\nok,a\nbad \xff,b\n", 3),                   # a small file: decoded before the header is read
    (b"text,title\n" + b"x,y\n" * 3000 + b"bad \xff,b\n", 3002),  # a large one: named by its own line
    (b"te\xffxt\nok\n", 1),                                    # in the header
    (b"text\nok\ncaf\xc3", 3),                                 # the file ends inside a character
])
def test_csv_bytes_that_are_not_utf8_are_named_by_file_and_line(data, line):
    error = refusal(read_csv, data, "docs.csv")
    assert (error.file, error.line) == ("docs.csv", line)
    assert "not valid UTF-8" in str(error) and str(error).startswith(f"docs.csv line {line}")


def test_a_text_file_is_one_document_named_after_the_file_byte_for_byte():
    assert read(read_text, "\ufeffHi 😀\r\n\tthere\n".encode(), "C:\\Users\\me\\notes.txt") == [
        ("Hi 😀\r\n\tthere\n", "notes", "notes.txt", "C:\\Users\\me\\notes.txt", None)]
    assert read(read_text, b"x", "batch.zip:docs/day 1.txt")[0][1:3] == ("day 1", "day 1.txt")


def test_a_text_file_that_is_not_utf8_is_named_by_its_line():
    error = refusal(read_text, b"\nab\n\xff", "notes.txt")
    assert str(error) == "notes.txt line 3, field 'text': not valid UTF-8 (byte 4); save the file as UTF-8"


@pytest.mark.parametrize("data", [b"", b" \r\n\t", b"\xef\xbb\xbf"])
def test_an_empty_text_file_is_refused_by_name(data):
    assert str(refusal(read_text, data, "notes.txt")) == "notes.txt, field 'text': the file is empty"


def test_a_colon_in_a_file_name_stays_in_its_name_in_an_archive_or_alone():
    """`10:30 notes.txt` (a time in the name) keeps its whole name as the external id and title, in a
    zip (whose own name may hold a ':' too) and uploaded alone; its folder still gives the split."""
    from annotator.formats.catalog import get_format

    text = get_format("text")
    records = [item.record for item in text.reader(zip_of({"train/10:30 notes.txt": "Met at 10:30.",
                                                         "at 9:05.txt": "Second."}), "day 3:batch.zip")]
    assert [(r["external_id"], r["title"], r.get("split")) for r in records] == [
        ("at 9:05.txt", "at 9:05", None), ("10:30 notes.txt", "10:30 notes", "train")]
    [alone] = list(text.reader(io.BytesIO(b"Met."), "10:30 notes.txt"))
    assert (alone.record["external_id"], alone.record["title"]) == ("10:30 notes.txt", "10:30 notes")
    brat = get_format("brat")
    [document] = [item.record for item in brat.reader(zip_of({"dev/09:15 call.txt": "Ann Lee called.",
                                                            "dev/09:15 call.ann": "T1\tPERSON 0 7\tAnn Lee\n"}),
                                                      "export.zip")]
    assert (document["external_id"], document["split"], document["spans"][0]["label"]) == ("09:15 call", "dev", "PERSON")


def test_a_member_path_survives_copying_and_pickling():
    """A job's errors and records carry the file names they came from through copies and workers."""
    import copy
    import pickle

    from annotator.formats.base import MemberPath, member_of, split_from_path

    path = MemberPath("day 3:batch.zip", "train/10:30 notes.txt")
    for again in (copy.copy(path), copy.deepcopy(path), pickle.loads(pickle.dumps(path))):
        assert again == "day 3:batch.zip:train/10:30 notes.txt" and member_of(again) == "train/10:30 notes.txt"
        assert split_from_path(again) == "train"
