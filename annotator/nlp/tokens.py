"""Token offsets (code points) for documents, from the project's spaCy tokenizer.

Vectorised: the offsets of a Doc come out of spaCy as one array (`Doc.to_array`), never as a
Python object per token, and `tokenize_texts_json` writes them straight into the JSON text a
document stores (`[[start, end], ...]`, the layout the jsonl export writes as it is) with one
%-format per chunk of tokens. Whitespace-only tokens are left out (nothing to label there).
"""
import functools
from collections.abc import Iterator, Sequence

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
