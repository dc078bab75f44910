"""Celery tasks, one module per kind of job. Each is thin: a job id in, `job_run` with the kind's work.

Services send these by name (annotator/services/jobs.py: JOB_TASKS, CHUNK_TASKS), so a task's
name (`annotator.tasks.<module>.<function>`) is part of the messages already queued: keep it.
"""
from annotator.tasks.documents import document_tokens_fill_task
from annotator.tasks.exports import export_build_task
from annotator.tasks.imports import import_documents_task
from annotator.tasks.prelabel import prelabel_chunk_task, prelabel_task
from annotator.tasks.training import train_task

__all__ = ["document_tokens_fill_task", "export_build_task", "import_documents_task", "prelabel_chunk_task", "prelabel_task", "train_task"]
