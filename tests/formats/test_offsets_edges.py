"""Offsets at the borders (annotator/formats/offsets.py) as an importer relies on them: UTF-16 code
units and universal-newline counts turned into our code points and back, what counts as cutting a word,
and when a file's spans show that they count UTF-16 units."""
import pytest

from annotator.formats.offsets import (cuts_word, from_lf, from_utf16, inside_crlf, lf_offsets, lf_text, misplaced,
                                       utf16_evidence, utf16_offsets, well_placed)

EMOJI = "🙂"  # one code point, two UTF-16 units


def test_utf16_offsets_count_two_units_for_a_character_outside_the_bmp_and_one_otherwise():
    assert utf16_offsets("") == [0]
    assert utf16_offsets(f"a{EMOJI}é東\U00010000") == [0, 1, 3, 4, 5, 7]
    assert utf16_offsets("\uffff") == [0, 1]  # the last character inside the BMP


def test_from_utf16_maps_every_boundary_back_and_refuses_the_middle_of_a_pair_and_outside_the_text():
    text = f"a{EMOJI}b{EMOJI}{EMOJI}"
    to_point = from_utf16(text)
    table = utf16_offsets(text)
    assert [to_point(unit) for unit in table] == list(range(len(text) + 1))
    middles = [table[i] + 1 for i, char in enumerate(text) if ord(char) > 0xFFFF]
    assert middles == [2, 5, 7] and [to_point(unit) for unit in middles] == [None, None, None]
    assert to_point(-1) is None and to_point(table[-1] + 1) is None
    assert from_utf16("")(0) == 0 and from_utf16("")(1) is None


@pytest.mark.parametrize("text, position, cuts", [
    ("Satya", 2, True),
    ("Satya", 0, False), ("Satya", 5, False), ("Satya", -1, False), ("Satya", 6, False),
    ("Sat ya", 3, False), ("Sat ya", 4, False),
    ("snake_case", 5, True), ("snake_case", 6, True),
    ("Zoe\u0308", 3, True),  # before a combining mark: inside the letter ë
    ("R2D2", 2, True),
    ("東京都", 2, False), ("東京都", 1, False), ("ภาษาไทย", 3, False), ("カタカナ", 2, False),
    ("東京x", 2, False), ("x東京", 1, False),
    ("a-b", 1, False), ("a-b", 2, False),
])
def test_what_cuts_a_word(text, position, cuts):
    assert cuts_word(text, position) is cuts


def test_a_well_placed_span_has_no_whitespace_at_its_edges_and_cuts_no_word():
    text = "Satya Nadella spoke."
    assert well_placed(text, 0, 13) and well_placed(text, 14, 19)
    assert not well_placed(text, 0, 14)  # a trailing space
    assert not well_placed(text, 5, 13)  # a leading space
    assert not well_placed(text, 1, 13) and not well_placed(text, 0, 12)  # cuts a word
    assert not well_placed(text, 3, 3) and not well_placed(text, 4, 3)  # empty, reversed
    assert not well_placed(text, -1, 5) and not well_placed(text, 14, 21)  # outside
    assert well_placed(text, 14, 20) and well_placed(text, 0, len(text))


def test_misplaced_means_outside_empty_or_cutting_a_word_but_not_a_space_at_an_edge():
    text = "Satya Nadella spoke."
    assert not misplaced(text, 0, 14) and not misplaced(text, 5, 13)
    assert misplaced(text, 1, 13) and misplaced(text, 0, 12)
    assert misplaced(text, 3, 3) and misplaced(text, -1, 5) and misplaced(text, 0, 21)
    assert not misplaced(text, 0, len(text))


def shifted(text, *words):
    """(start, end) in UTF-16 units of each word of `text`."""
    table = utf16_offsets(text)
    return [(table[text.index(word)], table[text.index(word) + len(word)]) for word in words]


def test_spans_counted_in_utf16_units_are_told_by_the_first_span_that_shows_it():
    text = f"{EMOJI} Satya Nadella met {EMOJI} Sundar Pichai."
    units = shifted(text, "Satya Nadella", "Sundar Pichai")
    assert utf16_evidence(text, units) == 0
    points = [(text.index(w), text.index(w) + len(w)) for w in ("Satya Nadella", "Sundar Pichai")]
    assert utf16_evidence(text, points) is None
    # the first span sits before any emoji (both counts agree): the second one is the evidence
    late = f"Satya met {EMOJI} Sundar Pichai."
    assert utf16_evidence(late, shifted(late, "Satya", "Sundar Pichai")) == 1


def test_no_evidence_without_characters_outside_the_bmp_or_with_offsets_that_are_not_integers():
    assert utf16_evidence("Satya Nadella", [(1, 14)]) is None
    text = f"{EMOJI} Satya Nadella"
    assert utf16_evidence(text, [(3.0, 16)]) is None and utf16_evidence(text, [(3, "16")]) is None
    assert utf16_evidence(text, [(True, 16)]) is None
    assert utf16_evidence(text, []) is None


def test_an_offset_inside_a_surrogate_pair_or_past_the_end_says_the_file_is_not_utf16():
    text = f"{EMOJI} Satya Nadella met {EMOJI} Sundar"
    units = shifted(text, "Satya Nadella", "Sundar")
    assert utf16_evidence(text, [*units, (1, 3)]) is None  # 1 falls inside the first emoji's pair
    assert utf16_evidence(text, [*units, (30, 99)]) is None


def test_more_spans_against_utf16_than_for_it_mean_code_points():
    text = f"{EMOJI} Satya Nadella met {EMOJI} Sundar Pichai at Google in {EMOJI} Mountain View."
    points = [(text.index(w), text.index(w) + len(w)) for w in ("Sundar Pichai", "Google", "Mountain View")]
    odd = shifted(text, "Satya Nadella")  # one span a person drew one to the right
    assert utf16_evidence(text, odd + points) is None
    assert utf16_evidence(text, odd + points[:1]) is None  # one for, one against: a tie is no evidence
    assert utf16_evidence(text, odd) == 0


def test_universal_newlines_and_back():
    text = "a\r\nb\rc\n\r\nd"
    assert lf_text(text) == "a\nb\nc\n\nd"
    table = lf_offsets(text)
    assert len(table) == len(text) + 1 and table[-1] == len(lf_text(text))
    assert table == [0, 1, 1, 2, 3, 4, 5, 6, 6, 7, 8]
    back = from_lf(text)
    assert [back[position] for position in range(len(lf_text(text)) + 1)] == [0, 1, 3, 4, 5, 6, 7, 9, 10]
    assert lf_offsets("") == [0] and from_lf("") == {0: 0}
    assert lf_text("\r") == "\n" and lf_offsets("\r") == [0, 1]


def test_only_the_position_between_a_cr_and_its_lf_is_inside_a_crlf():
    text = "a\r\nb\r"
    assert [inside_crlf(text, position) for position in range(-1, len(text) + 2)] == [
        False, False, False, True, False, False, False, False]
    assert not inside_crlf("\n\r", 1)
