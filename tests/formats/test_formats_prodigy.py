"""Prodigy tasks: tokens, inclusive token_end, relation heads on the last token, answers."""
import io
import json

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format
from annotator.formats.records import new_record

PRODIGY = get_format("prodigy")


def read(lines):
    data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")
    return [item.record for item in PRODIGY.reader(io.BytesIO(data), "prodigy.jsonl")]


def test_task_shape(write):
    text = "Ada Lovelace  met\r\nBabbage."
    record = new_record(text, tokens=[[0, 3], [4, 12], [14, 17], [19, 26], [26, 27]], meta={"k": 1},
                        spans=[{"id": "a", "start": 0, "end": 12, "label": "PER"},
                               {"id": "b", "start": 19, "end": 26, "label": "PER"}],
                        relations=[{"head": "a", "child": "b", "label": "knows"}])
    [task] = [json.loads(x) for x in write("prodigy", [record]).files["all.jsonl"].splitlines()]
    assert [(t["text"], t["ws"]) for t in task["tokens"]] == [
        ("Ada", True), ("Lovelace", True), (" ", False), ("met", False), ("\r\n", False), ("Babbage", False),
        (".", False)]
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in task["tokens"]) == text
    assert [t["id"] for t in task["tokens"]] == list(range(7))
    assert task["spans"] == [
        {"start": 0, "end": 12, "token_start": 0, "token_end": 1, "label": "PER"},
        {"start": 19, "end": 26, "token_start": 5, "token_end": 5, "label": "PER"}]
    relation = task["relations"][0]
    assert (relation["head"], relation["child"], relation["label"]) == (1, 5, "knows")
    assert relation["head_span"] == task["spans"][0] and relation["child_span"] == task["spans"][1]
    assert task["answer"] == "accept" and json.loads(task["meta"]) == {"k": 1}  # JSON text: one schema


def test_relations_by_token_index_only_and_rejected_tasks_skipped():
    tokens = [{"text": w, "start": s, "end": e, "id": i, "ws": True}
              for i, (w, s, e) in enumerate([("Ada", 0, 3), ("met", 4, 7), ("Bob", 8, 11)])]
    spans = [{"start": 0, "end": 3, "token_start": 0, "token_end": 0, "label": "PER"},
             {"start": 8, "end": 11, "token_start": 2, "token_end": 2, "label": "PER"}]
    accepted = {"text": "Ada met Bob", "tokens": tokens, "spans": spans, "answer": "accept",
                "relations": [{"head": 0, "child": 2, "label": "knows"}]}
    records = read([{**accepted, "answer": "reject"}, accepted, {**accepted, "answer": "ignore"}])
    assert len(records) == 1
    assert records[0]["relations"] == [{"head": 0, "child": 1, "label": "knows"}]
    assert records[0]["tokens"] == [[0, 3], [4, 7], [8, 11]]


def test_relation_to_no_span_names_line_and_field():
    task = {"text": "Ada met Bob", "spans": [{"start": 0, "end": 3, "token_start": 0, "token_end": 0, "label": "PER"}],
            "relations": [{"head": 0, "child": 2, "label": "knows"}]}
    with pytest.raises(FormatError) as caught:
        read([{"text": "ok"}, task])
    assert str(caught.value) == ("prodigy.jsonl line 2, field 'relations[0].child': "
                                 "token 2 is not the last token of any span in this task")


def test_span_past_the_end():
    with pytest.raises(FormatError, match=r"^prodigy.jsonl line 1, field 'spans\[0\].end': end 9 is past"):
        read([{"text": "Ada", "spans": [{"start": 0, "end": 9, "label": "PER"}]}])
