"""Token pieces for the token-based formats (spaCy, Prodigy, CoNLL).

Those formats describe text as tokens plus trailing whitespace and spans as token ranges. To
keep every span exact we cut the record's tokens wherever a span starts or ends inside one,
and keep every character of the text in some piece, so joining the pieces (each followed by
one space when `space_after`) gives the text back exactly: CRLF, tabs, runs of spaces and
all. This mirrors spaCy: a single " " after a token is trailing whitespace; any other gap is
a whitespace token of its own.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

# Fallback for records that carry no tokens (documents always have spaCy tokens; records read
# from token-less formats may not). Words and symbols, keeping combining marks with their base
# letter and emoji ZWJ sequences, skin tones and variation selectors together.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\ufe0f\U0001f3fb-\U0001f3ff"
WORD_PATTERN = re.compile(rf"[\w{_MARKS}]+|[^\w\s{_MARKS}](?:[{_MARKS}]|\u200d[^\w\s])*")
SENTENCE_END_TOKENS = {".", "!", "?"}


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    space_after: bool


def record_tokens(record: dict) -> list[tuple[int, int]]:
    tokens = record.get("tokens") or []
    if tokens:
        return [(int(start), int(end)) for start, end in tokens]
    return [match.span() for match in WORD_PATTERN.finditer(record["text"])]


def pieces(text: str, tokens: Iterable[tuple[int, int]], span_starts: set[int], span_ends: set[int]) -> list[Piece]:
    """Cut `text` at token edges and span edges; return pieces covering the whole text."""
    length = len(text)
    cuts = {0, length} | span_starts | span_ends
    for start, end in tokens:
        cuts.update((start, end))
        # Isolate one space after a token so it can become that token's trailing whitespace.
        if end < length and text[end] == " ":
            cuts.add(end + 1)
    ordered = sorted(cut for cut in cuts if 0 <= cut <= length)
    result: list[Piece] = []
    for start, end in zip(ordered, ordered[1:]):
        is_single_space = end == start + 1 and text[start] == " "
        if (
            is_single_space
            and result
            and not result[-1].space_after
            and result[-1].end == start
            # A span that starts on this space, or ends just after it, needs it as a token.
            and start not in span_starts
            and end not in span_ends
        ):
            previous = result[-1]
            result[-1] = Piece(previous.start, previous.end, True)
            continue
        result.append(Piece(start, end, False))
    return result


def pieces_for_record(record: dict, spans: Iterable[dict] | None = None) -> list[Piece]:
    spans = list(record.get("spans") or ()) if spans is None else list(spans)
    return pieces(
        record["text"],
        record_tokens(record),
        {span["start"] for span in spans},
        {span["end"] for span in spans},
    )


def token_index_of_offsets(all_pieces: list[Piece]) -> tuple[dict[int, int], dict[int, int]]:
    """Maps from a char offset to the index of the piece starting / ending there."""
    starts = {piece.start: index for index, piece in enumerate(all_pieces)}
    ends = {piece.end: index for index, piece in enumerate(all_pieces)}
    return starts, ends


def non_overlapping(spans: Iterable[dict]) -> list[dict]:
    """A maximal subset without overlaps, longest spans first (what spacy.util.filter_spans
    does), in text order. Formats with one tag per token can only hold such a subset."""
    chosen: list[dict] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s["end"] - s["start"]), s["start"])):
        covered = range(span["start"], span["end"])
        if not any(position in taken for position in covered):
            chosen.append(span)
            taken.update(covered)
    return sorted(chosen, key=lambda s: (s["start"], s["end"]))


def token_cuts(tokens: Sequence[Sequence[int]], spans: Iterable[dict]) -> Iterator[tuple[int, tuple[int, int]]]:
    """(index of the span, the token) for every span whose start or end falls strictly inside a
    token ("Micro|soft"): the first such token of each span. `tokens` are [start, end] pairs in
    text order, as documents store them."""
    starts = [token[0] for token in tokens]
    for index, span in enumerate(spans):
        for edge in (span["start"], span["end"]):
            position = bisect_right(starts, edge) - 1
            if position >= 0 and tokens[position][0] < edge < tokens[position][1]:
                yield index, (tokens[position][0], tokens[position][1])
                break
