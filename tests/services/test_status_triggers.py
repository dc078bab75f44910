"""The stats' document counts per status are kept by triggers on annotator_document. A migration that
remakes that table on SQLite drops them (0014 does, making `tokens` nullable): after migrate they are
back and the counts are right, including documents written while they were missing."""
import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate

from annotator.figures_triggers import SQLITE, status_triggers_ensure
from annotator.models import Document
from annotator.selectors.stats import project_stats

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite remakes tables in migrations")]


def _migrated():
    config = apps.get_app_config("annotator")
    post_migrate.send(sender=config, app_config=config, verbosity=0, interactive=False, using="default", plan=[],
                      apps=apps)


def test_a_fresh_test_database_counts_documents_by_status(project):
    Document.objects.create(project=project, text="One", content_hash="1" * 64)
    Document.objects.create(project=project, text="Two", content_hash="2" * 64, status="gold")
    progress = project_stats(project=project)["progress"]
    assert progress["total"] == 2
    assert progress["by_status"]["new"] == 1 and progress["by_status"]["gold"] == 1


def test_triggers_dropped_by_a_table_remake_are_put_back_and_the_statuses_recounted(project):
    with connection.cursor() as cursor:
        for statement in SQLITE:
            cursor.execute(f"DROP TRIGGER {statement.split()[2]}")  # as dropping the old table of a remake does
    unseen = Document.objects.create(project=project, text="Written while the triggers were gone",
                                     content_hash="3" * 64, status="submitted")
    _migrated()
    assert status_triggers_ensure() == []  # all back already
    Document.objects.create(project=project, text="After", content_hash="4" * 64)
    Document.objects.filter(pk=unseen.pk).update(status="gold")
    progress = project_stats(project=project)["progress"]
    assert progress["total"] == 2
    assert progress["by_status"]["gold"] == 1 and progress["by_status"]["new"] == 1
    assert progress["by_status"]["submitted"] == 0
