from django.core.management.base import BaseCommand

from annotator.services.demo import demo_load


class Command(BaseCommand):
    help = "Create the demo project, its users (demo/demo, alice/alice, bob/bob) and articles. Safe to re-run."

    def handle(self, *args, **options):
        project, created = demo_load()
        self.stdout.write(self.style.SUCCESS(
            f"Demo project {project.name!r} (id {project.pk}) ready; {created} new documents."))
