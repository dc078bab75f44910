"""spaCy lives behind this package only: pipelines cached per process, texts in, records out."""
from annotator.nlp.pipelines import ModelNotAvailable, load_pipeline, model_version
from annotator.nlp.tokens import tokenize_texts

__all__ = ["ModelNotAvailable", "load_pipeline", "model_version", "tokenize_texts"]
