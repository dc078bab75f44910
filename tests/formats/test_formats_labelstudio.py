"""Label Studio JSON and JSON-MIN: read whole (annotators, ground truth, predictions per model
version, relations, UTF-16 offsets detected), written so Label Studio imports it, errors located."""
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import detect_format, get_format
from annotator.formats.records import relation_keys, span_key

EXPORT = Path(__file__).parent / "data" / "labelstudio_export.json"


def read(data: bytes, name="export.json"):
    return [item for item in get_format("labelstudio").reader(io.BytesIO(data), name)]


def sets_of(record, kind):
    return [one for one in record["annotation_sets"] if one["kind"] == kind]


def keys(record, one):
    text = record["text"]
    return sorted((text[s["start"]:s["end"]], s["label"]) for s in one["spans"])


def test_export_reads_every_annotator_ground_truth_and_model_version():
    items = read(EXPORT.read_bytes())
    assert [item.line for item in items] == [2, 57]  # where each task starts, for errors
    first = items[0].record
    assert first["text"] == "😀 Satya Nadella works for Microsoft in Redmond."
    assert first["external_id"] == "101" and first["meta"] == {"batch": "A", "source": "wire"}
    people = sets_of(first, "annotation")
    assert [one["annotator"] for one in people] == ["Alice@Example.org", "dana@example.org"]
    # alice counted code points, dana (Label Studio's browser) UTF-16 units: both land on the same text
    assert keys(first, people[0]) == [("Microsoft", "ORG"), ("Satya Nadella", "PERSON")]
    assert keys(first, people[1]) == [("Microsoft", "ORG"), ("Redmond", "GPE"), ("Satya Nadella", "PERSON")]
    [gold] = sets_of(first, "gold")
    assert gold["annotator"] == "dana@example.org" and gold["spans"] == first["spans"]
    assert sorted(label for *_, label in relation_keys(first)) == ["located_in", "works_for"]
    predictions = sets_of(first, "prediction")
    assert [(p["model_version"], p["score"]) for p in predictions] == [("ner-v1", 0.71), ("ner-v2", 0.88)]
    assert [s["score"] for s in predictions[1]["spans"]] == [0.95, 0.8]
    assert first["skipped"] == {"cancelled_annotations": 1, "relations_without_label": 0}
    second = items[1].record
    assert second["skipped"]["relations_without_label"] == 1
    assert keys(second, sets_of(second, "gold")[0]) == [("Microsoft", "ORG"), ("北京", "GPE"), ("習近平", "PERSON")]


def test_relation_keeps_its_two_spans_and_direction_left_swaps_them():
    task = {"data": {"text": "Ada works for IBM."}, "annotations": [{"completed_by": 1, "result": [
        {"id": "x", "type": "labels", "value": {"start": 0, "end": 3, "text": "Ada", "labels": ["PERSON"]}},
        {"id": "y", "type": "labels", "value": {"start": 14, "end": 17, "text": "IBM", "labels": ["ORG"]}},
        {"type": "relation", "from_id": "y", "to_id": "x", "direction": "left", "labels": ["works_for"]}]}]}
    record = read(json.dumps([task]).encode())[0].record
    one = record["annotation_sets"][0]
    by_id = {s["id"]: record["text"][s["start"]:s["end"]] for s in one["spans"]}
    assert [(by_id[r["head"]], by_id[r["child"]], r["label"]) for r in one["relations"]] == [("Ada", "IBM", "works_for")]
    assert one["annotator"] == "labelstudio-user-1"


def test_json_min_reads_one_annotation_per_object():
    rows = [{"id": 5, "text": "Hi 😀 Ada Lovelace", "annotator": "ann@example.org", "annotation_id": 9,
             "created_at": "2024-01-01", "updated_at": "2024-01-01", "lead_time": 3.0,
             "label": [{"start": 6, "end": 18, "text": "Ada Lovelace", "labels": ["PERSON"]}]}]
    data = json.dumps(rows, indent=2, ensure_ascii=False).encode()
    assert detect_format("min.json", io.BytesIO(data)) == "labelstudio"
    record = read(data)[0].record
    [one] = record["annotation_sets"]
    assert one["annotator"] == "ann@example.org"
    assert keys(record, one) == [("Ada Lovelace", "PERSON")]  # UTF-16 offsets 6-18 converted to 5-17
    assert one["spans"][0]["start"] == 5
    assert record["meta"] == {}


def test_offsets_matching_neither_unit_are_refused_naming_the_item():
    task = {"data": {"text": "😀 Ada"}, "annotations": [{"result": [
        {"id": "x", "type": "labels", "value": {"start": 0, "end": 2, "text": "Ada", "labels": ["PERSON"]}}]}]}
    with pytest.raises(FormatError) as error:
        read(json.dumps([task]).encode(), "t.json")
    assert str(error.value).startswith("t.json line 1, field 'annotations[0].result[0].value.text'")


