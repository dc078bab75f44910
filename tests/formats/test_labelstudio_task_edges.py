"""One Label Studio task read as a record, as a team moving in expects it: every annotator's work, the
ground truth as gold, each prediction with its model version and scores, relations in their direction,
what is skipped counted, JSON-MIN's flat objects, our own export's ids; and each refusal naming the
task's line and the field inside it."""
import pytest

from annotator.formats.base import FormatError
from annotator.formats.labelstudio import task_to_record

TASK = {
    "id": 7, "data": {"text": "Ana met Bo in Oslo.", "source": "wire", "tags": ["x"]}, "meta": {"batch": "A"},
    "annotations": [
        {"was_cancelled": True, "result": [{"id": "c", "value": {"start": 0, "end": 3, "labels": ["PER"]}}]},
        {"completed_by": {"email": "ann@x.org"}, "result": [
            {"id": "r1", "type": "labels", "value": {"start": 0, "end": 3, "text": "Ana", "labels": ["PER"]}},
            {"id": "r2", "type": "labels", "value": {"start": 8, "end": 10, "text": "Bo", "labels": "PER"}},
            {"type": "choices", "value": {"choices": ["news"]}},
            {"type": "relation", "from_id": "r1", "to_id": "r2", "labels": ["knows"], "direction": "left"},
            {"type": "relation", "from_id": "r1", "to_id": "r2", "labels": []}]},
        {"completed_by": 3, "ground_truth": True, "result": [
            {"id": "g", "type": "hypertextlabels", "value": {"start": 14, "end": 18, "hypertextlabels": ["LOC", "CITY"]}}]},
    ],
    "predictions": [
        {"score": 0.5, "result": [{"id": "p", "value": {"start": 0, "end": 3, "labels": ["PER"]}}]},
        {"model_version": 2, "score": 0.5, "result": [{"id": "q", "score": 0.9,
                                                        "value": {"start": 0, "end": 3, "labels": ["ORG"]}}]},
    ],
}
GOLD = [{"id": "g#0", "start": 14, "end": 18, "label": "LOC"}, {"id": "g#1", "start": 14, "end": 18, "label": "CITY"}]


def test_a_task_gives_every_annotation_the_gold_and_each_prediction_with_what_was_skipped_counted():
    record = task_to_record(TASK, "t.json", 4)
    assert (record["external_id"], record["title"], record["text"]) == ("7", "", "Ana met Bo in Oslo.")
    assert record["meta"] == {"batch": "A", "source": "wire"}  # data's other strings kept, lists not
    assert (record["spans"], record["relations"]) == (GOLD, [])
    assert record["annotation_sets"] == [
        {"kind": "annotation", "annotator": "ann@x.org", "where": "annotations[1]",
         "spans": [{"id": "r1#0", "start": 0, "end": 3, "label": "PER"}, {"id": "r2#0", "start": 8, "end": 10, "label": "PER"}],
         "relations": [{"head": "r2#0", "child": "r1#0", "label": "knows"}]},  # drawn right to left
        {"kind": "annotation", "annotator": "labelstudio-user-3", "where": "annotations[2]", "spans": GOLD,
         "relations": []},
        {"kind": "gold", "annotator": "labelstudio-user-3", "where": "annotations[2]", "spans": GOLD, "relations": []},
        {"kind": "prediction", "model_version": "", "score": 0.5, "where": "predictions[0]", "relations": [],
         "spans": [{"id": "p#0", "start": 0, "end": 3, "label": "PER", "score": 0.5}]},
        {"kind": "prediction", "model_version": "2", "score": 0.5, "where": "predictions[1]", "relations": [],
         "spans": [{"id": "q#0", "start": 0, "end": 3, "label": "ORG", "score": 0.9}]},  # the item's own score
    ]
    assert record["skipped"] == {"cancelled_annotations": 1, "relations_without_label": 1}


def test_without_ground_truth_there_is_no_gold_and_a_task_without_id_has_no_external_id():
    task = {"data": {"text": "Ana."}, "annotations": [{"completed_by": 3, "result": []}]}
    record = task_to_record(task, "t.json", 1)
    assert record["external_id"] == "" and (record["spans"], record["relations"]) == ([], [])
    assert [one["kind"] for one in record["annotation_sets"]] == ["annotation"]


def test_json_min_objects_are_one_annotation_each_under_their_labels_key():
    task = {"id": 3, "text": "Ana met Bo.", "source": "wire", "annotator": "ann@x.org", "annotation_id": 5,
            "lead_time": 3.2, "agreement": None, "created_at": "x", "updated_at": "y",
            "label": [{"start": 0, "end": 3, "text": "Ana", "labels": ["PER"]},
                      {"start": 8, "end": 10, "text": "Bo", "labels": ["PER"]}]}
    record = task_to_record(task, "m.json", 2)
    assert (record["external_id"], record["meta"], record["spans"]) == ("3", {"source": "wire"}, [])
    assert record["annotation_sets"] == [{"kind": "annotation", "annotator": "ann@x.org", "relations": [], "spans": [
        {"id": "label0#0", "start": 0, "end": 3, "label": "PER"}, {"id": "label1#0", "start": 8, "end": 10, "label": "PER"}]}]
    empty = task_to_record({"id": 4, "text": "Ana.", "ents": [], "annotator": 7}, "m.json", 2)
    assert empty["annotation_sets"] == [{"kind": "annotation", "annotator": "labelstudio-user-7", "spans": [],
                                         "relations": []}]


