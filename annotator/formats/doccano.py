"""doccano's "sequence labeling with relations" JSONL, so a team can move to and from doccano.

    {"id": 7, "text": "...", "entities": [{"id": 1, "label": "PER", "start_offset": 0,
     "end_offset": 5}], "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "works_for"}],
     "external_id": "...", "title": "...", "meta": "<JSON text>"}

Extra top-level keys are what doccano keeps as a document's metadata; ours are written as one,
`meta`, holding the document's meta as JSON text, so every line has the same schema whatever the
documents' meta (Hugging Face `datasets` loads all splits at once). The reader takes extra top-level
keys as meta, and `meta` as JSON text or as an object. The reader also takes doccano's plain sequence-labeling export,
`{"text", "label": [[start, end, "PER"], ...]}`.

Offsets: we write code points, as doccano's importer and Python read them (and doccano's docs
describe them). Beware that doccano's browser UI, unless the project counts grapheme
clusters, indexes text in UTF-16 units (doccano issue #2290): in a text with emoji or other
characters outside the BMP, spans after them show shifted in doccano, and files exported from
such a doccano project count UTF-16. Option `{"offsets": "utf16"}` (writer and reader; the API's
`options`, the CLI's `--option offsets=utf16`, the dashboard's export form) converts explicitly.

A file read without the option whose spans line up only as UTF-16 is refused, naming the option
(offsets.utf16_evidence has the rule: on a line with characters outside the BMP, every offset is a
UTF-16 boundary, and more spans cut a word read as code points but sit cleanly read as UTF-16, like
'atya Nadella ' for 'Satya Nadella', than the other way round). `{"offsets": "codepoints"}` given
explicitly reads code points without that check.
"""
from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from annotator.formats.base import Carries, Format, FormatError, FormatOption, ReadItem, SplitStreamWriter
from annotator.formats.offsets import from_utf16, utf16_evidence, utf16_offsets
from annotator.formats.records import dump_json_line, iter_json_lines, meta_read, meta_text, new_record, validate_record

RESERVED_KEYS = {"id", "text", "entities", "relations", "label", "Comments", "meta", "external_id", "title"}
OFFSETS = FormatOption(
    "offsets", ("codepoints", "utf16"), "codepoints",
    "What start_offset and end_offset count: code points (Python, doccano's importer) or UTF-16 code units "
    "(doccano's browser UI, for text with emoji).")


def _offset_unit(options: dict) -> str:
    return OFFSETS.value(options)


class DoccanoWriter(SplitStreamWriter):
    extension = ".jsonl"
    card_schema = {
        "id": "int64", "text": "string",
        "entities": [{"id": "int64", "label": "string", "start_offset": "int64", "end_offset": "int64"}],
        "relations": [{"id": "int64", "from_id": "int64", "to_id": "int64", "type": "string"}],
        "external_id": "string", "title": "string", "meta": "string",
    }
    card_about = "doccano's sequence labeling with relations JSONL; `meta` is JSON text."

    def write_record(self, stream: BinaryIO, record: dict, split: str) -> None:
        convert = utf16_offsets(record["text"]) if _offset_unit(self.options) == "utf16" else None
        number = {span["id"]: index for index, span in enumerate(record.get("spans") or (), start=1)}
        entities = [
            {"id": number[span["id"]], "label": span["label"],
             "start_offset": convert[span["start"]] if convert else span["start"],
             "end_offset": convert[span["end"]] if convert else span["end"]}
            for span in record.get("spans") or ()
        ]
        relations = [
            {"id": index, "from_id": number[rel["head"]], "to_id": number[rel["child"]], "type": rel["label"]}
            for index, rel in enumerate(record.get("relations") or (), start=1)
        ]
        line = {"id": record.get("id"), "text": record["text"], "entities": entities, "relations": relations,
                "external_id": record.get("external_id") or "", "title": record.get("title") or ""}
        line["meta"] = meta_text(record.get("meta"))
        stream.write(dump_json_line(line))


