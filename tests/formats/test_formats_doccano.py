"""doccano JSONL: line shape, meta at the top level, UTF-16 option, doccano's field names in errors."""
import io
import json

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format
from annotator.formats.records import new_record

DOCCANO = get_format("doccano")


def read(lines, options=None):
    data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")
    return [item.record for item in DOCCANO.reader(io.BytesIO(data), "doccano.jsonl", options)]


def test_line_shape(write, make_record):
    record = make_record(meta={"source": "wire", "text": "collides", "entities": 1})
    [line] = [json.loads(x) for x in write("doccano", [record]).files["train.jsonl"].splitlines()]
    assert line["id"] == 42 and line["text"] == record["text"]
    start = record["text"].index("CDU")
    assert line["entities"][1] == {"id": 2, "label": "ORG", "start_offset": start, "end_offset": start + 3}
    assert line["relations"][0] == {"id": 1, "from_id": 1, "to_id": 2, "type": "works_for"}
    assert line["source"] == "wire"  # doccano keeps extra top-level keys as metadata
    assert line["meta"] == {"text": "collides", "entities": 1}
    assert (line["external_id"], line["title"]) == ("news-42", "Summit")
    [back] = read([line])
    assert back["meta"] == record["meta"]


def test_utf16_option_converts_offsets_both_ways(write):
    text = "😀 Bob and 👩\u200d👩\u200d👧 Ann"
    bob, ann = text.index("Bob"), text.index("Ann")
    record = new_record(text, spans=[{"id": 1, "start": bob, "end": bob + 3, "label": "PER"},
                                     {"id": 2, "start": ann, "end": ann + 3, "label": "PER"}])
    [line] = [json.loads(x) for x in write("doccano", [record], {"offsets": "utf16"}).files["all.jsonl"].splitlines()]
    # What a JavaScript UI counts: the emoji are 2 units, the family is 8.
    assert [(e["start_offset"], e["end_offset"]) for e in line["entities"]] == [(3, 6), (20, 23)]
    assert text.encode("utf-16-le")[2 * 20:2 * 23].decode("utf-16-le") == "Ann"
    [back] = read([line], {"offsets": "utf16"})
    assert [(s["start"], s["end"]) for s in back["spans"]] == [(bob, bob + 3), (ann, ann + 3)]


def test_offset_inside_a_surrogate_pair_is_an_error():
    with pytest.raises(FormatError, match=r"entities\[0\].start_offset'.*not a UTF-16 character boundary"):
        read([{"text": "😀 Bob", "entities": [{"id": 1, "label": "X", "start_offset": 1, "end_offset": 3}]}],
             {"offsets": "utf16"})


def test_reads_the_plain_sequence_labeling_export():
    [record] = read([{"text": "Ada met Bob", "label": [[0, 3, "PER"], [8, 11, "PER"]], "source": "x"}])
    assert [(s["start"], s["end"], s["label"]) for s in record["spans"]] == [(0, 3, "PER"), (8, 11, "PER")]
    assert record["meta"] == {"source": "x"}


def test_errors_use_doccano_field_names():
    line = {"text": "short", "entities": [{"id": 1, "label": "X", "start_offset": 0, "end_offset": 40}],
            "relations": [{"id": 1, "from_id": 1, "to_id": 5, "type": "r"}]}
    with pytest.raises(FormatError) as caught:
        read([{"text": "fine"}, line])
    assert str(caught.value) == ("doccano.jsonl line 2, field 'entities[0].end_offset': "
                                 "end 40 is past the end of the text (5 characters)")
    line["entities"][0]["end_offset"] = 5
    with pytest.raises(FormatError, match=r"line 1, field 'relations\[0\].to_id'"):
        read([line])


def test_unknown_offset_unit_is_refused():
    with pytest.raises(ValueError, match="options.offsets"):
        read([{"text": "a"}], {"offsets": "bytes"})
