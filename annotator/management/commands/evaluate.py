"""Evaluate a model on a project's gold from the shell: its prediction on every gold document."""
from django.core.management.base import BaseCommand, CommandError

from annotator.management.jobwait import job_check_succeeded, job_wait
from annotator.selectors.projects import ProjectNotFound, project_by_ref
from annotator.selectors.stats import project_model_comparison
from annotator.services.errors import ServiceError
from annotator.services.evaluate import evaluate_start


class Command(BaseCommand):
    help = ("Run a model on every gold document of a project (its prediction is added or replaced; the gold is "
            "never touched), so the stats compare it with the other versions on the same gold.")

    def add_arguments(self, parser):
        parser.add_argument("project", help="project id or exact name")
        parser.add_argument("--model", help="installed spaCy pipeline, or a version trained here like v3 "
                                            "(default: the project's default model)")
        parser.add_argument("--wait", action="store_true",
                            help="wait for the job, then print every version's scores on the shared gold")
        parser.add_argument("--timeout", type=float, default=0, help="with --wait: give up after this many seconds")

    def handle(self, *args, project, model, wait, timeout, **options):
        try:
            target = project_by_ref(ref=project)
        except ProjectNotFound as exc:
            raise CommandError(str(exc)) from None
        try:
            job = evaluate_start(project=target, model=model)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Evaluate job {job.pk} queued for project {target} with model {job.params['model']}.")
        if not wait:
            return
        job = job_wait(job_id=job.pk, stdout=self.stdout, stderr=self.stderr, timeout=timeout)
        job_check_succeeded(job)
        comparison = project_model_comparison(project=target)
        self.stdout.write(f"Versions on the same {comparison['documents']} gold documents (exact match, micro):")
        for row in comparison["versions"]:
            micro, change = row["exact"]["micro"], row["change"]
            since = f"  change in F1 {change['f1']:+.4f} from {change['from']}" if change else ""
            self.stdout.write(f"  {row['key']}: P {micro['p']:.4f}  R {micro['r']:.4f}  F1 {micro['f1']:.4f}{since}")
