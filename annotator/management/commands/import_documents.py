"""Import a file into a project as a tracked Job: here, in this process, or on the workers with --wait."""
from django.core.management.base import BaseCommand, CommandError

from annotator.formats.catalog import FORMATS
from annotator.management.format_options import OPTION_HELP, option_pair, options_from_pairs
from annotator.management.jobwait import job_check_succeeded, job_messages, job_wait
from annotator.selectors.projects import ProjectNotFound, project_by_ref
from annotator.services.errors import ServiceError
from annotator.services.imports import IMPORT_AS, import_queue_path, import_run_here

READABLE = [name for name, fmt in FORMATS.items() if fmt.can_read]


class Command(BaseCommand):
    help = ("Import a file into a project (id or exact name): any format the API imports "
            f"({', '.join(READABLE)}), found from the file's name and content unless --format, zipped or not. "
            "--as documents (default: annotations in the file are ignored), predictions (a model's, through the "
            "project's label_map; --model, --model-version) or gold (a Label Studio export: every annotator's "
            "annotation, the ground truth as gold, the predictions). Texts already in the project count as "
            "duplicates. Runs in this process (no worker needed) unless --wait, which hands the job to the "
            "workers and shows its progress. Recorded as an import Job either way.")

    def add_arguments(self, parser):
        parser.add_argument("project", help="project id or exact name")
        parser.add_argument("file")
        parser.add_argument("--as", dest="as_", choices=IMPORT_AS, default="documents",
                            help="what the file brings: documents (default), predictions or gold")
        parser.add_argument("--format", default="auto", choices=["auto", *READABLE],
                            help="the file's format (default: found from its name and content)")
        parser.add_argument("--model", help="with --as predictions: the model that made them (default: import; a "
                                            "Label Studio file's predictions are named by their model_version)")
        parser.add_argument("--model-version", dest="model_version", help="with --as predictions: its version")
        parser.add_argument("--option", dest="format_options", action="append", type=option_pair, metavar="KEY=VALUE",
                            help=OPTION_HELP)
        parser.add_argument("--wait", action="store_true",
                            help="run the import on the workers and wait for it, showing progress")
        parser.add_argument("--timeout", type=float, default=0, help="with --wait: give up after this many seconds")

    def handle(self, *args, project, file, as_="documents", format="auto", model=None, model_version=None,
               format_options=None, wait=False, timeout=0, **options):
        try:
            target = project_by_ref(ref=project)
        except ProjectNotFound as exc:
            raise CommandError(str(exc)) from None
        choices = {"format": format, "as_": as_, "model": model, "model_version": model_version,
                   "options": options_from_pairs(format_options)}
        try:
            if wait:
                job = import_queue_path(project=target, path=file, **choices)
                self.stdout.write(f"Import job {job.pk} queued for project {target}.")
                job = job_wait(job_id=job.pk, stdout=self.stdout, stderr=self.stderr, timeout=timeout)
                job_check_succeeded(job)
            else:
                job = import_run_here(project=target, path=file, **choices)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        if job.status != "succeeded":
            raise CommandError(job_messages(job, default=job.status))
        self.stdout.write(self.style.SUCCESS(summary_line(job)))


def summary_line(job) -> str:
    result = job.result
    parts = [f"Job {job.pk}: {result['created']} documents created, {result['duplicates']} duplicates."]
    if result.get("as", "documents") != "documents":
        parts.append(f"{result.get('annotations', 0)} documents annotated ({result.get('spans', 0)} spans, "
                     f"{result.get('relations', 0)} relations).")
    if result.get("users_created"):
        parts.append(f"Users created (inactive) for annotators: {', '.join(result['users_created'])}.")
    if result.get("labels_dropped"):
        parts.append(f"Labels dropped (no project label): {result['labels_dropped']}.")
    if result.get("skipped"):
        parts.append(f"Skipped: {result['skipped']}.")
    return " ".join(parts)
