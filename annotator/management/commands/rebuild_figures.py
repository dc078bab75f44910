"""Rebuild the kept figures (stats, review and annotator queue orders) from the stored annotations."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from annotator.models import Project
from annotator.selectors.projects import ProjectNotFound, project_by_ref
from annotator.services.figures import project_figures_rebuild


class Command(BaseCommand):
    help = ("Recompute the figures the stats and the queues read (annotator/services/figures.py) from every "
            "stored annotation, FIGURES_BATCH_SIZE documents at a time: after upgrading to a version that "
            "keeps them, or to check them. Every project unless --project.")

    def add_arguments(self, parser):
        parser.add_argument("--project", help="project id or exact name (default: every project)")

    def handle(self, *args, project, **options):
        if project is None:
            projects = list(Project.objects.order_by("id"))
        else:
            try:
                projects = [project_by_ref(ref=project)]
            except ProjectNotFound as exc:
                raise CommandError(str(exc)) from None
        for target in projects:
            documents = project_figures_rebuild(project=target, batch_size=settings.FIGURES_BATCH_SIZE)
            self.stdout.write(f"Project {target.pk} ({target}): figures of {documents} annotated documents rebuilt.")
