"""Import a file of documents into a project in this process (no worker needed), as a tracked Job."""
from django.core.management.base import BaseCommand, CommandError

from annotator.formats.catalog import FORMATS
from annotator.management.format_options import OPTION_HELP, option_pair, options_from_pairs
from annotator.management.jobwait import job_messages
from annotator.selectors.projects import ProjectNotFound, project_by_ref
from annotator.services.errors import ServiceError
from annotator.services.imports import import_run_here


class Command(BaseCommand):
    help = ("Import the documents of a file into a project (id or exact name) in this process, no worker needed: "
            f"any format the API imports ({', '.join(name for name, fmt in FORMATS.items() if fmt.can_read)}), "
            "found from the file's name and content, zipped or not. Annotations in the file are ignored; texts "
            "already in the project count as duplicates and are not added again. Recorded as an import Job.")

    def add_arguments(self, parser):
        parser.add_argument("project", help="project id or exact name")
        parser.add_argument("file")
        parser.add_argument("--option", dest="format_options", action="append", type=option_pair, metavar="KEY=VALUE",
                            help=OPTION_HELP)

    def handle(self, *args, project, file, format_options=None, **options):
        try:
            target = project_by_ref(ref=project)
        except ProjectNotFound as exc:
            raise CommandError(str(exc)) from None
        try:
            job = import_run_here(project=target, path=file, options=options_from_pairs(format_options))
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        if job.status != "succeeded":
            raise CommandError(job_messages(job, default=job.status))
        self.stdout.write(self.style.SUCCESS(
            f"Job {job.pk}: {job.result['created']} documents created, {job.result['duplicates']} duplicates."))