def line_to_record(value: dict, filename: str, number: int, unit: str) -> dict:
    text = value.get("text")
    if not isinstance(text, str):
        return new_record(text)  # validation reports the missing text
    to_codepoint = from_utf16(text) if unit == "utf16" else None
    spans = []
    if "entities" in value:
        for index, entity in enumerate(value.get("entities") or []):
            if not isinstance(entity, dict):
                raise FormatError(filename, number, f"entities[{index}]", "must be an object")
            spans.append({"id": entity.get("id", index), "start": entity.get("start_offset"),
                          "end": entity.get("end_offset"), "label": entity.get("label")})
    elif isinstance(value.get("label"), list):
        for index, item in enumerate(value["label"]):
            if not (isinstance(item, list) and len(item) == 3):
                raise FormatError(filename, number, f"label[{index}]", f"expected [start, end, label], got {item!r}")
            spans.append({"id": index, "start": item[0], "end": item[1], "label": item[2]})
    if to_codepoint:
        for index, span in enumerate(spans):
            for position, end in enumerate(("start", "end")):
                point = to_codepoint(span[end]) if type(span[end]) is int else None
                if point is None:  # named as the line gives it: an entity's key, or a label triple's place
                    field = f"entities[{index}].{end}_offset" if "entities" in value else f"label[{index}][{position}]"
                    raise FormatError(filename, number, field,
                                      f"{span[end]!r} is not a UTF-16 character boundary of the text")
                span[end] = point
    relations = [
        {"head": rel.get("from_id"), "child": rel.get("to_id"), "label": rel.get("type")}
        for rel in value.get("relations") or [] if isinstance(rel, dict)
    ]
    meta = {key: item for key, item in value.items() if key not in RESERVED_KEYS}
    meta.update(meta_read(value.get("meta"), file=filename, line=number))
    # doccano's own export has `id` (its example id) and no external_id: that id identifies the
    # document to the team, so it becomes the external id. Our export writes both; its external_id wins.
    external_id = value.get("external_id") if "external_id" in value else value.get("id")
    return new_record(text, external_id="" if external_id is None else str(external_id),
                      title=value.get("title") or "", meta=meta, spans=spans, relations=relations)


def read_doccano(fileobj: BinaryIO, filename: str, options: dict) -> Iterator[ReadItem]:
    unit = _offset_unit(options)
    check_units = OFFSETS.name not in options  # an explicit "codepoints" is taken at its word
    for number, value in iter_json_lines(fileobj, filename):
        record = line_to_record(value, filename, number, unit)
        if check_units and isinstance(record["text"], str):
            _refuse_utf16(record, filename, number, "entities" if "entities" in value else "label")
        try:
            validate_record(record, file=filename, line=number)
        except FormatError as error:
            raise FormatError(filename, number, doccano_field(error.field), error.message) from None
        yield ReadItem(record, filename, number)


def _refuse_utf16(record: dict, filename: str, number: int, key: str) -> None:
    """FormatError naming the option when the record's spans line up only as UTF-16 code units."""
    text, spans = record["text"], record["spans"]
    index = utf16_evidence(text, [(span["start"], span["end"]) for span in spans])
    if index is None:
        return
    start, end = spans[index]["start"], spans[index]["end"]
    to_point = from_utf16(text)
    field = f"entities[{index}].start_offset" if key == "entities" else f"label[{index}]"
    raise FormatError(filename, number, field,
                      f"the spans line up only when offsets count UTF-16 code units, as doccano's browser UI "
                      f"writes them for text with emoji: {start}-{end} is {text[start:end]!r} read as code points "
                      f"but {text[to_point(start):to_point(end)]!r} read as UTF-16; import with the option "
                      '{"offsets": "utf16"} (or {"offsets": "codepoints"} if the offsets really count code points)')


FIELD_NAMES = [
    (re.compile(r"^spans\[(\d+)\]\.(start|end)$"), r"entities[\1].\2_offset"),
    (re.compile(r"^spans\["), "entities["),
    (re.compile(r"^(relations\[\d+\])\.head$"), r"\1.from_id"),
    (re.compile(r"^(relations\[\d+\])\.child$"), r"\1.to_id"),
    (re.compile(r"^(relations\[\d+\])\.label$"), r"\1.type"),
]


def doccano_field(field: str | None) -> str | None:
    """Validation names our fields (spans[0].end); doccano users know entities[0].end_offset."""
    for pattern, replacement in FIELD_NAMES:
        if field and pattern.search(field):
            return pattern.sub(replacement, field)
    return field


FORMAT = Format(
    name="doccano",
    title="doccano JSONL (sequence labeling with relations)",
    extensions=(".jsonl",),
    carries=Carries(spans=True, relations=True, overlapping=True, exact_text=True),
    read_file=read_doccano,
    make_writer=DoccanoWriter,
    tokens="none",
    field_name=doccano_field,
    options=(OFFSETS,),
)
