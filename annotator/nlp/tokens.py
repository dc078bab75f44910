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


def tokens_at_edges(texts_edges: Sequence[tuple[str, Iterable[int]]], *, model: str) -> list[list[list[int]]]:
    """For each (text, edges): the tokens a span edge at those offsets could cut, as `tokenize_texts`
    gives them for the whole text ([start, end] pairs in text order), without tokenizing the whole text.

    An edge with whitespace (or the text's end) on either side lies inside no token. Any other edge
    lies inside a run of non-whitespace characters, and spaCy's tokenizer splits a text at
    whitespace first and tokenizes each such run on its own (it caches each run's tokens by the
    run's text alone), so the tokens of the runs holding an edge are the whole text's tokens there:
    for `formats.tokens.token_cuts` they tell exactly what the whole text's tokens tell. The runs
    are tokenized once each per call, however many texts hold them. A tokenizer with a special case
    mixing whitespace and other characters could join runs: then whole texts are tokenized."""
    pairs = [(text, sorted(set(edges))) for text, edges in texts_edges]
    from annotator.nlp.pipelines import load_pipeline

    tokenizer = load_pipeline(model, purpose="tokenize").tokenizer
    if _rules_cross_whitespace(tokenizer):
        return tokenize_texts([text for text, _edges in pairs], model=model)
    runs_of = [_runs(text, edges) for text, edges in pairs]
    pieces = list(dict.fromkeys(text[start:end] for (text, _edges), runs in zip(pairs, runs_of)
                                for start, end in runs))
    tokens_of = dict(zip(pieces, tokenize_texts(pieces, model=model)))
    return [[[start + first, start + last] for start, end in runs for first, last in tokens_of[text[start:end]]]
            for (text, _edges), runs in zip(pairs, runs_of)]


def _runs(text: str, edges: Sequence[int]) -> list[tuple[int, int]]:
    """(start, end) of each run of non-whitespace characters of `text` holding one of `edges`
    (sorted) strictly inside it; each character is looked at once at most."""
    runs: list[tuple[int, int]] = []
    for edge in edges:
        if not 0 < edge < len(text) or text[edge - 1].isspace() or text[edge].isspace():
            continue
        if runs and runs[-1][0] < edge < runs[-1][1]:
            continue
        start, end = edge - 1, edge + 1
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        runs.append((start, end))
    return runs


def _rules_cross_whitespace(tokenizer) -> bool:
    return any(not key.isspace() and any(char.isspace() for char in key) for key in tokenizer.rules)
