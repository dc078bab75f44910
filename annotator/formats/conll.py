"""CoNLL-2003 style NER columns: `TOKEN -X- _ TAG`, IOB2 tags.

    -DOCSTART- -X- O O
    <blank>
    Obama -X- _ B-PER
    visited -X- _ O
    <blank line between sentences>

Four columns rather than two because CoNLL-2003 readers (the Hugging Face `conll2003`
loader, many scripts) take the tag from column 4, while generic column readers (spaCy's
`convert`, flair, seqeval-based scripts) take the last column: four columns satisfy both.

Write-mostly: one tag per token cannot hold overlapping spans (we keep a maximal
non-overlapping subset, longest first, and count the rest as `spans_not_exported` in the
manifest), relations, or the exact text. Tokens are cut at span edges so tags stay exact;
whitespace inside a token splits it, whitespace-only tokens are skipped. Sentences end after
a `.`, `!` or `?` token or at a line break, never inside a span, unless the record gives
`sentences` as [[start, end]]. The reader rebuilds text by joining tokens with single spaces
and sentences with "\\n"; offsets refer to that rebuilt text, so round trips compare token
sequences and labels, not offsets.
"""
from __future__ import annotations

import bisect
import re
from typing import BinaryIO, Iterator

from annotator.formats.base import Carries, Format, FormatError, ReadItem, SplitStreamWriter
from annotator.formats.records import new_record, validate_record
from annotator.formats.tokens import SENTENCE_END_TOKENS, non_overlapping, pieces_for_record

DOCSTART = "-DOCSTART-"
# The one document line spaCy's `convert -c ner` splits documents on (exactly this text, in
# conll_ner_to_docs); CoNLL-2003 readers (Hugging Face's conll2003 script, flair, nltk) take any line
# starting with -DOCSTART- as a boundary, so they read it too. The reader takes both this and the
# CoNLL-2003 original `-DOCSTART- -X- -X- O`.
DOCSTART_LINE = f"{DOCSTART} -X- O O\n"
FILLER_COLUMNS = "-X- _"
# Label Studio's CoNLL export writes this line once, at the top, then each task as one block of
# token lines ended by a blank line: there, a block is a document.
LABEL_STUDIO_DOCSTART = [DOCSTART, "-X-", "O"]
NON_SPACE = re.compile(r"\S+")
LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
TAG = re.compile(r"^(?:O|([BIES])-(\S+))$")


def conll_tokens(record: dict, spans: list[dict]) -> list[tuple[int, int]]:
    """Non-whitespace tokens, cut at span edges and at any whitespace inside a token."""
    text = record["text"]
    result = []
    for piece in pieces_for_record(record, spans):
        for match in NON_SPACE.finditer(text, piece.start, piece.end):
            result.append(match.span())
    return result


def sentence_ends(record: dict, tokens: list[tuple[int, int]], spans: list[dict]) -> set[int]:
    """Indexes of tokens after which a sentence ends."""
    text = record["text"]
    inside_span = set()
    for span in spans:
        inside_span.update(range(span["start"] + 1, span["end"]))
    given = sorted(end for _start, end in record.get("sentences") or ())
    ends = set()
    for index, (start, end) in enumerate(tokens[:-1]):
        next_start = tokens[index + 1][0]
        if given:  # a given sentence ends between this token and the next
            position = bisect.bisect_left(given, end)
            boundary = position < len(given) and given[position] <= next_start
        else:
            boundary = text[start:end] in SENTENCE_END_TOKENS or LINE_BREAK.search(text, end, next_start) is not None
        if boundary and next_start not in inside_span:
            ends.add(index)
    return ends


def iob2_tags(tokens: list[tuple[int, int]], spans: list[dict]) -> list[str]:
    tags = ["O"] * len(tokens)
    index_of_start = {start: i for i, (start, _end) in enumerate(tokens)}
    for span in spans:
        first = index_of_start[span["start"]]
        tags[first] = f"B-{span['label']}"
        index = first + 1
        while index < len(tokens) and tokens[index][1] <= span["end"]:
            tags[index] = f"I-{span['label']}"
            index += 1
    return tags


def iob2_sentences(record: dict, *, file: str) -> tuple[list[list[tuple[str, str]]], int]:
    """The record as sentences of (token, IOB2 tag), and how many spans one tag a token could not
    hold (overlapping ones; whitespace-only ones). Shared by the CoNLL and Hugging Face writers."""
    all_spans = list(record.get("spans") or ())
    for span in all_spans:
        if NON_SPACE.fullmatch(span["label"]) is None:
            raise FormatError(file, None, "label",
                              f"label {span['label']!r} contains whitespace, which CoNLL columns cannot hold")
    text = record["text"]
    # Spans of whitespace only have no token to tag.
    spans = non_overlapping(s for s in all_spans if text[s["start"]:s["end"]].strip())
    spans = [_trim(text, s) for s in spans]
    tokens = conll_tokens(record, spans)
    tags = iob2_tags(tokens, spans)
    ends = sentence_ends(record, tokens, spans)
    sentences: list[list[tuple[str, str]]] = [[]]
    for index, ((start, end), tag) in enumerate(zip(tokens, tags)):
        sentences[-1].append((text[start:end], tag))
        if index in ends:
            sentences.append([])
    return [sentence for sentence in sentences if sentence], len(all_spans) - len(spans)


