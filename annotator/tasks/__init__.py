"""Celery tasks, one module per kind of job. Each is thin: a job id in, one service call."""
from annotator.tasks.exports import export_build_task
from annotator.tasks.imports import import_documents_task
from annotator.tasks.prelabel import prelabel_chunk_task, prelabel_task
from annotator.tasks.training import train_task

# The task that (re)starts a job of each kind, used to re-send jobs whose worker died.
TASKS_BY_KIND = {
    "import": import_documents_task,
    "prelabel": prelabel_task,
    "export": export_build_task,
    "train": train_task,
}

__all__ = ["TASKS_BY_KIND", "export_build_task", "import_documents_task", "prelabel_chunk_task", "prelabel_task",
           "train_task"]
