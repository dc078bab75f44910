"""A project's models by stable names: resolving what a request names, locating it, promoting, deleting.

A model is named the same everywhere (jobs, predictions, stats, the API): an installed pipeline by its
package name (or the path it was given as), a version trained here by its pipeline name `project4_v3`,
never by the folder it sits in (MEDIA_ROOT moves between machines; a name does not). `v3` is accepted
as a short form. Only loading a pipeline turns a trained name into its folder (`model_location`).
"""
import re

from django.db import transaction

from annotator.models import JobStatus, Project, TrainedModel
from annotator.services.errors import InvalidInput
from annotator.stored_files import stored_folder_delete, stored_folder_local

VERSION_NAME = re.compile(r"^v(\d{1,9})$")
TRAINED_NAME = re.compile(r"^project(\d{1,18})_v(\d{1,9})$")


def project_default_model(project: Project) -> str:
    """What pre-labeling uses when no model is named: the promoted one, else the project's pipeline."""
    return project.default_model or project.spacy_model


def _trained_named(*, project: Project, name: str) -> tuple[bool, TrainedModel | None]:
    """(is this a trained version's name, the version if it exists)."""
    short, full = VERSION_NAME.match(name), TRAINED_NAME.match(name)
    if short:
        return True, TrainedModel.objects.filter(project=project, version=int(short.group(1))).select_related(
            "job").first()
    if full and int(full.group(1)) == project.pk:
        return True, TrainedModel.objects.filter(project=project, version=int(full.group(2))).select_related(
            "job").first()
    return False, None


def model_resolve(*, project: Project, model: str | None) -> str:
    """The stable name of the model a request names: none -> the project's default; `v3` or
    `project4_v3` -> `project4_v3` when that version is trained (InvalidInput on field "model" naming
    the versions there are otherwise); anything else (a package, a path) as given."""
    if not model or not model.strip():
        return project_default_model(project)
    name = model.strip()
    is_trained, trained = _trained_named(project=project, name=name)
    if not is_trained:
        return name
    if trained is None or trained.status != JobStatus.SUCCEEDED or not trained.path:
        ready = [t.label for t in TrainedModel.objects.filter(project=project).with_status(JobStatus.SUCCEEDED)]
        state = "does not exist" if trained is None else f"is {trained.status}, not trained"
        message = f"model {name} {state}; trained models of this project: {', '.join(ready) or 'none'}"
        raise InvalidInput(message, errors=[{"field": "model", "message": message}])
    return trained.name


def trained_model_path(trained: TrainedModel) -> str:
    """The absolute folder of a trained pipeline (only for loading it; never stored or shown): under
    MEDIA_ROOT, or this machine's copy of its archive in the object store, fetched on first use and
    kept in LOCAL_CACHE_DIR under its stable name."""
    return str(stored_folder_local(trained.path, key=trained.name))


def model_location(*, project: Project, model: str) -> str:
    """What `load_pipeline` takes for a model's stable name: a trained version's folder, else the name."""
    if TRAINED_NAME.match(model) or VERSION_NAME.match(model):
        _is_trained, trained = _trained_named(project=project, name=model)
        if trained is not None and trained.path:
            return trained_model_path(trained)
    return model


def model_promote(*, project: Project, model: str) -> Project:
    """Make a model the project's default for pre-labeling (a trained version must be trained; an
    installed pipeline must load). Returns the project with `default_model` set."""
    from annotator.nlp import ModelNotAvailable, pipeline_version

    name = model_resolve(project=project, model=model)  # a trained version: checked there
    if not TRAINED_NAME.match(name):
        try:
            pipeline_version(name)
        except ModelNotAvailable as exc:
            raise InvalidInput(str(exc), errors=[{"field": "model", "message": str(exc)}]) from None
    project.default_model = "" if name == project.spacy_model else name
    project.save(update_fields=["default_model", "updated_at"])
    return project


def trained_model_delete(*, trained: TrainedModel) -> None:
    """Delete a trained version and its pipeline folder. Its predictions stay (they name it, not its
    folder); a project whose default it was goes back to its own pipeline."""
    path, name = trained.path, trained.name
    with transaction.atomic():
        Project.objects.filter(pk=trained.project_id, default_model=trained.name).update(default_model="")
        trained.delete()
    stored_folder_delete(path, key=name)
