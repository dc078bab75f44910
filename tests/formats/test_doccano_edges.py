"""doccano JSONL at its edges, as a team moving in from doccano sees it: both span shapes (`label`
triples and `entities` objects) read with ids, relations, title, meta and the example id as external
id; every refusal named at its line with doccano's own field names; UTF-16 offsets converted or refused."""
import io
import json

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format

DOCCANO = get_format("doccano")


def read(*lines, options=None):
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode("utf-8")
    reader = DOCCANO.reader(io.BytesIO(data), "d.jsonl", options) if options else DOCCANO.reader(io.BytesIO(data), "d.jsonl")
    return list(reader)


def refusal(*lines, options=None) -> str:
    with pytest.raises(FormatError) as refused:
        read(*lines, options=options)
    return str(refused.value)


def test_both_span_shapes_read_with_ids_relations_title_meta_and_the_example_id():
    first, second = read(
        {"id": 5, "text": "Ana met Bo", "title": "T", "meta": {"k": 1}, "source": "wire",
         "label": [[0, 3, "PER"], [8, 10, "PER"]]},
        {"text": "x", "external_id": "e1", "id": 99, "relations": [{"from_id": 7, "to_id": 1, "type": "r"}, "junk"],
         "entities": [{"id": 7, "start_offset": 0, "end_offset": 1, "label": "A"},
                      {"start_offset": 0, "end_offset": 1, "label": "B"}]})
    assert (first.file, first.line, second.file, second.line) == ("d.jsonl", 1, "d.jsonl", 2)
    assert (first.record["external_id"], first.record["title"], first.record["meta"]) == (
        "5", "T", {"k": 1, "source": "wire"})
    assert first.record["spans"] == [{"id": 0, "start": 0, "end": 3, "label": "PER"},
                                     {"id": 1, "start": 8, "end": 10, "label": "PER"}]
    assert (second.record["external_id"], second.record["title"], second.record["meta"]) == ("e1", "", {})
    assert second.record["spans"] == [{"id": 7, "start": 0, "end": 1, "label": "A"}, {"id": 1, "start": 0, "end": 1, "label": "B"}]
    assert second.record["relations"] == [{"head": 7, "child": 1, "label": "r"}]
    [plain] = read({"text": "x"})
    assert plain.record["external_id"] == "" and plain.record["spans"] == []


@pytest.mark.parametrize("line, message", [
    ({"text": "a", "entities": ["x"]}, "field 'entities[0]': must be an object"),
    ({"text": "a", "label": [[0, 1]]}, "field 'label[0]': expected [start, end, label], got [0, 1]"),
    ({"text": "a", "label": ["PER"]}, "field 'label[0]': expected [start, end, label], got 'PER'"),
    ({"label": []}, "field 'text': missing"),
    ({"text": "a", "meta": "{x"}, "field 'meta': JSON text that is not valid JSON: "
                                  "Expecting property name enclosed in double quotes at column 2"),
    ({"text": "Ana", "entities": [{"start_offset": 1, "end_offset": 6, "label": "P"}]},
     "field 'entities[0].end_offset': end 6 is past the end of the text (3 characters)"),
])
def test_a_bad_line_is_refused_at_its_line_with_doccanos_field_names(line, message):
    assert refusal({"text": "fine"}, line) == f"d.jsonl line 2, {message}"


def test_utf16_offsets_are_refused_without_the_option_and_converted_with_it():
    line = {"text": "😀 Ana", "label": [[3, 6, "PER"]]}
    assert refusal(line) == (
        "d.jsonl line 1, field 'label[0]': the spans line up only when offsets count UTF-16 code units, as "
        "doccano's browser UI writes them for text with emoji: 3-6 is 'na' read as code points but 'Ana' read as "
        "UTF-16; import with the option {\"offsets\": \"utf16\"} (or {\"offsets\": \"codepoints\"} if the offsets "
        "really count code points)")
    [item] = read(line, options={"offsets": "utf16"})
    assert item.record["spans"] == [{"id": 0, "start": 2, "end": 5, "label": "PER"}]
    entities = {"text": "😀 Ana", "entities": [{"start_offset": 3, "end_offset": 6, "label": "PER"}]}
    assert refusal(entities).startswith("d.jsonl line 1, field 'entities[0].start_offset': the spans line up only when")
    [item] = read({"text": "😀 Ana", "label": [[2, 5, "PER"]]}, options={"offsets": "codepoints"})
    assert item.record["spans"][0]["start"] == 2  # taken at its word


def test_an_offset_inside_an_emoji_is_named_by_where_the_line_gives_it():
    assert refusal({"text": "😀 Ana", "label": [[1, 6, "PER"]]}, options={"offsets": "utf16"}) == (
        "d.jsonl line 1, field 'label[0][0]': 1 is not a UTF-16 character boundary of the text")
    assert refusal({"text": "😀 Ana", "entities": [{"start_offset": 3, "end_offset": 1, "label": "P"}]},
                   options={"offsets": "utf16"}) == (
        "d.jsonl line 1, field 'entities[0].end_offset': 1 is not a UTF-16 character boundary of the text")
