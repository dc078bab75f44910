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


@pytest.mark.parametrize("completed_by, annotator", [
    ({"email": "ann@x.org", "username": "ann", "id": 3}, "ann@x.org"),
    ({"email": "", "username": "ann", "id": 3}, "ann"),
    ({"id": 3}, "labelstudio-user-3"),
    ({}, None), ({"email": None}, None),
    (3, "labelstudio-user-3"), ("ann@x.org", "ann@x.org"), ("", None), (None, None), (True, None),
])
def test_who_completed_an_annotation_is_named_by_email_then_username_then_user_id(completed_by, annotator):
    task = {"data": {"text": "Ana"}, "annotations": [{"completed_by": completed_by, "result": []}]}
    assert task_to_record(task, "t.json", 1)["annotation_sets"][0]["annotator"] == annotator


def test_the_text_is_data_text_else_the_longest_string_and_the_other_strings_become_meta():
    record = task_to_record({"data": {"title": "Short", "body": "The longest string here", "n": 3, "tags": ["a"]}},
                            "t.json", 1)
    assert record["text"] == "The longest string here" and record["meta"] == {"n": 3}
    assert record["title"] == "Short"  # a data key named title is the title
    record = task_to_record({"data": {"text": "x", "body": "The longest string here"}}, "t.json", 1)
    assert record["text"] == "x" and record["meta"] == {"body": "The longest string here"}
    record = task_to_record({"data": {"text": 5, "body": "Body"}}, "t.json", 1)
    assert record["text"] == "Body" and record["meta"] == {"text": 5}


@pytest.mark.parametrize("task, message", [
    ({"data": "Ana", "annotations": []}, "field 'data': missing: a task needs a `data` object holding its text"),
    ({"predictions": []}, "field 'data': missing: a task needs a `data` object holding its text"),
    ({"data": {"n": 1, "tags": ["a"]}}, "field 'data.text': missing: no string in the task's data to annotate"),
    ({"id": 1, "label": []}, "field 'data.text': missing: no string in the task's data to annotate"),
])
def test_a_task_without_text_is_refused_naming_where_the_text_should_be(task, message):
    with pytest.raises(FormatError) as refused:
        task_to_record(task, "t.json", 9)
    assert str(refused.value) == f"t.json line 9, {message}"


def test_result_items_that_mark_no_span_are_passed_over_and_a_span_keeps_each_of_its_labels():
    result = [{"id": "a", "type": "textarea", "value": {"text": ["note"]}}, {"id": "b", "value": {"start": 0}},
              {"id": "c", "value": "x"}, {"id": "d", "value": {"start": 0, "end": 3, "labels": []}},
              {"value": {"start": 4, "end": 7, "text": "met", "labels": ["V", "W"]}}]
    record = task_to_record({"data": {"text": "Ana met Bo"}, "annotations": [{"result": result}]}, "t.json", 1)
    assert record["annotation_sets"][0]["spans"] == [{"id": "4#0", "start": 4, "end": 7, "label": "V"},
                                                     {"id": "4#1", "start": 4, "end": 7, "label": "W"}]


def test_a_relation_links_the_first_label_of_each_region_and_every_relation_label_counts():
    result = [{"id": "a", "value": {"start": 0, "end": 3, "labels": ["PER", "X"]}},
              {"id": "b", "value": {"start": 8, "end": 10, "labels": ["PER"]}},
              {"type": "relation", "from_id": "a", "to_id": "b", "labels": ["knows", "likes"]},
              {"type": "relation", "from_id": "a", "to_id": "b", "labels": ["met"], "direction": "right"}]
    record = task_to_record({"data": {"text": "Ana met Bo"}, "annotations": [{"result": result}]}, "t.json", 1)
    assert record["annotation_sets"][0]["relations"] == [{"head": "a#0", "child": "b#0", "label": "knows"},
                                                         {"head": "a#0", "child": "b#0", "label": "likes"},
                                                         {"head": "a#0", "child": "b#0", "label": "met"}]
    from_unknown = [result[0], {"type": "relation", "from_id": 9, "to_id": "a", "labels": ["r"]}]
    with pytest.raises(FormatError) as refused:
        task_to_record({"data": {"text": "Ana met Bo"}, "predictions": [{"result": from_unknown}]}, "t.json", 3)
    assert str(refused.value) == ("t.json line 3, field 'predictions[0].result[1].from_id': refers to region 9, "
                                  "which holds no labeled span here")


def test_offsets_are_read_as_code_points_when_the_text_matches_else_as_utf16_units_else_refused():
    text = "😀 Ana met 😀 Bo"
    def spans(start, end, given):
        task = {"data": {"text": text}, "annotations": [{"result": [
            {"id": "a", "value": {"start": start, "end": end, "text": given, "labels": ["PER"]}}]}]}
        return [(s["start"], s["end"]) for s in task_to_record(task, "t.json", 2)["annotation_sets"][0]["spans"]]
    assert spans(2, 5, "Ana") == [(2, 5)] and spans(3, 6, "Ana") == [(2, 5)]
    assert spans(14, 16, "Bo") == [(12, 14)] and spans(12, 14, "Bo") == [(12, 14)]
    assert spans(3, 6, None) == [(3, 6)]  # no text to check against: taken as code points
    with pytest.raises(FormatError) as refused:
        spans(4, 7, "Ana")
    assert str(refused.value) == ("t.json line 2, field 'annotations[0].result[0].value.text': 'Ana' is not the text "
                                  "at 4-7, counted in code points ('a m') or in UTF-16 code units")
