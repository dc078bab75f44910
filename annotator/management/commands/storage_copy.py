"""Copy built exports and trained versions from MEDIA_ROOT to the object store (annotator/services/storage_copy.py)."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from annotator.services.errors import ServiceError
from annotator.services.storage_copy import media_copy_to_store


class Command(BaseCommand):
    help = ("Copy every built export and trained model version kept in MEDIA_ROOT to the object store that "
            "OBJECT_STORAGE_BUCKET names, before web and workers stop sharing a folder. Safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument("--media-root", default=None, help="the folder to copy from (default: MEDIA_ROOT)")

    def handle(self, *args, media_root=None, **options):
        try:
            outcome = media_copy_to_store(media_root=Path(media_root or settings.MEDIA_ROOT))
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        for name in outcome.missing:
            self.stderr.write(f"missing, not copied: {name}")
        self.stdout.write(self.style.SUCCESS(
            f"{len(outcome.copied)} copied, {len(outcome.present)} already in the store, "
            f"{len(outcome.missing)} missing from the folder"))
        if outcome.missing:
            raise CommandError(f"{len(outcome.missing)} files named by exports or trained models are missing")
