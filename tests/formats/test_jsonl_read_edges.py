"""Our native JSON lines read back field by field, as a team restoring a backup relies on: every key of
a line lands in the record, numbers given as external ids become text, spans without ids get their
position as id, and a bad `meta` names the file and line."""
import io
import json

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format


def read(*lines, name="backup.jsonl"):
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode("utf-8")
    return [item.record for item in get_format("jsonl").reader(io.BytesIO(data), name)]


def test_every_field_of_a_line_is_read_back():
    line = {"id": 4, "external_id": "doc-4", "title": "Zoë", "text": "Zoë met Bo.", "meta": '{"batch": "A"}',
            "split": "dev", "spans": [{"id": 7, "start": 0, "end": 3, "label": "PER", "text": "Zoë", "score": None},
                                      {"id": 8, "start": 8, "end": 10, "label": "PER"}],
            "relations": [{"head": 7, "child": 8, "label": "knows"}], "tokens": [[0, 3], [4, 7], [8, 10], [10, 11]],
            "annotators": ["ann", "ben"], "reviewer": "cho", "reviewed_at": "2026-12-03T10:00:00+00:00"}
    [record] = read(line)
    assert (record["external_id"], record["title"], record["text"], record["meta"], record["split"]) == (
        "doc-4", "Zoë", "Zoë met Bo.", {"batch": "A"}, "dev")
    assert [(s["id"], s["start"], s["end"], s["label"]) for s in record["spans"]] == [(7, 0, 3, "PER"), (8, 8, 10, "PER")]
    assert record["relations"] == [{"head": 7, "child": 8, "label": "knows"}]
    assert [list(token) for token in record["tokens"]] == [[0, 3], [4, 7], [8, 10], [10, 11]]
    assert (record["annotators"], record["reviewer"], record["reviewed_at"]) == (
        ["ann", "ben"], "cho", "2026-12-03T10:00:00+00:00")


def test_a_minimal_line_reads_with_empty_defaults():
    [record] = read({"text": "Plain."})
    assert (record["external_id"], record["title"], record["meta"], record["split"]) == ("", "", {}, None)
    assert (record["spans"], record["relations"], record["annotators"], record["reviewer"], record["reviewed_at"]) == (
        [], [], [], None, None)
    [record] = read({"text": "Plain.", "title": None, "meta": {"k": [1]}, "annotators": None})
    assert (record["title"], record["meta"], record["annotators"]) == ("", {"k": [1]}, [])


@pytest.mark.parametrize("given, external_id", [(12, "12"), (1.5, "1.5"), ("A-1", "A-1"), (None, "")])
def test_an_external_id_given_as_a_number_is_read_as_text(given, external_id):
    [record] = read({"text": "x", "external_id": given})
    assert record["external_id"] == external_id


def test_spans_without_ids_take_their_position_as_id():
    [record] = read({"text": "Ana met Bo", "spans": [{"start": 0, "end": 3, "label": "PER"},
                                                     {"start": 8, "end": 10, "label": "PER", "id": 30}]})
    assert [span["id"] for span in record["spans"]] == [0, 30]


def test_a_bad_meta_names_the_file_and_line():
    with pytest.raises(FormatError) as refused:
        read({"text": "fine"}, {"text": "x", "meta": "{oops"})
    assert str(refused.value) == ("backup.jsonl line 2, field 'meta': JSON text that is not valid JSON: "
                                  "Expecting property name enclosed in double quotes at column 2")
    with pytest.raises(FormatError) as refused:
        read({"text": "x", "meta": "[1]"})
    assert str(refused.value) == "backup.jsonl line 1, field 'meta': JSON text of a list; must hold an object"
