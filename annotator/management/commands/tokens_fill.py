"""Fill the tokens of documents still waiting for them (their worker's message was lost)."""
from django.core.management.base import BaseCommand, CommandError

from annotator.selectors.projects import ProjectNotFound, project_by_ref
from annotator.services.document_tokens import document_tokens_fill_pending


class Command(BaseCommand):
    help = ("Tokenize the documents added through the API whose tokens a worker has not filled yet (reads compute "
            "them meanwhile, so nothing is wrong without it, only slower).")

    def add_arguments(self, parser):
        parser.add_argument("project", nargs="?", help="project id or exact name (default: every project)")
        parser.add_argument("--batch", type=int, default=1000, help="documents tokenized per transaction")

    def handle(self, *args, project=None, batch=1000, **options):
        project_id = None
        if project:
            try:
                project_id = project_by_ref(ref=project).pk
            except ProjectNotFound as exc:
                raise CommandError(str(exc)) from None
        filled = document_tokens_fill_pending(project_id=project_id, batch=max(1, batch),
                                              progress=lambda count: self.stdout.write(f"  {count} filled"))
        self.stdout.write(f"Tokens filled for {filled} documents.")
