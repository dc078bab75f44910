"""spaCy lives behind this package only: pipelines cached per process, texts in, records out."""
from annotator.nlp import threads  # noqa: F401  (first: sets math library threads before numpy loads)
from annotator.nlp.entities import EntityRecord, doc_entities, predict_entities
from annotator.nlp.labels import LabelMapper
from annotator.nlp.pipelines import (ModelNotAvailable, load_pipeline, model_version, pipeline_version,
                                     pipelines_preload)
from annotator.nlp.tokens import tokenize_texts

__all__ = ["EntityRecord", "LabelMapper", "ModelNotAvailable", "doc_entities", "load_pipeline", "model_version",
           "pipeline_version", "pipelines_preload", "predict_entities", "tokenize_texts"]
