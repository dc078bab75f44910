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
    # One key whatever the meta (doccano keeps it as a metadata entry), JSON text so every line has one schema.
    assert "source" not in line and json.loads(line["meta"]) == record["meta"]
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


# What doccano's browser UI writes for a text with emoji: offsets in UTF-16 code units.
CEO_TEXT = "🚀 Satya Nadella leads Microsoft 🎉 since 2014."


def utf16_entities(text, *pieces):
    units = text.encode("utf-16-le")
    entities = []
    for index, (piece, label) in enumerate(pieces, start=1):
        start = units.index(piece.encode("utf-16-le")) // 2
        entities.append({"id": index, "label": label, "start_offset": start, "end_offset": start + len(piece)})
    return entities


def test_a_utf16_file_read_as_code_points_is_refused_naming_the_option():
    line = {"text": CEO_TEXT, "entities": utf16_entities(CEO_TEXT, ("Satya Nadella", "PER"), ("Microsoft", "ORG")),
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "works_for"}]}
    with pytest.raises(FormatError) as caught:
        read([{"text": "No emoji here", "entities": []}, line])
    error = caught.value
    assert (error.line, error.field) == (2, "entities[0].start_offset")
    assert "'atya Nadella ' read as code points but 'Satya Nadella' read as UTF-16" in error.message
    assert '{"offsets": "utf16"}' in error.message
    [record] = read([line], {"offsets": "utf16"})
    assert [CEO_TEXT[s["start"]:s["end"]] for s in record["spans"]] == ["Satya Nadella", "Microsoft"]
    assert record["relations"] == [{"head": 1, "child": 2, "label": "works_for"}]


def test_the_plain_label_layout_is_checked_too():
    entities = utf16_entities(CEO_TEXT, ("Microsoft", "ORG"))
    line = {"text": CEO_TEXT, "label": [[e["start_offset"], e["end_offset"], e["label"]] for e in entities]}
    with pytest.raises(FormatError, match=r"field 'label\[0\]'.*'icrosoft ' read as code points"):
        read([line])


def test_code_point_files_with_emoji_are_read_as_they_are():
    satya, microsoft = CEO_TEXT.index("Satya Nadella"), CEO_TEXT.index("Microsoft")
    line = {"text": CEO_TEXT, "entities": [
        {"id": 1, "label": "PER", "start_offset": satya, "end_offset": satya + 13},
        {"id": 2, "label": "ORG", "start_offset": microsoft, "end_offset": microsoft + 9}]}
    [record] = read([line])
    assert [CEO_TEXT[s["start"]:s["end"]] for s in record["spans"]] == ["Satya Nadella", "Microsoft"]


def test_spans_that_fit_neither_reading_are_left_to_the_other_checks():
    # "adella" cuts a word read either way: nothing shows UTF-16, so it is read as code points.
    start = CEO_TEXT.index("adella")
    [record] = read([{"text": CEO_TEXT, "entities": [{"id": 1, "label": "X", "start_offset": start,
                                                      "end_offset": start + 6}]}])
    assert record["spans"][0]["start"] == start


def test_an_explicit_codepoints_option_skips_the_check():
    line = {"text": CEO_TEXT, "entities": utf16_entities(CEO_TEXT, ("Microsoft", "ORG"))}
    [record] = read([line], {"offsets": "codepoints"})
    span = record["spans"][0]
    assert CEO_TEXT[span["start"]:span["end"]] == "icrosoft "


def test_format_options_are_checked_by_the_format():
    from annotator.formats.base import FormatOptionError

    assert DOCCANO.options_validate({"offsets": "utf16"}, purpose="read") == {"offsets": "utf16"}
    with pytest.raises(FormatOptionError) as caught:
        DOCCANO.options_validate({"offsets": "bytes"}, purpose="write")
    assert caught.value.field == "options.offsets" and "codepoints, utf16" in caught.value.message
    with pytest.raises(FormatOptionError) as caught:
        get_format("jsonl").options_validate({"offsets": "utf16"}, purpose="read")
    assert caught.value.field == "options.offsets"


def test_a_person_s_odd_span_does_not_hide_the_shift_of_the_others():
    entities = utf16_entities(CEO_TEXT, ("Satya Nadella", "PER"), ("Microsoft", "ORG"), ("Nadell", "X"))
    with pytest.raises(FormatError, match=r"field 'entities\[0\]\.start_offset'.*\"offsets\": \"utf16\""):
        read([{"text": CEO_TEXT, "entities": entities}])


def test_doccanos_own_id_becomes_the_external_id():
    [own, ours] = read([{"id": 1207, "text": "Ada", "label": [[0, 3, "PER"]]},
                        {"id": 5, "external_id": "", "text": "Bob", "entities": []}])
    assert own["external_id"] == "1207"
    assert ours["external_id"] == ""  # our export's external_id key wins over its database id
