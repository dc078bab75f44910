"""Native JSONL: the contract's exact line shape, and errors that name line and field."""
import io
import json

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format

JSONL = get_format("jsonl")


def read(lines, name="data.jsonl"):
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    return [item for item in JSONL.reader(io.BytesIO(data), name)]


def test_line_is_exactly_the_contract_shape(write, make_record):
    record = make_record(spans=[{"id": 11, "start": 0, "end": 6, "label": "PER", "score": 0.75}], relations=[],
                         tokens=[[0, 6]])
    line = json.loads(write("jsonl", [record]).files["train.jsonl"])
    assert list(line) == ["id", "external_id", "title", "text", "meta", "split", "spans", "relations", "tokens",
                          "annotators", "reviewer", "reviewed_at"]
    assert line["spans"] == [{"id": 11, "start": 0, "end": 6, "label": "PER", "text": "Ange\u0301l", "score": 0.75}]
    assert line["text"] == record["text"]
    assert (line["id"], line["external_id"], line["split"], line["reviewer"]) == (42, "news-42", "train", "bob")


def test_text_with_line_separators_survives():
    text = "a\u2028b\rc\r\nd\x85e"
    [item] = read([json.dumps({"text": text, "spans": [{"id": 1, "start": 2, "end": 4, "label": "X"}]},
                              ensure_ascii=False)])
    assert item.record["text"] == text
    assert item.line == 1


def test_plain_corpus_lines_read_as_documents():
    items = read(['{"text": "One.", "meta": {"source": "x"}}', "", '{"text": "Two."}'])
    assert [(i.record["text"], i.record["meta"], i.line, i.record["id"]) for i in items] == [
        ("One.", {"source": "x"}, 1, None), ("Two.", {}, 3, None)]


def test_error_names_file_line_and_field():
    text = "x" * 84
    good = json.dumps({"text": text})
    bad = json.dumps({"text": text, "spans": [{"id": 1, "start": 0, "end": 2, "label": "A"},
                                              {"id": 2, "start": 3, "end": 4, "label": "A"},
                                              {"id": 3, "start": 80, "end": 90, "label": "A"}]})
    with pytest.raises(FormatError) as caught:
        read([good, good, good, "", good, good, bad])
    assert str(caught.value) == (
        "data.jsonl line 7, field 'spans[2].end': end 90 is past the end of the text (84 characters)")
    assert caught.value.as_dict() == {"file": "data.jsonl", "line": 7, "field": "spans[2].end",
                                      "message": "end 90 is past the end of the text (84 characters)"}


@pytest.mark.parametrize("line, expected", [
    ('{"text": "abc", ', "data.jsonl line 1: not valid JSON"),
    ('["text"]', "data.jsonl line 1: a JSON array; expected one JSON object per line"),
    ('{"text": "a"}\n["text"]', "data.jsonl line 2: expected a JSON object, got list"),
    ('{"title": "no text"}', "data.jsonl line 1, field 'text': missing"),
    ('{"text": "abc", "spans": [{"id": 1, "start": true, "end": 2, "label": "A"}]}',
     "data.jsonl line 1, field 'spans[0].start': must be an integer, got True"),
    ('{"text": "abc", "spans": [{"id": 1, "start": 2, "end": 2, "label": "A"}]}',
     "data.jsonl line 1, field 'spans[0].end': end 2 must be greater than start 2"),
    ('{"text": "abc", "spans": [{"id": 1, "start": 0, "end": 2, "label": " "}]}',
     "data.jsonl line 1, field 'spans[0].label': must be a non-empty string"),
    ('{"text": "abc", "spans": [{"id": 1, "start": 0, "end": 1, "label": "A"}, {"id": 1, "start": 1, "end": 2, '
     '"label": "A"}]}', "data.jsonl line 1, field 'spans[1].id': id 1 is used by another span"),
    ('{"text": "abc", "spans": [{"id": 1, "start": 0, "end": 1, "label": "A"}], '
     '"relations": [{"head": 1, "child": 9, "label": "r"}]}',
     "data.jsonl line 1, field 'relations[0].child': refers to span 9, which is not in this document"),
    # "Bob" counted in UTF-16 units (as JavaScript does) is 3-6; in code points it is 2-5.
    ('{"text": "😀 Bob today", "spans": [{"id": 1, "start": 3, "end": 6, "label": "PER", "text": "Bob"}]}',
     "data.jsonl line 1, field 'spans[0].text': 'Bob' does not match the document text at 3-6 ('ob ')"),
    ('{"text": "abc", "split": "holdout"}', "data.jsonl line 1, field 'split': must be one of train, dev, test"),
    ('{"text": "abc", "tokens": [[0, 9]]}', "data.jsonl line 1, field 'tokens[0].end': end 9 is past the end"),
])
def test_bad_lines(line, expected):
    with pytest.raises(FormatError) as caught:
        read([line])
    assert str(caught.value).startswith(expected)


def test_invalid_utf8_names_the_line():
    data = b'{"text": "ok"}\n{"text": "\xff"}\n'
    with pytest.raises(FormatError, match=r"^data.jsonl line 2: not valid UTF-8"):
        list(JSONL.reader(io.BytesIO(data), "data.jsonl"))
