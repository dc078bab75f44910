"""Prodigy tasks at their edges, as a team moving between Prodigy and us sees them: every key of a task
read into the record (external id as text, title, meta, tokens as hints), relations found by their spans
or by token, each refusal naming line and field; and the ids and names a written task carries."""
import json

import pytest

from annotator.formats.base import FormatError
from annotator.formats.prodigy import task_to_record
from annotator.formats.records import new_record

TASK = {"text": "Ana met Bo.", "external_id": 12, "title": "T", "meta": {"k": 1},
        "tokens": [{"text": "Ana", "start": 0, "end": 3, "id": 0}, {"text": " ", "start": 3, "end": 4},
                   {"start": 4, "end": 7}, {"start": 8, "end": 10}, {"start": 10, "end": 11}, "junk"],
        "spans": [{"start": 0, "end": 3, "token_start": 0, "token_end": 0, "label": "PER"},
                  {"start": 8, "end": 10, "token_start": 3, "token_end": 3, "label": "PER"}],
        "relations": [{"head": 0, "child": 3, "label": "knows"},
                      {"head": 9, "child": 9, "label": "met", "head_span": {"start": 8, "end": 10, "label": "PER"},
                       "child_span": {"start": 0, "end": 3}}]}


def test_a_task_is_read_whole_with_relations_by_span_before_token():
    record = task_to_record(TASK, "p.jsonl", 2)
    assert (record["external_id"], record["title"], record["meta"]) == ("12", "T", {"k": 1})
    assert record["spans"] == [{"id": 0, "start": 0, "end": 3, "label": "PER"}, {"id": 1, "start": 8, "end": 10, "label": "PER"}]
    # the second relation's head_span/child_span win over its (wrong) token indexes
    assert record["relations"] == [{"head": 0, "child": 1, "label": "knows"}, {"head": 1, "child": 0, "label": "met"}]
    assert record["tokens"] == [[0, 3], [4, 7], [8, 10], [10, 11]]  # the whitespace token and the junk dropped


def test_a_bare_task_reads_with_empty_defaults_and_tokens_past_the_text_are_dropped_as_hints():
    record = task_to_record({"text": "Ana", "tokens": [{"start": 0, "end": 9}]}, "p.jsonl", 2)
    assert (record["external_id"], record["title"], record["meta"], record["tokens"]) == ("", "", {}, [])


@pytest.mark.parametrize("task, message", [
    ({"text": "a", "spans": ["x"]}, "field 'spans[0]': must be an object"),
    ({"text": "a", "relations": [3]}, "field 'relations[0]': must be an object"),
    ({"text": "Ana", "spans": [{"start": 0, "end": 3, "label": "P", "token_end": 0}],
      "relations": [{"head": 0, "child": 0, "label": "r", "child_span": {"start": 1, "end": 3}}]},
     "field 'relations[0].child_span': no span at 1-3 in this task's spans"),
    ({"text": "Ana", "spans": [{"start": 0, "end": 3, "label": "P", "token_end": 0}],
      "relations": [{"head": 5, "child": 0, "label": "r"}]},
     "field 'relations[0].head': token 5 is not the last token of any span in this task"),
    ({"text": "Ana", "spans": [{"start": 0, "end": 3, "label": "P"}],
      "relations": [{"label": "r", "head_span": {"start": 0, "end": 3, "label": "Q"}, "child_span": {"start": 0, "end": 3}}]},
     "field 'relations[0].head_span': no span at 0-3 in this task's spans"),  # same offsets, another label
    ({"text": "Ana", "meta": "{no"}, "field 'meta': JSON text that is not valid JSON: "
                                     "Expecting property name enclosed in double quotes at column 2"),
])
def test_a_broken_task_is_refused_naming_line_and_field(task, message):
    with pytest.raises(FormatError) as refused:
        task_to_record(task, "p.jsonl", 4)
    assert str(refused.value) == f"p.jsonl line 4, {message}"


def test_a_written_task_carries_its_id_external_id_and_title_and_empty_strings_without_them(write):
    named = new_record("Ana met Bo.", external_id="doc-1", title="Story", spans=[])
    named["id"] = 41
    [task] = [json.loads(line) for line in write("prodigy", [named]).files["all.jsonl"].splitlines()]
    assert (task["id"], task["external_id"], task["title"], task["meta"]) == (41, "doc-1", "Story", "{}")
    [task] = [json.loads(line) for line in write("prodigy", [new_record("Ana.")]).files["all.jsonl"].splitlines()]
    assert "id" not in task and (task["external_id"], task["title"]) == ("", "")
    assert [(t["start"], t["end"]) for t in task["tokens"]] == [(0, 3), (3, 4)]
