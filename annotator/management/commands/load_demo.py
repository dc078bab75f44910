from django.core.management.base import BaseCommand

from annotator.services.demo import demo_load, demo_prelabel


class Command(BaseCommand):
    help = ("Create the demo project, its users (demo/demo, alice/alice, bob/bob) and articles, and pre-label them "
            "the first time (a job the workers run). Safe to re-run.")

    def handle(self, *args, **options):
        project, created = demo_load()
        self.stdout.write(self.style.SUCCESS(
            f"Demo project {project.name!r} (id {project.pk}) ready; {created} new documents."))
        job = demo_prelabel(project=project)
        if job is not None:
            self.stdout.write(f"Pre-labeling the demo documents: job {job.pk} (the workers run it; see the dashboard).")
