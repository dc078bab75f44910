"""A project's models: its base pipeline and the versions trained on its gold, with their scores.

Two queries whatever the number of versions (the trained models with their jobs, whose status is
theirs, and nothing per row). Scores are those stored at the end of each training (annotator/services/training.py): the
trained version and the base pipeline on that training's test split, exact span matches.
"""
from annotator.models import JobStatus, Project, TrainedModel
from annotator.nlp import ModelNotAvailable, pipeline_version


def project_trained_models(*, project: Project):
    return TrainedModel.objects.filter(project=project).select_related("job", "created_by").order_by("version")


def project_models(*, project: Project) -> list[dict]:
    """[base entry, v1, v2, ...]: what pre-labeling can be asked to use, and how each scores.

    The base entry is the project's pipeline (`spacy_model`); its `metrics` are the base scores the
    newest trained version measured (`metrics_from` names it), so base and newest sit side by side on
    the same test documents. Every trained entry carries its own and the base's scores.
    """
    trained = list(project_trained_models(project=project))
    try:
        base_version = pipeline_version(project.spacy_model)
        available = True
    except ModelNotAvailable:
        base_version, available = "", False
    newest = next((t for t in reversed(trained) if t.status == JobStatus.SUCCEEDED
                   and t.metrics.get("base_model", {}).get("name") == project.spacy_model), None)
    base = {
        "kind": "base", "label": "base", "model": project.spacy_model if available else None,
        "name": project.spacy_model, "version": None, "model_version": base_version,
        "status": JobStatus.SUCCEEDED if available else "missing", "base": None, "base_model": None, "path": None,
        "job": None, "created_at": None, "finished_at": None, "created_by": None,
        "metrics": {split: newest.metrics[split]["base"] for split in ("dev", "test") if split in newest.metrics}
        if newest else {},
        "metrics_base": None, "metrics_from": newest.label if newest else None,
        "split": newest.metrics.get("split") if newest else None, "training": None,
        "default": project.default_model in ("", project.spacy_model),
        "relations": None, "auto_train": None,
    }
    return [base, *(trained_model_entry(t, default_model=project.default_model) for t in trained)]


def project_model_entry(*, project: Project, label: str) -> dict:
    """One entry of `project_models` by its label (`base`, `v3`)."""
    return next(entry for entry in project_models(project=project) if entry["label"] == label)


def trained_model_entry(trained: TrainedModel, *, default_model: str = "") -> dict:
    status = trained.status
    built = status == JobStatus.SUCCEEDED and bool(trained.path)
    return {
        "kind": "trained", "label": trained.label, "model": trained.label if built else None, "name": trained.name,
        "version": trained.version, "model_version": trained.model_version, "status": status,
        "base": trained.base, "base_model": trained.base_model,
        "path": trained.path if built else None,  # under MEDIA_ROOT; never an absolute path
        "job": trained.job_id, "created_at": trained.created_at,
        # Set when the model is stored; a training that failed or was cancelled ended with its job.
        "finished_at": trained.finished_at or (trained.job.finished_at if trained.job else None),
        "created_by": trained.created_by.username if trained.created_by else None,
        "metrics": {split: trained.metrics[split]["trained"] for split in ("dev", "test") if split in trained.metrics},
        "metrics_base": {split: trained.metrics[split]["base"] for split in ("dev", "test")
                         if split in trained.metrics},
        "metrics_from": trained.label if trained.metrics else None,
        "split": trained.metrics.get("split"), "training": trained.metrics.get("training"),
        "default": bool(default_model) and default_model == trained.name,
        "relations": trained.metrics.get("relations"), "auto_train": trained.metrics.get("auto_train"),
    }
