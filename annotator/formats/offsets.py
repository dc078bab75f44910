"""Offsets at the borders: our code points <-> what other tools count, and how to tell them apart.

Inside, every offset is a code point of the stored text (Python str indices). Two ways other
tools count differ from that, and a file does not say which it used:

- UTF-16 code units, what JavaScript strings count: doccano's browser UI writes them, so a
  character outside the BMP (an emoji, a rare CJK ideograph) counts two and every span after it
  is one further right per such character.
- "universal newlines": Python's text-mode `open(path).read()` (pybrat and most scripts that read
  brat files) turns CRLF and a lone CR into LF, so a CRLF counts one. brat's own server does not
  (it opens the .txt with `codecs.open`, which drops the universal-newline flag: Python 2.7 strips
  "U", Python 3 opens in binary mode; see brat.py), so it counts CRLF as two.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import Callable, Sequence

ASTRAL = re.compile("[\U00010000-\U0010ffff]")
LINE_BREAK = re.compile(r"\r\n?")
# Scripts written without spaces between words (Thai, kana, CJK ideographs): any boundary between
# two of their letters may be a word boundary, so none counts as cutting a word.
UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def utf16_offsets(text: str) -> list[int]:
    """code point index -> UTF-16 index, for every index 0..len(text)."""
    table, position = [0], 0
    for char in text:
        position += 2 if ord(char) > 0xFFFF else 1
        table.append(position)
    return table


def from_utf16(text: str) -> Callable[[int], int | None]:
    """A function from a UTF-16 index of `text` to its code point index; None for an index inside a
    surrogate pair or outside the text. Costs one scan for the characters outside the BMP."""
    starts = [match.start() + number for number, match in enumerate(ASTRAL.finditer(text))]  # in UTF-16
    length = len(text) + len(starts)

    def to_point(unit: int) -> int | None:
        if not 0 <= unit <= length:
            return None
        before = bisect_right(starts, unit - 2)  # characters outside the BMP that end at or before `unit`
        if before < len(starts) and starts[before] == unit - 1:
            return None
        return unit - before

    return to_point


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def cuts_word(text: str, position: int) -> bool:
    """Whether `position` falls between two characters of one word ("Sat|ya"); never next to a
    letter of a script written without spaces ("東京|都" may be a word boundary)."""
    if not 0 < position < len(text):
        return False
    before, after = text[position - 1], text[position]
    return (_is_word_char(before) and _is_word_char(after)
            and not UNSPACED.match(before) and not UNSPACED.match(after))


def well_placed(text: str, start: int, end: int) -> bool:
    """Whether a span at start..end (code points) sits as people draw spans: inside the text, not
    empty, neither beginning nor ending with whitespace, and cutting no word at either edge."""
    if not 0 <= start < end <= len(text):
        return False
    covered = text[start:end]
    return covered == covered.strip() and not cuts_word(text, start) and not cuts_word(text, end)


def misplaced(text: str, start: int, end: int) -> bool:
    """Whether a span at start..end (code points) is clearly wrong: outside the text, empty, or
    cutting a word at an edge ('atya Nadella' for 'Satya Nadella'). Whitespace at an edge is not
    enough: people select a trailing space often."""
    return not 0 <= start < end <= len(text) or cuts_word(text, start) or cuts_word(text, end)


def utf16_evidence(text: str, spans: Sequence[tuple[object, object]]) -> int | None:
    """The index of a span showing that `spans` ((start, end) pairs, as a file gives them) count
    UTF-16 code units, not code points; None when nothing shows it.

    The rule: the text has characters outside the BMP (otherwise both counts agree); every offset is
    a UTF-16 character boundary of the text (none falls inside a surrogate pair or past the end);
    some span is misplaced read as code points (outside the text, or cutting a word: 'atya Nadella '
    for 'Satya Nadella') but well placed read as UTF-16 (cutting no word, no whitespace at its
    edges); and more spans say so than say the opposite (well placed as code points, misplaced as
    UTF-16). The first span that says so is returned, so a person's odd span or two does not hide
    the shift of all the others, and a few sub-word spans in a code point file do not make it UTF-16.
    """
    if not ASTRAL.search(text):
        return None
    to_point = from_utf16(text)
    for_units = against = 0
    evidence = None
    for index, (start, end) in enumerate(spans):
        if type(start) is not int or type(end) is not int:
            return None
        unit_start, unit_end = to_point(start), to_point(end)
        if unit_start is None or unit_end is None:
            return None  # not UTF-16 boundaries: whatever these count, it is not UTF-16 units
        if misplaced(text, start, end) and well_placed(text, unit_start, unit_end):
            for_units += 1
            evidence = index if evidence is None else evidence
        elif well_placed(text, start, end) and misplaced(text, unit_start, unit_end):
            against += 1
    return evidence if for_units > against else None


def lf_text(text: str) -> str:
    """The text with every CRLF and lone CR written as LF: what universal newlines read."""
    return LINE_BREAK.sub("\n", text)


def inside_crlf(text: str, position: int) -> bool:
    """Whether `position` falls between the CR and the LF of one CRLF."""
    return 0 < position < len(text) and text[position - 1] == "\r" and text[position] == "\n"


def lf_offsets(text: str) -> list[int]:
    """code point index -> index in lf_text(text), for every index 0..len(text). A CRLF becomes one
    character, so the index between its CR and LF maps to the start of that LF."""
    table, position = [], 0
    for index, char in enumerate(text):
        table.append(position)
        if not (char == "\r" and text[index + 1:index + 2] == "\n"):
            position += 1
    table.append(position)
    return table


def from_lf(text: str) -> dict[int, int]:
    """index in lf_text(text) -> code point index of `text` (an LF that was a CRLF maps to its CR)."""
    back: dict[int, int] = {}
    for point, position in enumerate(lf_offsets(text)):
        back.setdefault(position, point)
    return back