def test_our_own_export_brings_back_the_external_id_and_title_and_drops_our_id():
    task = {"id": 1, "data": {"text": "Ana.", "title": "T"}, "meta": {"id": 99, "external_id": "doc-9", "k": 1},
            "annotations": [], "predictions": []}
    record = task_to_record(task, "o.json", 2)
    assert (record["external_id"], record["title"], record["meta"]) == ("doc-9", "T", {"k": 1})
    unnamed = task_to_record({"id": 1, "data": {"text": "Ana."}, "meta": {"id": 99, "external_id": ""}}, "o.json", 2)
    assert (unnamed["external_id"], unnamed["title"], unnamed["meta"]) == ("1", "", {})


@pytest.mark.parametrize("task, message", [
    ({"data": {"text": "a"}, "annotations": [{}, "x"]}, "field 'annotations[1]': must be an object"),
    ({"data": {"text": "a"}, "predictions": [3]}, "field 'predictions[0]': must be an object"),
    ({"data": {"text": "a"}, "annotations": [{"result": {"a": 1}}]},
     "field 'annotations[0].result': must be a list of result items"),
    ({"data": {"text": "a"}, "predictions": [{"result": ["x"]}]}, "field 'predictions[0].result[0]': must be an object"),
    ({"data": {"text": "Ana"}, "annotations": [{"result": [
        {"id": "a", "value": {"start": 0, "end": 3, "labels": ["P"]}},
        {"type": "relation", "from_id": "a", "to_id": "zz", "labels": ["r"]}]}]},
     "field 'annotations[0].result[1].to_id': refers to region 'zz', which holds no labeled span here"),
    ({"data": {"text": "Ana"}, "predictions": [{"result": [{"id": "a", "value": {"start": 0.0, "end": 3, "labels": ["P"]}}]}]},
     "field 'predictions[0].result[0].value.start': start and end must be integers, got 0.0 and 3"),
])
def test_a_broken_task_is_refused_at_its_line_naming_the_field(task, message):
    with pytest.raises(FormatError) as refused:
        task_to_record(task, "b.json", 5)
    assert str(refused.value) == f"b.json line 5, {message}"


def labels_item(span_id, start, end, text, label, **extra):
    return {"id": f"s{span_id}", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}, **extra}


def test_a_reviewed_record_is_written_as_ground_truth_with_each_models_prediction_named_model_at_version():
    from annotator.formats.labelstudio import task_from_record

    record = {"id": 5, "external_id": "d5", "title": "T", "text": "😀 Ana", "meta": {"k": 1}, "reviewer": "bob",
              "spans": [{"id": 1, "start": 2, "end": 5, "label": "PER"}, {"id": 2, "start": 0, "end": 1, "label": "EMO"}],
              "relations": [{"head": 1, "child": 2, "label": "r"}],
              "predictions": [{"model": "spacy", "model_version": "3", "score": 0.7, "relations": [],
                               "spans": [{"id": 1, "start": 2, "end": 5, "label": "PER", "score": 0.9}]},
                              {"model": "v1", "model_version": "v1", "spans": []},
                              {"model": "", "model_version": "x", "spans": []}, {"model": "m", "spans": []}]}
    assert task_from_record(record, {"offsets": "utf16"}) == {
        "data": {"text": "😀 Ana", "title": "T"}, "meta": {"k": 1, "id": 5, "external_id": "d5"},
        "annotations": [{"result": [labels_item(1, 3, 6, "Ana", "PER"), labels_item(2, 0, 2, "😀", "EMO"),
                                    {"from_id": "s1", "to_id": "s2", "type": "relation", "direction": "right",
                                     "labels": ["r"]}],
                         "ground_truth": True, "was_cancelled": False}],
        "predictions": [{"model_version": "spacy@3", "score": 0.7,
                         "result": [labels_item(1, 3, 6, "Ana", "PER", score=0.9)]},
                        {"model_version": "v1", "result": []}, {"model_version": "x", "result": []},
                        {"model_version": "m", "result": []}],
    }
    assert task_from_record(record, {})["annotations"][0]["result"][0]["value"]["start"] == 2  # code points


def test_a_scored_record_nobody_reviewed_is_written_as_a_prediction_and_an_unscored_one_as_an_annotation():
    from annotator.formats.labelstudio import task_from_record

    scored = {"id": 6, "text": "Ana", "spans": [{"id": 1, "start": 0, "end": 3, "label": "PER", "score": 0.5}],
              "model_version": "spacy@3"}
    assert task_from_record(scored, {}) == {
        "data": {"text": "Ana"}, "meta": {"id": 6, "external_id": ""}, "annotations": [],
        "predictions": [{"model_version": "spacy@3", "result": [labels_item(1, 0, 3, "Ana", "PER", score=0.5)]}]}
    assert task_from_record({**scored, "model_version": None}, {})["predictions"][0]["model_version"] == "export"
    assert task_from_record({**scored, "reviewer": "bob"}, {})["annotations"][0]["ground_truth"] is True
    plain = task_from_record({"id": 7, "text": "Ana", "spans": [{"id": 1, "start": 0, "end": 3, "label": "PER"}]}, {})
    assert plain["annotations"] == [{"result": [labels_item(1, 0, 3, "Ana", "PER")], "ground_truth": False,
                                     "was_cancelled": False}] and plain["predictions"] == []
    assert task_from_record({"id": 8, "text": "Ana"}, {}) == {
        "data": {"text": "Ana"}, "meta": {"id": 8, "external_id": ""}, "annotations": [], "predictions": []}
