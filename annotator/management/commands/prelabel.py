"""Start a pre-label job from the shell, optionally waiting for the workers to finish it."""
import time

from django.core.management.base import BaseCommand, CommandError

from annotator.models import Job, Project
from annotator.services.errors import ServiceError
from annotator.services.prelabel import prelabel_start
from annotator.services.training import trained_model_resolve


class Command(BaseCommand):
    help = ("Pre-label a project's documents with its spaCy model (or --model) on the Celery workers: "
            "by default every document without a current prediction of that model.")

    def add_arguments(self, parser):
        parser.add_argument("project", help="project id or exact name")
        parser.add_argument("--model", help="installed spaCy pipeline package or path, or a version trained on "
                                            "the project's gold like v3 (default: the project's)")
        parser.add_argument("--documents", type=int, nargs="+", metavar="ID",
                            help="only these documents (their prediction is replaced)")
        parser.add_argument("--wait", action="store_true", help="wait for the job to finish, showing progress")
        parser.add_argument("--timeout", type=float, default=0, help="with --wait: give up after this many seconds")

    def handle(self, *args, project, model, documents, wait, timeout, **options):
        found = Project.objects.filter(pk=int(project)) if project.isdigit() else Project.objects.filter(name=project)
        target = found.first()
        if target is None:
            raise CommandError(f"no project {project!r}")
        try:
            job = prelabel_start(project=target, document_ids=documents,
                                 model=trained_model_resolve(project=target, model=model))
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Pre-label job {job.pk} queued for project {target} with model "
                          f"{job.params['model']}.")
        if not wait:
            return
        job = self._wait(job, timeout)
        if job.status != "succeeded":
            raise CommandError(f"job {job.pk} {job.status}: "
                               + ("; ".join(e.get("message", "") for e in job.errors) or "no message"))
        result = job.result
        self.stdout.write(self.style.SUCCESS(
            f"Job {job.pk}: {result.get('predicted', 0)} documents pre-labeled with {result.get('spans', 0)} spans, "
            f"{result.get('skipped_annotated', 0)} left alone (annotated by people); dropped labels: "
            f"{result.get('dropped') or 'none'}."))

    def _wait(self, job: Job, timeout: float) -> Job:
        started = time.monotonic()
        shown = None
        hinted = False
        while True:
            job = Job.objects.get(pk=job.pk)
            if job.is_finished:
                return job
            state = (job.status, job.done, job.total)
            if state != shown:
                self.stdout.write(f"  {job.status} {job.done}/{job.total}")
                shown = state
            if job.status == "queued" and not hinted and time.monotonic() - started > 30:
                self.stderr.write("  still queued: is a worker running? (python manage.py serve, or "
                                  "celery -A annotator worker)")
                hinted = True
            if timeout and time.monotonic() - started > timeout:
                raise CommandError(f"job {job.pk} not finished after {timeout:g}s (still {job.status})")
            time.sleep(0.5)
