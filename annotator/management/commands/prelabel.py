"""Start a pre-label job from the shell, optionally waiting for the workers to finish it."""
from django.core.management.base import BaseCommand, CommandError

from annotator.management.jobwait import job_check_succeeded, job_wait
from annotator.selectors.projects import ProjectNotFound, project_by_ref
from annotator.services.errors import ServiceError
from annotator.services.prelabel import prelabel_start


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
        try:
            target = project_by_ref(ref=project)
        except ProjectNotFound as exc:
            raise CommandError(str(exc)) from None
        try:
            job = prelabel_start(project=target, document_ids=documents, model=model)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Pre-label job {job.pk} queued for project {target} with model "
                          f"{job.params['model']}.")
        if not wait:
            return
        job = job_wait(job_id=job.pk, stdout=self.stdout, stderr=self.stderr, timeout=timeout)
        job_check_succeeded(job)
        result = job.result
        self.stdout.write(self.style.SUCCESS(
            f"Job {job.pk}: {result.get('predicted', 0)} documents pre-labeled with {result.get('spans', 0)} spans, "
            f"{result.get('skipped_annotated', 0)} left alone (annotated by people); dropped labels: "
            f"{result.get('dropped') or 'none'}."))
