"""Pre-labeling documents with the project's spaCy pipeline (the work is owned by the pre-label issue)."""
from django.db import transaction

from annotator.models import Job, JobKind, Project
from annotator.services.errors import InvalidInput
from annotator.services.jobs import JobFailed, job_create, job_enqueue


def prelabel_start(*, project: Project, document_ids: list[int] | None = None, model: str | None = None,
                   created_by=None) -> Job:
    """Create a pre-label job for the given documents (default: all without a current prediction)."""
    from annotator.tasks import prelabel_task

    if document_ids is not None:
        found = set(project.documents.filter(pk__in=document_ids).values_list("pk", flat=True))
        missing = [d for d in document_ids if d not in found]
        if missing:
            raise InvalidInput(f"documents not in this project: {missing[:10]}",
                               errors=[{"field": "documents", "message": f"unknown document id {missing[0]}"}])
    with transaction.atomic():
        job = job_create(kind=JobKind.PRELABEL, project=project, created_by=created_by,
                         params={"documents": document_ids, "model": model or project.spacy_model})
        job_enqueue(job=job, task=prelabel_task)
    return job


def prelabel_run(job: Job) -> dict:
    raise JobFailed("pre-labeling is not available yet")
