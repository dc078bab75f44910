"""What every reader's record check says, word for word, as the person fixing their file reads it: the
file, the line (or a DocBin's document), the field, and what is wrong with it."""
import pytest

from annotator.formats.base import FormatError
from annotator.formats.records import validate_record

SPAN = {"id": 1, "start": 0, "end": 2, "label": "A"}


@pytest.mark.parametrize("record, message", [
    ({"text": None}, "field 'text': missing"),
    ({"text": 3}, "field 'text': must be a string, got int"),
    ({"text": "a", "title": 5}, "field 'title': must be a string, got int"),
    ({"text": "a", "external_id": ["x"]}, "field 'external_id': must be a string, got list"),
    ({"text": "a", "meta": [1]}, "field 'meta': must be an object"),
    ({"text": "a", "split": "val"}, "field 'split': must be one of train, dev, test or null, got 'val'"),
    ({"text": "ab", "tokens": "x"}, "field 'tokens': must be a list of [start, end] pairs"),
    ({"text": "ab", "tokens": [[0, 1], [1]]}, "field 'tokens[1]': must be a [start, end] pair, got [1]"),
    ({"text": "ab", "tokens": [[0, 1], "ab"]}, "field 'tokens[1]': must be a [start, end] pair, got 'ab'"),
    ({"text": "ab", "tokens": [[0, 1], [1, 3]]}, "field 'tokens[1].end': end 3 is past the end of the text (2 characters)"),
    ({"text": "ab", "spans": {"a": 1}}, "field 'spans': must be a list"),
    ({"text": "ab", "spans": [SPAN, "x"]}, "field 'spans[1]': must be an object"),
    ({"text": "ab", "spans": [{"start": 0, "end": 1, "label": "A"}]}, "field 'spans[0].id': missing"),
    ({"text": "ab", "spans": [{**SPAN, "score": "hi"}]}, "field 'spans[0].score': must be a number, got 'hi'"),
    ({"text": "ab", "spans": [{**SPAN, "score": True}]}, "field 'spans[0].score': must be a number, got True"),
    ({"text": "ab", "spans": [{**SPAN, "label": " "}]}, "field 'spans[0].label': must be a non-empty string, got ' '"),
    ({"text": "ab", "spans": [{**SPAN, "label": None}]}, "field 'spans[0].label': must be a non-empty string, got None"),
    ({"text": "ab", "spans": [{**SPAN, "start": "0"}]}, "field 'spans[0].start': must be an integer, got '0'"),
    ({"text": "ab", "spans": [{**SPAN, "end": 1.0}]}, "field 'spans[0].end': must be an integer, got 1.0"),
    ({"text": "ab", "spans": [{**SPAN, "start": 1, "end": 1}]}, "field 'spans[0].end': end 1 must be greater than start 1"),
    ({"text": "ab", "spans": [{**SPAN, "end": 3}]}, "field 'spans[0].end': end 3 is past the end of the text (2 characters)"),
    ({"text": "ab", "spans": [{**SPAN, "start": -1}]}, "field 'spans[0].start': start -1 is negative"),
    ({"text": "ab", "spans": [SPAN], "relations": {"x": 1}}, "field 'relations': must be a list"),
    ({"text": "ab", "spans": [SPAN], "relations": ["x"]}, "field 'relations[0]': must be an object"),
    ({"text": "ab", "spans": [SPAN], "relations": [{"head": 1, "child": 1, "label": ""}]},
     "field 'relations[0].label': must be a non-empty string, got ''"),
])
def test_each_refusal_names_file_line_field_and_problem(record, message):
    with pytest.raises(FormatError) as refused:
        validate_record(record, file="f.jsonl", line=3)
    assert str(refused.value) == f"f.jsonl line 3, {message}"


def test_a_binary_format_names_the_document_instead_of_a_line():
    with pytest.raises(FormatError) as refused:
        validate_record({"text": 3}, file="d.spacy", line=2, unit="doc")
    assert str(refused.value) == "d.spacy doc 2, field 'text': must be a string, got int"


def test_spans_at_both_edges_of_the_text_and_integer_scores_pass():
    record = {"text": "ab", "title": None, "external_id": None, "meta": None, "split": "test",
              "tokens": [[0, 1], (1, 2)],
              "spans": [{"id": 1, "start": 0, "end": 1, "label": "A", "score": 1},
                        {"id": 2, "start": 1, "end": 2, "label": "B", "score": 0.5},
                        {"id": 3, "start": 0, "end": 2, "label": "C", "score": None}]}
    assert validate_record(record, file="f.jsonl", line=1) is record
