"""Evaluate on gold: a model's prediction on every gold document, so every version is scored on the same gold.

An evaluate job is a pre-label job (annotator/services/prelabel.py, same tasks, chunks, progress and
cancel) whose documents are the project's gold documents at the moment it is planned. It adds or
replaces only that model's own prediction of each document; the gold and people's annotations are
never touched. The stats (annotator/selectors/stats.py) then compare the versions on the gold
documents they all predicted.
"""
from annotator.models import Annotation, AnnotationKind, Job, JobKind, Project
from annotator.services.errors import InvalidInput
from annotator.services.prelabel import prelabel_start


def evaluate_start(*, project: Project, model: str | None = None, created_by=None) -> Job:
    """Start an evaluate job of `model` (default: the project's default model); InvalidInput (field
    "gold") when the project has no gold yet, (field "model") for a version that is not trained."""
    if not Annotation.objects.filter(document__project=project, kind=AnnotationKind.GOLD).exists():
        raise InvalidInput("the project has no gold documents to evaluate on: review documents to gold first",
                           errors=[{"field": "gold", "message": "no gold documents"}])
    return prelabel_start(project=project, model=model, created_by=created_by, kind=JobKind.EVALUATE, scope="gold")
