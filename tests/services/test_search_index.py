"""A migration that remakes the documents table on SQLite (dropping its triggers) does not leave
search blind: after migrate the index's triggers are back and new or changed documents are found."""
import pytest
from django.db import connection

from annotator.models import Document
from annotator.selectors.document_search import documents_search
from annotator.services.search_index import SQLITE_TRIGGERS, search_triggers_ensure

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's full-text index")]


def test_triggers_dropped_by_a_table_remake_are_put_back_after_migrate(project):
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")  # as dropping the old table of a remake does
    from django.apps import apps
    from django.db.models.signals import post_migrate

    post_migrate.send(sender=apps.get_app_config("annotator"), app_config=apps.get_app_config("annotator"),
                      verbosity=0, interactive=False, using="default", plan=[], apps=apps)
    assert search_triggers_ensure() == []  # all back already
    document = Document.objects.create(project=project, text="Floods in Nairobi", content_hash="a" * 64)
    found = documents_search(Document.objects.filter(project=project), q="nairobi", project_id=project.pk)
    assert list(found) == [document]
    Document.objects.filter(pk=document.pk).update(title="Lagos desk")
    assert list(documents_search(Document.objects.filter(project=project), q="lagos", project_id=project.pk)) == [
        document]
