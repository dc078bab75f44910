"""The native format: one document a line, exactly the contract's shape.

{id, external_id, title, text, meta (JSON text), split, spans: [{id, start, end, label, text, score}],
 relations: [{head, child, label}], tokens: [[start, end]], annotators, reviewer, reviewed_at}

It carries everything (overlaps, relations, exact text), so it is the lossless backup format.
`meta` is written as JSON text so the schema of every line is the same whatever the documents' meta
(Hugging Face `datasets` loads all splits at once); the reader takes it as text or as an object.
The reader also takes the minimal `{"text", "meta"}` lines of a plain corpus.
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

from annotator.formats.base import Carries, Format, ReadItem, SplitStreamWriter
from annotator.formats.json_text import ENCODER, json_list_text, json_text
from annotator.formats.records import RawJson, iter_json_lines, meta_read, meta_text, new_record, validate_record


class JsonlWriter(SplitStreamWriter):
    extension = ".jsonl"
    card_schema = {
        "id": "int64", "external_id": "string", "title": "string", "text": "string", "meta": "string",
        "split": "string",
        "spans": [{"id": "int64", "start": "int64", "end": "int64", "label": "string", "text": "string",
                   "score": "float64"}],
        "relations": [{"head": "int64", "child": "int64", "label": "string"}],
        "tokens": [["int64"]], "annotators": ["string"], "reviewer": "string", "reviewed_at": "string",
    }
    card_about = ("Our native JSON lines: one document a line, offsets in Unicode code points (Python string "
                  "indices), end exclusive; `meta` is JSON text.")

    def write_record(self, stream: BinaryIO, record: dict, split: str) -> None:
        # Encoded apart: the tokens (ASCII, most of the line) would otherwise be widened into the text's
        # wider characters (CJK, emoji, typographic quotes) and narrowed again.
        head, tokens, tail = _line_pieces(record)
        stream.write(b"".join((head.encode("utf-8"), tokens.encode("utf-8"), tail.encode("utf-8"))))


def line_text(record: dict) -> str:
    """A record's line, line end included: the characters `json.dumps` writes for the contract's dict
    of the record (json_text.py), assembled from its parts; stored tokens (RawJson) are spliced in as
    they are, neither decoded nor encoded again."""
    return "".join(_line_pieces(record))


def _line_pieces(record: dict) -> tuple[str, str, str]:
    """The line before the tokens' JSON text, that text, and the line after it."""
    text = record["text"]
    spans = record.get("spans")
    if spans:
        # `score`: a prediction's confidence, null for a person's span; always there, so every line has
        # one schema (Hugging Face `datasets` loads all splits at once).
        spans = "[" + ", ".join([
            f'{{"id": {json_text(span["id"])}, "start": {json_text(span["start"])}, '
            f'"end": {json_text(span["end"])}, "label": {json_text(span["label"])}, '
            f'"text": {json_text(text[span["start"]:span["end"]])}, "score": {json_text(span.get("score"))}}}'
            for span in spans]) + "]"
    else:
        spans = "[]"
    relations = record.get("relations")
    if relations:
        relations = "[" + ", ".join([
            f'{{"head": {json_text(rel["head"])}, "child": {json_text(rel["child"])}, '
            f'"label": {json_text(rel["label"])}}}' for rel in relations]) + "]"
    else:
        relations = "[]"
    tokens = record.get("tokens") or ()
    if not isinstance(tokens, RawJson):
        tokens = ENCODER.encode([[start, end] for start, end in tokens])
    head = (f'{{"id": {json_text(record.get("id"))}, "external_id": {json_text(record.get("external_id") or "")}, '
            f'"title": {json_text(record.get("title") or "")}, "text": {json_text(text)}, '
            f'"meta": {json_text(meta_text(record.get("meta")))}, "split": {json_text(record.get("split"))}, '
            f'"spans": {spans}, "relations": {relations}, "tokens": ')
    tail = (f', "annotators": {json_list_text(record.get("annotators") or ())}, '
            f'"reviewer": {json_text(record.get("reviewer"))}, "reviewed_at": {json_text(record.get("reviewed_at"))}}}\n')
    return head, tokens, tail


def line_to_record(value: dict, filename: str = "", number: int | None = None) -> dict:
    spans = []
    for index, span in enumerate(value.get("spans") or []):
        if isinstance(span, dict):
            # A line without span ids still reads; relations then cannot refer to its spans.
            span = {**span, "id": span.get("id", index)}
        spans.append(span)
    return new_record(
        value.get("text"),
        external_id=_as_text(value.get("external_id")),
        title=value.get("title") or "",
        meta=meta_read(value.get("meta"), file=filename, line=number),
        split=value.get("split"),
        tokens=value.get("tokens") or [],
        spans=spans,
        relations=value.get("relations") or [],
        annotators=value.get("annotators") or [],
        reviewer=value.get("reviewer"),
        reviewed_at=value.get("reviewed_at"),
    )


def _as_text(value) -> str:
    # External ids are often numbers in other people's files; they are identifiers, not amounts.
    return "" if value is None else str(value) if isinstance(value, (int, float)) else value


def read_jsonl(fileobj: BinaryIO, filename: str, options: dict) -> Iterator[ReadItem]:
    for number, value in iter_json_lines(fileobj, filename):
        record = validate_record(line_to_record(value, filename, number), file=filename, line=number)
        yield ReadItem(record, filename, number)


FORMAT = Format(
    name="jsonl",
    title="JSON Lines (native)",
    extensions=(".jsonl", ".ndjson"),
    carries=Carries(spans=True, relations=True, overlapping=True, exact_text=True),
    read_file=read_jsonl,
    make_writer=JsonlWriter,
    tokens="raw",
)
