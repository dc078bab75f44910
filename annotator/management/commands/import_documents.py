from django.core.management.base import BaseCommand, CommandError

from annotator.models import Job, JobKind, Project
from annotator.services.jobs import job_create, job_run
from annotator.services.imports import import_documents_run


class Command(BaseCommand):
    help = "Import documents from a JSONL file, a .txt file or a zip of .txt files into a project (id or name)."

    def add_arguments(self, parser):
        parser.add_argument("project", help="project id or exact name")
        parser.add_argument("file")

    def handle(self, *args, project, file, **options):
        found = Project.objects.filter(pk=int(project)) if project.isdigit() else Project.objects.filter(name=project)
        target = found.first()
        if target is None:
            raise CommandError(f"no project {project!r}")
        job = job_create(kind=JobKind.IMPORT, project=target, params={"path": file, "as": "documents"})
        job_run(job_id=job.pk, work=import_documents_run)
        job = Job.objects.get(pk=job.pk)
        if job.status != "succeeded":
            raise CommandError("; ".join(e.get("message", "") for e in job.errors) or job.status)
        self.stdout.write(self.style.SUCCESS(
            f"Job {job.pk}: {job.result['created']} documents created, {job.result['duplicates']} duplicates."))
