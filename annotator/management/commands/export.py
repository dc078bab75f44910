"""Build an export of a project in this process (no worker needed) and copy the zip out."""
import shutil
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from annotator.formats.catalog import EXPORT_FORMATS
from annotator.management.format_options import OPTION_HELP, option_pair, options_from_pairs
from annotator.management.jobwait import job_messages
from annotator.models import DocumentStatus, Export, Job
from annotator.selectors.projects import ProjectNotFound, project_by_ref
from annotator.services.errors import ServiceError
from annotator.services.exports import export_build, export_create
from annotator.stored_files import storage_is_local, stored_file_read


def _ratios(value: str) -> dict:
    try:
        train, dev, test = (float(part) for part in value.split(","))
    except ValueError:
        raise CommandError(f"--split takes three numbers TRAIN,DEV,TEST like 0.8,0.1,0.1; got {value!r}") from None
    return {"train": train, "dev": dev, "test": test}


class Command(BaseCommand):
    help = ("Export a project's annotated documents as a zip (manifest.json plus train/dev/test files) in one of "
            f"the formats {', '.join(EXPORT_FORMATS)}. The Export is recorded like one made through the API.")

    def add_arguments(self, parser):
        parser.add_argument("project", help="project id or exact name")
        parser.add_argument("--format", required=True, choices=EXPORT_FORMATS)
        parser.add_argument("--out", help="copy the zip to this file (default: print where it is stored)")
        parser.add_argument("--split", type=_ratios, default=None, metavar="TRAIN,DEV,TEST",
                            help="split ratios (default 0.8,0.1,0.1)")
        parser.add_argument("--seed", type=int, default=0, help="split seed (default 0)")
        parser.add_argument("--latest", action="store_true",
                            help="every document with its latest annotation (default: only gold documents)")
        parser.add_argument("--status", nargs="+", choices=DocumentStatus.values, metavar="STATUS",
                            help=f"only documents in these statuses ({', '.join(DocumentStatus.values)})")
        parser.add_argument("--option", dest="format_options", action="append", type=option_pair, metavar="KEY=VALUE",
                            help=OPTION_HELP)

    def handle(self, *args, project, format, out, split, seed, latest, status, format_options=None, **options):
        try:
            target = project_by_ref(ref=project)
        except ProjectNotFound as exc:
            raise CommandError(str(exc)) from None
        try:
            export = export_create(project=target, format=format, split=split, seed=seed, only_gold=not latest,
                                   status=status, options=options_from_pairs(format_options))
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        export_build(job_id=export.job_id)
        export = Export.objects.get(pk=export.pk)
        job = Job.objects.get(pk=export.job_id)
        if export.status != "succeeded":
            raise CommandError(f"export {export.pk} {export.status}: {job_messages(job)}")
        stored = Path(settings.MEDIA_ROOT) / export.file.name if storage_is_local() else f"storage:{export.file.name}"
        if out:
            with closing(stored_file_read(export.file.name)) as source, open(out, "wb") as target:
                shutil.copyfileobj(source, target, 2**20)
        counts = ", ".join(f"{split_name} {values['documents']}" for split_name, values in
                           export.manifest.get("counts", {}).items()) or "no documents"
        self.stdout.write(self.style.SUCCESS(
            f"Export {export.pk} ({format}): {job.done} documents ({counts}), {export.size} bytes, "
            f"sha256 {export.sha256}, written to {out or stored}"))