def test_json_error_names_the_real_line_and_column():
    data = b'[\n  {"data": {"text": "a"}},\n  {"data": {"text": "b"}\n]\n'
    with pytest.raises(FormatError) as error:
        read(data, "cut.json")
    assert error.value.line == 4 and "column 1" in error.value.message  # the ']' where a '}' was due
    with pytest.raises(FormatError) as error:
        read(b'[{"data": {"text": "a"}} {"data": 1}]', "two.json")
    assert error.value.line == 1 and "column 26" in error.value.message


def test_json_lines_error_names_the_column_of_a_line_cut_short():
    with pytest.raises(FormatError) as error:
        list(get_format("jsonl").reader(io.BytesIO(b'{"text": "ok"}\n{"text": "cut\n'), "d.jsonl"))
    assert error.value.line == 2 and "column 10" in error.value.message


@pytest.mark.parametrize("name", ["jsonl", "doccano", "prodigy"])
def test_a_json_array_given_as_json_lines_is_refused_saying_so(name):
    data = json.dumps([{"text": "a"}, {"text": "b"}], indent=1).encode()
    with pytest.raises(FormatError) as error:
        list(get_format(name).reader(io.BytesIO(data), "arr.jsonl"))
    assert error.value.line == 1 and error.value.message.startswith("a JSON array; expected one JSON object per line")


def test_detection_reads_a_label_studio_array_and_refuses_another_array():
    assert detect_format("export.json", io.BytesIO(EXPORT.read_bytes())) == "labelstudio"
    with pytest.raises(FormatError) as error:
        detect_format("x.json", io.BytesIO(b'[{"text": "a"}]'))
    assert "a JSON array; expected one JSON object per line" in str(error.value)


def test_written_tasks_carry_annotations_predictions_and_the_labeling_config(write, read, make_record, project_info):
    record = make_record(split=None)
    record["predictions"] = [{"model_version": "ner-v2", "score": 0.5,
                              "spans": [{"id": 1, "start": 0, "end": 6, "label": "PER", "score": 0.9}]}]
    sink = write("labelstudio", [record])
    assert sorted(sink.files) == ["all.json", "labeling_config.xml"]
    [task] = json.loads(sink.files["all.json"])
    text = task["data"]["text"]
    assert text == record["text"]
    [annotation] = task["annotations"]
    assert annotation["ground_truth"] is True  # the record is reviewed gold
    labels = [item for item in annotation["result"] if item["type"] == "labels"]
    assert all(text[i["value"]["start"]:i["value"]["end"]] == i["value"]["text"] for i in labels)
    assert [p["model_version"] for p in task["predictions"]] == ["ner-v2"]
    config = ET.fromstring(sink.files["labeling_config.xml"])
    assert [label.get("value") for label in config.iter("Label")] == ["PER", "ORG", "LOC"]
    assert [relation.get("value") for relation in config.iter("Relation")] == ["works_for", "knows"]
    [back] = read("labelstudio", sink)
    assert sorted(map(span_key, back["spans"])) == sorted(map(span_key, record["spans"]))
    assert sorted(relation_keys(back)) == sorted(relation_keys(record))
    assert (back["external_id"], back["title"], back["meta"]) == ("news-42", "Summit", record["meta"])


def test_utf16_option_writes_what_a_utf16_label_studio_counts(write, read, make_record):
    record = make_record(split=None)
    sink = write("labelstudio", [record], {"offsets": "utf16"})
    [task] = json.loads(sink.files["all.json"])
    berlin = next(i for i in task["annotations"][0]["result"] if i.get("value", {}).get("text") == "Berlin")
    assert berlin["value"]["start"] == record["text"].index("Berlin") + 1  # one emoji before it
    [back] = read("labelstudio", sink)  # read back to code points by value.text
    assert sorted(map(span_key, back["spans"])) == sorted(map(span_key, record["spans"]))


def test_text_under_another_data_key_and_a_task_without_data():
    task = {"id": 3, "data": {"body": "Ada Lovelace wrote notes.", "lang": "en"}, "annotations": [], "predictions": []}
    record = read(json.dumps([task]).encode())[0].record
    assert record["text"] == "Ada Lovelace wrote notes." and record["meta"] == {"lang": "en"}
    with pytest.raises(FormatError) as error:
        read(b'[{"annotations": []}]', "t.json")
    assert str(error.value) == "t.json line 1, field 'data': missing: a task needs a `data` object holding its text"
