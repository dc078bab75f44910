"""GET projects/{id}/documents/: the `count` of a list without a search is the project's counters per
status (annotator/selectors/document_counts.py), never a count of the documents, and it follows
every change: additions, status changes however written, deletions, another project's documents."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Document
from annotator.services.projects import project_create

TEXTS = ["Nairobi 😀 floods.", "北京 office opened.", "Plain text.", "Cafe\u0301 in Paris.", "Fifth one.", "Sixth.",
         "Seventh 🙂."]


def listed(client, project, **params) -> tuple[list[int], int]:
    page = client.get(f"/api/v1/projects/{project.pk}/documents/", {"page_size": 2, **params}).json()
    return [d["id"] for d in page["results"]], page["count"]


@pytest.fixture
def ids(client_for, users, project):
    body = [{"text": text} for text in TEXTS]
    return client_for(users["carol"]).post(f"/api/v1/projects/{project.pk}/documents/", body, format="json").json()["ids"]


@pytest.mark.django_db
class TestCount:
    @pytest.fixture(autouse=True)
    def _client(self, client_for, users):
        self.client = client_for(users["alice"])

    def test_counts_follow_status_changes_deletions_and_other_projects(self, project, ids):
        assert listed(self.client, project) == (ids[:2], 7)
        assert listed(self.client, project, status="new") == (ids[:2], 7)
        Document.objects.filter(pk__in=ids[:3]).update(status="gold")                 # a bulk update
        document = Document.objects.get(pk=ids[6])
        document.status = "submitted"
        document.save(update_fields=["status"])                                       # one row saved
        assert listed(self.client, project, status="gold") == (ids[:2], 3)
        assert listed(self.client, project, status="new") == (ids[3:5], 3)
        assert listed(self.client, project, status=["gold", "submitted"]) == (ids[:2], 4)
        assert listed(self.client, project, status=["gold", "gold"]) == (ids[:2], 3)  # a status given twice
        assert listed(self.client, project, status="skipped") == ([], 0)
        Document.objects.filter(pk__in=[ids[0], ids[3]]).delete()
        other = project_create(name="Other", entity_types=["ORG"])
        Document.objects.create(project=other, text="Elsewhere", content_hash="x" * 64, status="gold")
        assert listed(self.client, project) == (ids[1:3], 5)
        assert listed(self.client, project, status="gold") == (ids[1:3], 2)
        assert listed(self.client, project, status="new") == ([ids[4], ids[5]], 2)
        assert listed(self.client, project, ordering="-id") == ([ids[6], ids[5]], 5)

    def test_a_status_change_through_a_gold_save_is_counted(self, client_for, users, project, ids):
        from annotator.services.annotations import annotation_gold_save

        annotation_gold_save(document=Document.objects.get(pk=ids[1]), user=users["bob"],
                             spans=[{"id": 1, "start": 0, "end": 2, "label": "GPE"}], relations=[])
        status = Document.objects.get(pk=ids[1]).status
        assert listed(self.client, project, status=status) == ([ids[1]], 1)
        assert listed(self.client, project, status="new")[1] == 6

    def test_the_review_queue_is_counted_the_same_way(self, project, ids):
        Document.objects.filter(pk__in=ids[:3]).update(status="gold")
        assert listed(self.client, project, ordering="-disagreement")[1] == 7
        assert listed(self.client, project, ordering="-disagreement", status="gold") == (ids[:2], 3)

    def test_the_count_reads_no_documents(self, project, ids):
        """However many documents the project holds, the only query on them is the page's."""
        for params in ({}, {"status": "new"}, {"status": ["new", "gold"], "ordering": "-id"},
                       {"ordering": "-disagreement"}):
            with CaptureQueriesContext(connection) as queries:
                assert listed(self.client, project, **params)[1] == 7
            on_documents = [q["sql"] for q in queries.captured_queries if 'FROM "annotator_document"' in q["sql"]]
            assert len(on_documents) == 1 and "COUNT(" not in on_documents[0].upper(), on_documents
