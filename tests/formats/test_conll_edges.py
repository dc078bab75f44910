"""CoNLL at its edges, as a reader of the written file or a user importing one sees it: sentence
breaks, span edges with whitespace, byte order marks, bad bytes and bad lines named by line."""
import io

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format
from annotator.formats.records import new_record


@pytest.fixture
def written(write):
    """written(records) -> the lines of the written train.conll."""
    return lambda records: write("conll", records).files["train.conll"].decode("utf-8").split("\n")


def sentences(lines: list[str]) -> list[list[str]]:
    """Token/tag pairs per sentence, -DOCSTART- left out."""
    result, current = [], []
    for line in lines[2:]:
        if line:
            token, _x, _filler, tag = line.split(" ")
            current.append(f"{token}/{tag}")
        elif current:
            result.append(current)
            current = []
    return result


def span(text, fragment, label, span_id=1):
    start = text.index(fragment)
    return {"id": span_id, "start": start, "end": start + len(fragment), "label": label}


def test_a_full_stop_without_a_line_break_ends_a_sentence(written):
    text = "Ann left. Bob came! Did he? Yes"
    assert sentences(written([new_record(text, split="train")])) == [
        ["Ann/O", "left/O", "./O"], ["Bob/O", "came/O", "!/O"], ["Did/O", "he/O", "?/O"], ["Yes/O"]]


def test_a_sentence_break_just_before_the_last_token_is_kept(written):
    text = "Go home.\n😀"
    assert sentences(written([new_record(text, split="train", spans=[span(text, "😀", "EMO")])])) == [
        ["Go/O", "home/O", "./O"], ["😀/B-EMO"]]


def test_a_line_break_inside_a_span_does_not_end_the_sentence_but_one_after_it_does(written):
    text = "Visit United\r\nNations\r\nnow"
    assert sentences(written([new_record(text, split="train", spans=[span(text, "United\r\nNations", "ORG")])])) == [
        ["Visit/O", "United/B-ORG", "Nations/I-ORG"], ["now/O"]]


def test_whitespace_at_span_edges_is_trimmed_off_the_tags(written):
    text = "in  Berlin\t today"
    assert sentences(written([new_record(text, split="train", spans=[span(text, " Berlin\t ", "LOC")])])) == [
        ["in/O", "Berlin/B-LOC", "today/O"]]


def test_a_span_inside_a_token_cuts_it_and_a_whitespace_only_span_is_not_written(written):
    text = "北京市 is big"
    lines = written([new_record(text, split="train", spans=[span(text, "北京", "LOC"), span(text, " ", "X", 2)])])
    assert sentences(lines) == [["北京/B-LOC", "市/O", "is/O", "big/O"]]


def test_a_document_without_tokens_is_only_its_docstart(written):
    assert written([new_record("  \r\n ", split="train")]) == ["-DOCSTART- -X- O O", "", ""]


def read(data: bytes, name="upload.conll"):
    return [item.record for item in get_format("conll").reader(io.BytesIO(data), name)]


def test_a_byte_order_mark_is_not_part_of_the_first_token():
    [record] = read("\ufeffAda B-PER\nruns O\n".encode("utf-8"))
    assert record["text"] == "Ada runs"
    assert [(s["start"], s["end"], s["label"]) for s in record["spans"]] == [(0, 3, "PER")]


def test_a_byte_order_mark_before_docstart_still_makes_a_docstart_file():
    records = read("\ufeff-DOCSTART- -X- -X- O\n\nAda B-PER\n\nruns O\n".encode("utf-8"))
    assert [r["text"] for r in records] == ["Ada\nruns"]


def test_invalid_utf8_names_the_file_the_line_and_the_byte():
    with pytest.raises(FormatError) as caught:
        read(b"Ada B-PER\nM\xfcnchen B-LOC\n")
    assert str(caught.value) == "upload.conll line 2: not valid UTF-8 (byte 1)"
    assert caught.value.as_dict() == {"file": "upload.conll", "line": 2, "field": None,
                                      "message": "not valid UTF-8 (byte 1)"}


def test_windows_line_endings_are_read_like_unix_ones():
    assert read(b"Ada B-PER\r\nLovelace I-PER\r\n\r\nHi O\r\n") == read(b"Ada B-PER\nLovelace I-PER\n\nHi O\n")


