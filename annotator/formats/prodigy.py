"""Prodigy's `ner` / `rel` task JSONL, as `db-out` writes it and `rel.manual` reads it.

    {"text": "...", "tokens": [{"text", "start", "end", "id", "ws"}],
     "spans": [{"start", "end", "token_start", "token_end", "label"}],
     "relations": [{"head": 3, "child": 7, "label", "head_span": {...}, "child_span": {...}}],
     "answer": "accept", "meta": "<JSON text>", "external_id", "title"}

`meta` is written as JSON text (one schema for every line, so Hugging Face `datasets` loads all
splits at once); the reader takes Prodigy's object as well.

Prodigy conventions kept here: `token_end` is inclusive; a relation's `head`/`child` is the
index of the *last* token of its span (spaCy's rel tutorial maps them back with
`span_end_to_start`); offsets are Python string indices, i.e. code points like ours. Tokens are
the record's tokens cut at span edges, so every span is token-aligned as Prodigy requires.
The reader keeps only tasks whose answer is "accept" (or absent): rejected and ignored
tasks hold annotations a person marked wrong, which Prodigy's own training recipes skip too.
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

from annotator.formats.base import Carries, Format, FormatError, ReadItem, SplitStreamWriter
from annotator.formats.records import dump_json_line, iter_json_lines, meta_read, meta_text, new_record, validate_record
from annotator.formats.tokens import pieces_for_record, token_index_of_offsets


TASK_SPAN = {"start": "int64", "end": "int64", "token_start": "int64", "token_end": "int64", "label": "string"}  # nosec B105: dataset feature types, not passwords


class ProdigyWriter(SplitStreamWriter):
    extension = ".jsonl"
    card_schema = {
        "text": "string",
        "tokens": [{"text": "string", "start": "int64", "end": "int64", "id": "int64", "ws": "bool"}],
        "spans": [TASK_SPAN],
        "relations": [{"head": "int64", "child": "int64", "label": "string", "head_span": TASK_SPAN,
                       "child_span": TASK_SPAN}],
        "answer": "string", "meta": "string", "external_id": "string", "title": "string", "id": "int64",
    }
    card_about = "Prodigy ner/rel tasks (`token_end` inclusive); `meta` is JSON text."

    def write_record(self, stream: BinaryIO, record: dict, split: str) -> None:
        text = record["text"]
        spans = list(record.get("spans") or ())
        cut = pieces_for_record(record, spans)
        first_token, last_token = token_index_of_offsets(cut)
        tokens = [{"text": text[p.start:p.end], "start": p.start, "end": p.end, "id": i, "ws": p.space_after}
                  for i, p in enumerate(cut)]
        task_spans = {
            span["id"]: {"start": span["start"], "end": span["end"], "token_start": first_token[span["start"]],
                         "token_end": last_token[span["end"]], "label": span["label"]}
            for span in spans
        }
        relations = [
            {"head": task_spans[rel["head"]]["token_end"], "child": task_spans[rel["child"]]["token_end"],
             "label": rel["label"], "head_span": task_spans[rel["head"]], "child_span": task_spans[rel["child"]]}
            for rel in record.get("relations") or ()
        ]
        task = {"text": text, "tokens": tokens, "spans": list(task_spans.values()), "relations": relations,
                "answer": "accept", "meta": meta_text(record.get("meta")),
                "external_id": record.get("external_id") or "", "title": record.get("title") or ""}
        if record.get("id") is not None:
            task["id"] = record["id"]
        stream.write(dump_json_line(task))


def task_to_record(task: dict, filename: str, number: int) -> dict:
    text = task.get("text")
    spans = []
    for index, span in enumerate(task.get("spans") or []):
        if not isinstance(span, dict):
            raise FormatError(filename, number, f"spans[{index}]", "must be an object")
        spans.append({"id": index, "start": span.get("start"), "end": span.get("end"), "label": span.get("label")})
    relations = []
    for index, rel in enumerate(task.get("relations") or []):
        if not isinstance(rel, dict):
            raise FormatError(filename, number, f"relations[{index}]", "must be an object")
        ends = {end: _relation_end(task, rel, end, spans, filename, number, index) for end in ("head", "child")}
        relations.append({**ends, "label": rel.get("label")})
    tokens = [[t.get("start"), t.get("end")] for t in task.get("tokens") or [] if isinstance(t, dict)]
    if isinstance(text, str):
        tokens = [t for t in tokens if text[t[0]:t[1]].strip()] if _valid_tokens(tokens, text) else []
    external_id = task.get("external_id")
    return new_record(text, external_id="" if external_id is None else str(external_id), title=task.get("title") or "",
                      meta=meta_read(task.get("meta"), file=filename, line=number), spans=spans,
                      relations=relations, tokens=tokens)


def _valid_tokens(tokens: list, text: str) -> bool:
    # Tokens are a hint (the import re-tokenizes); broken ones are dropped, not fatal.
    return all(isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text) for s, e in tokens)


def _relation_end(task: dict, rel: dict, end: str, spans: list[dict], filename: str, number: int, index: int):
    """The span id a relation end points to: by its `head_span`/`child_span` offsets when
    present, else by token index (the span whose last token it is)."""
    given = rel.get(f"{end}_span")
    if isinstance(given, dict):
        for span in spans:
            if (span["start"], span["end"]) == (given.get("start"), given.get("end")) and \
                    given.get("label") in (None, span["label"]):
                return span["id"]
        raise FormatError(filename, number, f"relations[{index}].{end}_span",
                          f"no span at {given.get('start')}-{given.get('end')} in this task's spans")
    token = rel.get(end)
    for span, source in zip(spans, task.get("spans") or []):
        if source.get("token_end") == token:
            return span["id"]
    raise FormatError(filename, number, f"relations[{index}].{end}",
                      f"token {token!r} is not the last token of any span in this task")


def read_prodigy(fileobj: BinaryIO, filename: str, options: dict) -> Iterator[ReadItem]:
    for number, task in iter_json_lines(fileobj, filename):
        if task.get("answer", "accept") != "accept":
            continue
        record = validate_record(task_to_record(task, filename, number), file=filename, line=number)
        yield ReadItem(record, filename, number)


FORMAT = Format(
    name="prodigy",
    title="Prodigy ner/rel JSONL",
    extensions=(".jsonl",),
    carries=Carries(spans=True, relations=True, overlapping=True, exact_text=True),
    read_file=read_prodigy,
    make_writer=ProdigyWriter,
)
