"""Token offsets (code points) for documents, from the project's spaCy tokenizer.

Vectorised: the offsets of a Doc come out of spaCy as one array (`Doc.to_array`), never as a
Python object per token, and `tokenize_texts_json` writes them straight into the JSON text a
document stores (`[[start, end], ...]`, the layout the jsonl export writes as it is) with one
%-format per chunk of tokens. Whitespace-only tokens are left out (nothing to label there).
"""
import functools
from collections.abc import Iterable, Iterator, Sequence

BATCH_SIZE = 1000
_CHUNK = 256  # token pairs per cached format string


def _offset_arrays(texts: Sequence[str], *, model: str) -> Iterator:
    """For each text, a flat int64 array [start0, end0, start1, end1, ...] of its tokens."""
    import numpy
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    from annotator.nlp.pipelines import load_pipeline

    tokenizer = load_pipeline(model, purpose="tokenize").tokenizer
    attributes = [IDX, LENGTH, IS_SPACE]
    for doc in tokenizer.pipe(texts, batch_size=BATCH_SIZE):
        columns = doc.to_array(attributes)
        if len(columns) and columns[:, 2].any():
            columns = columns[columns[:, 2] == 0]
        flat = numpy.empty(2 * len(columns), dtype=numpy.int64)
        flat[0::2] = columns[:, 0]
        flat[1::2] = columns[:, 0] + columns[:, 1]
        yield flat


@functools.lru_cache(maxsize=_CHUNK + 1)
def _pairs_format(count: int) -> str:
    return ", ".join(("[%d, %d]",) * count)


def offsets_json(flat: list[int]) -> str:
    """`[[s0, e0], [s1, e1], ...]` (json.dumps' own layout) from [s0, e0, s1, e1, ...]."""
    step = 2 * _CHUNK
    parts = [_pairs_format(len(flat[i:i + step]) // 2) % tuple(flat[i:i + step]) for i in range(0, len(flat), step)]
    return "[" + ", ".join(parts) + "]"


def tokenize_texts(texts: Sequence[str], *, model: str) -> list[list[list[int]]]:
    """[[start, end], ...] per text."""
    return [flat.reshape(-1, 2).tolist() for flat in _offset_arrays(texts, model=model)]


def tokenize_texts_json(texts: Sequence[str], *, model: str) -> list[str]:
    """The same offsets per text, as the JSON text of `[[start, end], ...]` (what Document.tokens stores)."""
    return [offsets_json(flat.tolist()) for flat in _offset_arrays(texts, model=model)]


def tokens_at_edges(texts_edges: Sequence[tuple[str, Iterable[int]]], *, model: str) -> list[list[int]]:
    """For each (text, edges): tokens that tell, for `formats.tokens.token_cuts`, exactly which of those
    offsets cut a token, flat ([s0, e0, s1, e1, ...]: plain ints, no list per token for the garbage
    collector to go through): the whole text's tokens when an edge lies between two characters that
    are not whitespace, else none, and the text is not tokenized.

    No token holds whitespace beside other characters (the tokenizer splits at whitespace first and
    has no special case mixing them; with one that does, every text is tokenized), so an edge with
    whitespace (or the text's end) on either side lies inside no token. Spans of words set off by
    spaces need no tokenizing. (Tokenizing only the run of characters around an edge would not do:
    the tokenizer's special cases, emoticons like ":)", are matched across runs, so a run's tokens
    can depend on its neighbours.)"""
    pairs = [(text, list(edges)) for text, edges in texts_edges]
    from annotator.nlp.pipelines import load_pipeline

    tokenizer = load_pipeline(model, purpose="tokenize").tokenizer
    crossing = _rules_cross_whitespace(tokenizer)
    wanted = [index for index, (text, edges) in enumerate(pairs) if crossing or _inside_a_run(text, edges)]
    tokens: list[list[int]] = [[] for _pair in pairs]
    for index, flat in zip(wanted, _offset_arrays([pairs[index][0] for index in wanted], model=model)):
        tokens[index] = flat.tolist()
    return tokens


def _inside_a_run(text: str, edges: Iterable[int]) -> bool:
    """Whether an edge lies between two characters that are not whitespace."""
    return any(0 < edge < len(text) and not text[edge - 1].isspace() and not text[edge].isspace() for edge in edges)


def _rules_cross_whitespace(tokenizer) -> bool:
    return any(not key.isspace() and any(char.isspace() for char in key) for key in tokenizer.rules)
