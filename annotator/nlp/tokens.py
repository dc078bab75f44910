"""Token offsets (code points) for documents, from the project's spaCy tokenizer."""
from collections.abc import Sequence

from annotator.nlp.pipelines import load_pipeline


def tokenize_texts(texts: Sequence[str], *, model: str) -> list[list[list[int]]]:
    """[[start, end], ...] per text, whitespace-only tokens left out (nothing to label there)."""
    tokenizer = load_pipeline(model, purpose="tokenize").tokenizer
    result = []
    for doc in tokenizer.pipe(texts, batch_size=256):
        result.append([[t.idx, t.idx + len(t.text)] for t in doc if not t.is_space])
    return result
