"""Hugging Face token classification: what a `transformers` NER fine-tune reads as it is.

Per split a JSON-lines file of rows `{"document_id", "sentence", "tokens": [str], "ner_tags": [int]}`
(one row a sentence, or a document with option `rows: document`), IOB2 tags as integer ids, and a
dataset card (README.md) that declares `ner_tags` a sequence of ClassLabel with the tag names
("O", then "B-X", "I-X" for each entity type of the project, in the project's order), so
`datasets.load_dataset("<unzipped folder>")` gives every split with
`features["ner_tags"].feature.names`. Tokens and tags are the CoNLL writer's (conll.py): tokens cut at
span edges, overlapping spans reduced to a maximal non-overlapping subset (the rest counted as
`spans_not_exported` in the manifest). Write only: token lists do not hold the text exactly.
"""
from __future__ import annotations

import json
from typing import BinaryIO

from annotator.formats.base import Carries, Format, FormatError, FormatOption, SplitStreamWriter
from annotator.formats.conll import iob2_sentences
from annotator.formats.hf_card import ClassLabel

ROWS = FormatOption("rows", ("sentence", "document"), "sentence",
                    "One row a sentence (as CoNLL-2003 and most NER fine-tuning scripts) or one row a document.",
                    applies="write")


def tag_names(project_info: dict) -> list[str]:
    names = ["O"]
    for entity in project_info.get("entity_types") or ():
        names += [f"B-{entity['name']}", f"I-{entity['name']}"]
    return names


class HfWriter(SplitStreamWriter):
    extension = ".jsonl"
    card_about = ("Token classification (NER): `tokens` and IOB2 `ner_tags` as ids of the ClassLabel declared "
                  "above. Exported from the annotation tool; spans that overlapped another were left out "
                  "(manifest.json counts them).")

    def __init__(self, project_info: dict, sink, options: dict | None = None):
        super().__init__(project_info, sink, options)
        self.names = tag_names(project_info)
        self.tag_id = {name: index for index, name in enumerate(self.names)}
        self.per_document = ROWS.value(self.options) == "document"
        self.card_schema = {"document_id": "int64", "sentence": "int64", "tokens": ["string"],
                            "ner_tags": [ClassLabel(tuple(self.names))]}

    def write_record(self, stream: BinaryIO, record: dict, split: str) -> None:
        sentences, dropped = iob2_sentences(record, file=f"{split}{self.extension}")
        self.counts.add_dropped(split, dropped)
        if self.per_document:
            sentences = [[pair for sentence in sentences for pair in sentence]]
        for number, sentence in enumerate(sentences):
            unknown = next((tag for _token, tag in sentence if tag not in self.tag_id), None)
            if unknown is not None:
                raise FormatError(f"{split}{self.extension}", None, "label",
                                  f"label {unknown[2:]!r} of document {record.get('id')} is not an entity type "
                                  "of the project")
            row = {"document_id": record.get("id"), "sentence": number, "tokens": [token for token, _ in sentence],
                   "ner_tags": [self.tag_id[tag] for _token, tag in sentence]}
            stream.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")


FORMAT = Format(
    name="hf",
    title="Hugging Face token classification (tokens, IOB2 tag ids, ClassLabel names in a dataset card)",
    extensions=(".jsonl",),
    carries=Carries(spans=True, relations=False, overlapping=False, exact_text=False),
    make_writer=HfWriter,
    options=(ROWS,),
)
