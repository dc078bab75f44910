"""Token pieces for the token-based formats at their edges: every character kept (CRLF, tabs, runs
of spaces, emoji), a single space becoming trailing whitespace unless a span needs it, the
longest-first choice of spans for one-tag-per-token formats, and spans cutting tokens."""
from annotator.formats.tokens import non_overlapping, pieces, record_tokens, token_cuts


def rebuilt(text, all_pieces):
    return "".join(text[p.start:p.end] + (" " if p.space_after else "") for p in all_pieces)


def words(text, all_pieces):
    return [(text[p.start:p.end], p.space_after) for p in all_pieces]


def test_pieces_give_the_text_back_exactly():
    text = "Zoë  😀\tmet\r\nAnn . "
    all_pieces = pieces(text, record_tokens({"text": text}), set(), set())
    assert rebuilt(text, all_pieces) == text
    # As spaCy does: the first space of a run trails the token, the rest is a token of its own.
    assert words(text, all_pieces) == [("Zoë", True), (" ", False), ("😀", False), ("\t", False), ("met", False),
                                       ("\r\n", False), ("Ann", True), (".", True)]


def test_a_single_space_is_trailing_whitespace_unless_a_span_starts_or_ends_on_it():
    text = "a b c"
    tokens = [(0, 1), (2, 3), (4, 5)]
    assert words(text, pieces(text, tokens, set(), set())) == [("a", True), ("b", True), ("c", False)]
    assert words(text, pieces(text, tokens, {1}, {3})) == [("a", False), (" ", False), ("b", True), ("c", False)]
    assert words(text, pieces(text, tokens, {0}, {2})) == [("a", False), (" ", False), ("b", True), ("c", False)]


def test_span_edges_inside_a_token_cut_it():
    text = "Microsoft Corp"
    assert words(text, pieces(text, [(0, 9), (10, 14)], {5}, {9})) == [("Micro", False), ("soft", True),
                                                                         ("Corp", False)]


def test_fallback_tokens_keep_marks_and_emoji_sequences_whole():
    text = "Cafe\u0301 👩\u200d💻 👍🏽 ok!"
    assert [text[a:b] for a, b in record_tokens({"text": text})] == ["Cafe\u0301", "👩\u200d💻", "👍🏽", "ok", "!"]
    assert record_tokens({"text": "ab", "tokens": [[0, 2]]}) == [(0, 2)]


def span(start, end, label="X"):
    return {"start": start, "end": end, "label": label}


def test_non_overlapping_keeps_the_longest_then_the_earliest_and_returns_text_order():
    assert non_overlapping([span(5, 8), span(0, 6), span(7, 9)]) == [span(0, 6), span(7, 9)]
    assert non_overlapping([span(4, 6, "B"), span(3, 5, "A")]) == [span(3, 5, "A")]
    assert non_overlapping([span(3, 5), span(0, 3), span(5, 6)]) == [span(0, 3), span(3, 5), span(5, 6)]
    assert non_overlapping([]) == []


def test_token_cuts_name_each_span_that_cuts_a_token_once():
    tokens = [[0, 9], [10, 14], [15, 20]]
    spans = [span(0, 9), span(0, 5), span(12, 17), span(10, 14), span(16, 18)]
    assert list(token_cuts(tokens, spans)) == [(1, (0, 9)), (2, (10, 14)), (4, (15, 20))]


def test_a_span_edge_before_the_first_token_or_in_a_gap_cuts_nothing():
    tokens = [[2, 5], [7, 9]]
    assert list(token_cuts(tokens, [span(0, 2), span(5, 7), span(6, 9)])) == []
