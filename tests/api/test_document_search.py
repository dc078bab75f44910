"""GET projects/{id}/documents/?q=: words found through the full-text index (SQLite FTS5 or
PostgreSQL's text search, whichever the suite runs on), CJK and emoji as substrings."""
import pytest
from django.db import connection

from annotator.models import Document
from annotator.services.projects import project_create

TEXTS = [
    "Officials in Nairobi reported floods.\r\nThe river rose on Monday.",  # CRLF
    "Zoë 😀 met Ann Lee of Acme Corp in 北京工作.",                           # emoji, CJK, ë
    "Cafe\u0301 Paris opened; James O'Neill spoke.",                         # combining mark
    "Nothing to see here.",
]


@pytest.fixture
def posted(client_for, users, project):
    body = [{"text": text, "title": f"Report {n}", "external_id": f"bench-7-{n}"} for n, text in enumerate(TEXTS)]
    return client_for(users["carol"]).post(f"/api/v1/projects/{project.pk}/documents/", body, format="json").json()["ids"]


def search(client, project, query: str, **filters) -> tuple[list[int], int]:
    page = client.get(f"/api/v1/projects/{project.pk}/documents/", {"q": query, **filters}).json()
    return [d["id"] for d in page["results"]], page["count"]


@pytest.mark.django_db
class TestSearch:
    @pytest.fixture(autouse=True)
    def _client(self, client_for, users):
        self.client = client_for(users["alice"])

    def test_words_in_any_order_case_and_accents_ignored(self, project, posted):
        assert search(self.client, project, "monday NAIROBI") == ([posted[0]], 1)  # every word, any order
        assert search(self.client, project, "nair") == ([posted[0]], 1)            # the beginning of a word
        assert search(self.client, project, "ZOË") == ([posted[1]], 1)
        assert search(self.client, project, "cafe") == ([posted[2]], 1)           # e + combining acute
        if connection.vendor == "sqlite":  # accents folded (PostgreSQL's `simple` search keeps them)
            assert search(self.client, project, "zoe") == ([posted[1]], 1)
            assert search(self.client, project, "café") == ([posted[2]], 1)
        assert search(self.client, project, "o'neill") == ([posted[2]], 1)
        assert search(self.client, project, "monday tuesday") == ([], 0)          # one word missing

    def test_title_and_external_id_are_searched(self, project, posted):
        assert search(self.client, project, "report") == (posted, 4)
        assert search(self.client, project, "bench-7-2") == ([posted[2]], 1)

    def test_cjk_and_emoji_are_found_as_substrings(self, project, posted):
        assert search(self.client, project, "北京") == ([posted[1]], 1)  # inside a run of CJK with no spaces
        assert search(self.client, project, "😀") == ([posted[1]], 1)

    def test_with_status_and_pages(self, project, posted):
        Document.objects.filter(pk__in=posted[:1]).update(status="gold")
        assert search(self.client, project, "report", status="gold") == ([posted[0]], 1)
        page = self.client.get(f"/api/v1/projects/{project.pk}/documents/", {"q": "report", "page_size": 3}).json()
        assert page["count"] == 4 and len(page["results"]) == 3 and page["next"]
        assert [d["id"] for d in self.client.get(page["next"]).json()["results"]] == posted[3:]

    def test_only_this_project_and_the_index_follows_changes(self, project, posted):
        other = project_create(name="Other", entity_types=["ORG"])
        Document.objects.create(project=other, text="Nairobi again", content_hash="x" * 64)
        assert search(self.client, project, "nairobi") == ([posted[0]], 1)
        Document.objects.filter(pk=posted[3]).update(title="Nairobi desk")       # a changed title
        assert search(self.client, project, "nairobi") == ([posted[0], posted[3]], 2)
        assert search(self.client, project, "report 3") == ([], 0)
        Document.objects.filter(pk=posted[0]).delete()
        assert search(self.client, project, "nairobi") == ([posted[3]], 1)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the count in the index alone is SQLite's")
def test_a_search_reads_one_page_of_documents_and_counts_in_the_index(client_for, users, project):
    """The cost stays a page's however many documents match: no query reads or counts the matching
    documents one by one (each query on the documents is limited to the page)."""
    from django.test.utils import CaptureQueriesContext

    body = [{"text": f"Report {n} from Nairobi."} for n in range(7)]
    client_for(users["carol"]).post(f"/api/v1/projects/{project.pk}/documents/", body, format="json")
    alice = client_for(users["alice"])
    for query in ({"q": "nairobi"}, {"q": "nairobi", "ordering": "-id"}):
        with CaptureQueriesContext(connection) as queries:
            page = alice.get(f"/api/v1/projects/{project.pk}/documents/", {**query, "page_size": 3}).json()
        assert page["count"] == 7 and len(page["results"]) == 3
        on_documents = [q["sql"] for q in queries.captured_queries if 'FROM "annotator_document"' in q["sql"]]
        assert len(on_documents) == 1 and "LIMIT 4" in on_documents[0]