class ConllWriter(SplitStreamWriter):
    extension = ".conll"

    def write_record(self, stream: BinaryIO, record: dict, split: str) -> None:
        sentences, dropped = iob2_sentences(record, file=f"{split}.conll")
        self.counts.add_dropped(split, dropped)
        lines = [DOCSTART_LINE, "\n"]
        for sentence in sentences:
            lines += [f"{token} {FILLER_COLUMNS} {tag}\n" for token, tag in sentence]
            lines.append("\n")
        stream.write("".join(lines).encode("utf-8"))


def _trim(text: str, span: dict) -> dict:
    """Drop leading/trailing whitespace from a span: tokens carry no whitespace to tag."""
    start, end = span["start"], span["end"]
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return {**span, "start": start, "end": end}


class _DocumentBuilder:
    """Accumulates tokens and tags of one document, then turns them into a record."""

    def __init__(self, first_line: int):
        self.first_line = first_line
        self.parts: list[str] = []
        self.length = 0
        self.tokens: list[list[int]] = []
        self.spans: list[dict] = []
        self.open_span: dict | None = None
        self.sentence_open = False

    def add(self, token: str, tag: str, filename: str, number: int) -> None:
        match = TAG.match(tag)
        if match is None:
            raise FormatError(filename, number, "tag", f"{tag!r} is not an IOB2 tag (O, B-LABEL or I-LABEL)")
        prefix, label = match.groups()
        if self.parts:
            self.parts.append(" " if self.sentence_open else "\n")
            self.length += 1
        start = self.length
        self.parts.append(token)
        self.length += len(token)
        self.tokens.append([start, self.length])
        self.sentence_open = True
        continues = self.open_span is not None and prefix in ("I", "E") and self.open_span["label"] == label
        if continues:
            self.open_span["end"] = self.length
        else:
            self.close_span()
            if prefix is not None:  # I- without B- starts a span, as conlleval and seqeval read it
                self.open_span = {"id": len(self.spans), "start": start, "end": self.length, "label": label}
        if prefix in ("E", "S"):
            self.close_span()

    def close_span(self) -> None:
        if self.open_span is not None:
            self.spans.append(self.open_span)
            self.open_span = None

    def end_sentence(self) -> None:
        self.close_span()
        self.sentence_open = False

    def record(self) -> dict:
        self.close_span()
        return new_record("".join(self.parts), tokens=self.tokens, spans=self.spans)


def read_conll(fileobj: BinaryIO, filename: str, options: dict) -> Iterator[ReadItem]:
    """Streams documents. A file without any -DOCSTART- line (WNUT style), or opening with Label
    Studio's `-DOCSTART- -X- O`, has one document per blank-line-separated block, decided on its
    first non-blank line."""
    builder: _DocumentBuilder | None = None
    per_sentence = None
    for number, raw in enumerate(fileobj, start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
        except UnicodeDecodeError as error:
            raise FormatError(filename, number, None, f"not valid UTF-8 (byte {error.start})") from None
        columns = line.split()
        if not columns:
            if builder is not None:
                builder.end_sentence()
                if per_sentence and builder.tokens:
                    yield _finish(builder, filename)
                    builder = None
            continue
        if per_sentence is None:
            per_sentence = columns[0] != DOCSTART or columns == LABEL_STUDIO_DOCSTART
        if columns[0] == DOCSTART:
            if builder is not None and builder.tokens:
                yield _finish(builder, filename)
            builder = _DocumentBuilder(number)
            continue
        if len(columns) < 2:
            raise FormatError(filename, number, "columns", f"expected 'TOKEN ... TAG', got {line!r}")
        if builder is None:
            builder = _DocumentBuilder(number)
        builder.add(columns[0], columns[-1], filename, number)
    if builder is not None and builder.tokens:
        yield _finish(builder, filename)


def _finish(builder: _DocumentBuilder, filename: str) -> ReadItem:
    record = validate_record(builder.record(), file=filename, line=builder.first_line)
    return ReadItem(record, filename, builder.first_line)


FORMAT = Format(
    name="conll",
    title="CoNLL-2003 (IOB2)",
    extensions=(".conll", ".iob", ".bio"),
    carries=Carries(spans=True, relations=False, overlapping=False, exact_text=False),
    read_file=read_conll,
    make_writer=ConllWriter,
)