def test_a_bad_tag_names_file_line_and_field():
    with pytest.raises(FormatError) as caught:
        read(b"Ada B-PER\nLovelace PER\n")
    assert str(caught.value) == ("upload.conll line 2, field 'tag': 'PER' is not an IOB2 tag "
                                 "(O, B-LABEL or I-LABEL)")


def test_iobes_and_label_changes_close_spans_where_a_reader_expects():
    [record] = read(b"A B-X\nB I-Y\nC E-Y\nD I-Y\nE S-Z\nF I-Z\n")
    text = record["text"]
    assert [(text[s["start"]:s["end"]], s["label"]) for s in record["spans"]] == [
        ("A", "X"), ("B C", "Y"), ("D", "Y"), ("E", "Z"), ("F", "Z")]


def test_sentences_inside_a_docstart_document_are_joined_by_line_breaks_and_spans_stop_there():
    [record] = read(b"-DOCSTART- -X- -X- O\n\nNew B-LOC\n\nYork I-LOC\n")
    assert record["text"] == "New\nYork"
    assert [(s["start"], s["end"]) for s in record["spans"]] == [(0, 3), (4, 8)]
    assert record["tokens"] == [[0, 3], [4, 8]]


def test_the_first_document_starts_at_its_docstart_line_for_later_errors():
    items = list(get_format("conll").reader(io.BytesIO(b"\n-DOCSTART- -X- -X- O\n\nAda O\n-DOCSTART- -X- -X- O\nB O\n"),
                                            "f.conll"))
    assert [(item.record["text"], item.line) for item in items] == [("Ada", 2), ("B", 5)]


def test_a_dropped_overlapping_span_does_not_cut_the_words_of_the_kept_one(written):
    text = "Microsoft Corp"
    spans = [span(text, "Microsoft Corp", "ORG"), span(text, "soft", "X", 2)]
    assert sentences(written([new_record(text, split="train", spans=spans)])) == [["Microsoft/B-ORG", "Corp/I-ORG"]]


def test_a_single_trailing_space_is_trimmed_without_cutting_the_word(written):
    text = "Berlin is"
    assert sentences(written([new_record(text, split="train", spans=[span(text, "Berlin ", "LOC")])])) == [
        ["Berlin/B-LOC", "is/O"]]


def test_no_sentence_break_right_after_the_first_token_of_a_span(written):
    text = "!Bang now"
    assert sentences(written([new_record(text, split="train", spans=[span(text, "!Bang", "X")])])) == [
        ["!/B-X", "Bang/I-X", "now/O"]]


def test_given_sentences_break_between_tokens_without_space_and_stop_after_the_last_one(written):
    text = "Hi.Bye now. Then more"
    record = new_record(text, split="train", sentences=[[0, 3], [3, 11]])
    assert sentences(written([record])) == [["Hi/O", "./O"], ["Bye/O", "now/O", "./O"], ["Then/O", "more/O"]]


def test_a_label_with_whitespace_is_refused_naming_the_file_and_field(write):
    with pytest.raises(FormatError) as caught:
        write("conll", [new_record("Ada", split="dev", spans=[{"id": 1, "start": 0, "end": 3, "label": "A B"}])])
    assert str(caught.value) == "dev.conll, field 'label': label 'A B' contains whitespace, which CoNLL columns cannot hold"


def test_a_line_with_one_column_is_quoted_in_the_error():
    with pytest.raises(FormatError) as caught:
        read(b"Ada B-PER\nlonely\n")
    assert str(caught.value) == "upload.conll line 2, field 'columns': expected 'TOKEN ... TAG', got 'lonely'"


def test_documents_of_a_file_without_docstart_start_at_their_first_line_and_name_the_file():
    items = list(get_format("conll").reader(io.BytesIO(b"\nHi O\n\n\nBob B-PER\nruns O\n"), "wnut.conll"))
    assert [(item.record["text"], item.file, item.line) for item in items] == [("Hi", "wnut.conll", 2),
                                                                             ("Bob runs", "wnut.conll", 5)]



def test_only_the_first_line_can_carry_a_byte_order_mark_later_ones_keep_the_character():
    [record] = read("\ufeffAda B-PER\n\ufeffruns O\n".encode("utf-8"))
    assert record["text"] == "Ada \ufeffruns"
