"""The tokens at span edges (nlp/tokens.py's tokens_at_edges) tell exactly the token cuts the whole
text's tokens tell: an import with predictions tokenizes only the texts with an edge inside a word."""
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.tokens import token_cuts
from annotator.models import Project
from annotator.nlp import tokenize_texts, tokens_at_edges

MODEL = Project._meta.get_field("spacy_model").default()
# Pieces the tokenizer splits, joins or treats specially, and whitespace of every kind.
PIECES = ["Okafor", "Okafor,", "O'Neill", "don't", "can't", "U.S.", "a.m.", ":)", ": )", "(", ")", "e-mail",
          "http://x.org/a?b=1", "user@example.com", "3.5%", "$12", "😀", "北京", "Cafe\u0301", "Zoë", "—", "...",
          "\"quoted\"", "“Hi”", "St.", "Dr.", "'s", "n't", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u2028", "\u3000"]


@st.composite
def texts_and_edges(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30)))
    edges = draw(st.lists(st.integers(min_value=0, max_value=len(text)), max_size=12))
    return text, edges


@settings(max_examples=300, deadline=None)
@given(cases=st.lists(texts_and_edges(), min_size=1, max_size=4))
def test_cuts_from_the_tokens_at_the_edges_equal_the_cuts_from_the_whole_texts(cases):
    whole = tokenize_texts([text for text, _edges in cases], model=MODEL)
    local = tokens_at_edges(cases, model=MODEL)
    for (_text, edges), all_tokens, flat in zip(cases, whole, local):
        edge_tokens = [list(pair) for pair in zip(flat[0::2], flat[1::2])]
        spans = [{"start": edge, "end": edge} for edge in edges]
        assert list(token_cuts(edge_tokens, spans)) == list(token_cuts(all_tokens, spans))
        assert edge_tokens in ([], all_tokens)


def test_a_word_cut_in_two_is_found_and_whitespace_edges_tokenize_nothing():
    text = "Satya Nadella works for Microsoft.\r\nMicrosoft 😀 grew."
    inside = text.index("Microsoft") + 1
    [flat] = tokens_at_edges([(text, [0, 5, 6, inside, len(text)])], model=MODEL)
    tokens = [list(pair) for pair in zip(flat[0::2], flat[1::2])]
    assert tokens == tokenize_texts([text], model=MODEL)[0] and [inside - 1, inside + 8] in tokens
    assert tokens_at_edges([(text, [0, 5, 6, len(text)])], model=MODEL) == [[]]


def test_emoticons_matched_across_a_space_are_told_as_the_whole_text_tells_them():
    """The tokenizer's special cases (":)", "):") are matched across runs of non-space characters."""
    text = ": ):)e-mail"
    edges = list(range(len(text) + 1))
    [flat] = tokens_at_edges([(text, edges)], model=MODEL)
    tokens = list(zip(flat[0::2], flat[1::2]))
    spans = [{"start": edge, "end": edge} for edge in edges]
    assert list(token_cuts(tokens, spans)) == list(token_cuts(tokenize_texts([text], model=MODEL)[0], spans))
