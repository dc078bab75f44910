"""spaCy lives behind this package only: pipelines cached per process, texts in, records out.

Names are imported from their modules on first use (PEP 562), so importing the package, or a
module that imports names from it, loads spaCy only once something spaCy-backed is used: the
web tier starts without it and loads the tokenizer with the first document import.
"""
import importlib

from annotator.nlp import threads  # noqa: F401  (first: sets math library threads before numpy loads)

_MODULE_OF = {
    "EntityRecord": "entities", "doc_entities": "entities", "predict_entities": "entities",
    "LabelMapper": "labels",
    "ModelNotAvailable": "pipelines", "load_pipeline": "pipelines", "model_version": "pipelines",
    "pipeline_version": "pipelines", "pipelines_preload": "pipelines",
    "tokenize_texts": "tokens", "tokenize_texts_json": "tokens", "tokens_at_edges": "tokens",
}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
