"""Which spaCy pipeline packages are installed, without loading spaCy (for choosing a project's model)."""
from importlib.metadata import entry_points

from django.conf import settings


def pipelines_installed(*, current: str = "") -> list[str]:
    """Names of installed pipeline packages (their `spacy_models` entry points), the default model and
    `current` (a project's model, which may be a path) included, sorted, each once."""
    names = {entry.name for entry in entry_points(group="spacy_models")}
    names.add(settings.DEFAULT_SPACY_MODEL)
    if current:
        names.add(current)
    return sorted(names)
