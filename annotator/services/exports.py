"""Exports: validate options, create the Export and its job (building is owned by the formats issue)."""
from django.db import transaction

from annotator.models import DocumentStatus, Export, Job, JobKind, Project
from annotator.services.errors import InvalidInput
from annotator.services.jobs import JobFailed, job_create, job_enqueue

EXPORT_FORMATS = ("jsonl", "spacy", "conll", "brat", "doccano", "prodigy")
DEFAULT_SPLIT = {"train": 0.8, "dev": 0.1, "test": 0.1}


def export_options_validate(*, format: str, split: dict | None = None, seed: int | None = None,
                            only_gold: bool = True, status: list[str] | None = None) -> dict:
    """Normalised options, or InvalidInput naming the field."""
    if format not in EXPORT_FORMATS:
        raise InvalidInput(f"unknown format {format!r}",
                           errors=[{"field": "format", "message": f"must be one of {', '.join(EXPORT_FORMATS)}"}])
    split = DEFAULT_SPLIT if split is None else split
    if not isinstance(split, dict) or set(split) - set(DEFAULT_SPLIT) or not split:
        raise InvalidInput("split must be an object with train, dev and test ratios",
                           errors=[{"field": "split", "message": "keys must be train, dev, test"}])
    ratios = {}
    for name in DEFAULT_SPLIT:
        value = split.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise InvalidInput(f"split.{name} must be a non-negative number",
                               errors=[{"field": f"split.{name}", "message": "must be a non-negative number"}])
        ratios[name] = float(value)
    if abs(sum(ratios.values()) - 1.0) > 1e-6:
        raise InvalidInput("split ratios must add up to 1",
                           errors=[{"field": "split", "message": f"ratios add up to {sum(ratios.values()):g}, not 1"}])
    if seed is None:
        seed = 0
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidInput("seed must be an integer", errors=[{"field": "seed", "message": "must be an integer"}])
    if not isinstance(only_gold, bool):
        raise InvalidInput("only_gold must be true or false", errors=[{"field": "only_gold", "message": "must be a boolean"}])
    statuses = status or []
    bad = [s for s in statuses if s not in DocumentStatus.values]
    if bad:
        raise InvalidInput(f"unknown status {bad[0]!r}",
                           errors=[{"field": "status", "message": f"must be among {', '.join(DocumentStatus.values)}"}])
    return {"split": ratios, "seed": seed, "only_gold": only_gold, "status": statuses}


def export_start(*, project: Project, format: str, created_by=None, **options) -> Export:
    """Create an Export and the job that builds it; answers at once (the worker builds the file)."""
    from annotator.tasks import export_build_task

    normalised = export_options_validate(format=format, **options)
    with transaction.atomic():
        job = job_create(kind=JobKind.EXPORT, project=project, created_by=created_by,
                         params={"format": format, **normalised})
        export = Export.objects.create(project=project, format=format, options=normalised, job=job,
                                       created_by=created_by)
        job_enqueue(job=job, task=export_build_task)
    return export


def export_run(job: Job) -> dict:
    raise JobFailed("building exports is not available yet")
