"""Reads of jobs, scoped to members of their project."""
from django.db.models import QuerySet

from annotator.models import Job
from annotator.selectors.projects import with_caller_role


def jobs_visible(*, user) -> QuerySet[Job]:
    """Jobs of the user's projects with `caller_role` (jobs without a project: staff only)."""
    return with_caller_role(Job.objects.all(), user=user, project_path="project")


def project_jobs(*, project) -> QuerySet[Job]:
    """A project's jobs, newest first (the dashboard polls this list for progress)."""
    return Job.objects.filter(project=project).order_by("-id")
