"""The tokens of documents whose tokens are still pending (stored through the API and not yet
filled by a worker, see annotator/services/document_tokens.py): computed on read with the
project's tokenizer, the same function the worker stores them with, so a read gets exactly the
tokens the document will hold. Nothing is written here."""
from collections.abc import Mapping


def pending_tokens_json(*, texts: Mapping[int, str], model: str) -> dict[int, str]:
    """{document id: its tokens as JSON text} for documents `texts` ({id: text}) of a project whose
    spaCy model is `model`."""
    if not texts:
        return {}
    from annotator.nlp import tokenize_texts_json  # loads spaCy: only when a pending document is read

    return dict(zip(texts, tokenize_texts_json(list(texts.values()), model=model)))

