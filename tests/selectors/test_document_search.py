"""The queries the full-text index is asked (annotator/selectors/document_search.py)."""
import pytest
from django.db import connection

from annotator.selectors.document_search import _tsquery, fts_query, search_parts


def test_parts_or_none_for_a_substring_search():
    assert search_parts("  Nairobi   monday ") == ["Nairobi", "monday"]
    assert search_parts("北京") is None and search_parts("in 東京") is None and search_parts("ภาษาไทย") is None
    assert search_parts("😀") is None and search_parts("a --") is None and search_parts("") is None


def test_fts_query_quotes_every_part_and_names_the_project():
    assert fts_query(['say"hi', "o'neill"], project_id=12) == 'project : p12 AND ("say""hi"* AND "o\'neill"*)'
    assert fts_query(["Nairobi"]) == '("Nairobi"*)'


def test_fts_query_keeps_to_the_text_columns_only_for_a_part_that_could_be_a_project_word():
    for part in ("p", "P12", "p7", "ṗ1", "Zoë"):
        assert fts_query(["kenya", part]).startswith("{title text external_id} : "), part
    for part in ("p-12", "pay", "12", "p12x", "o'p1"):
        assert fts_query([part]) == f'("{part}"*)', part


@pytest.mark.django_db
def test_a_search_for_the_projects_own_word_finds_only_texts_holding_it(project):
    """Each document's project is a word of the index (p<id>): searching that word, or `p`, finds
    the documents whose title, text or external id hold it, never every document of the project."""
    from annotator.models import Document
    from annotator.selectors.document_search import documents_search, documents_search_count
    from annotator.services.documents import documents_add

    own = f"p{project.pk}"
    documents_add(project=project, records=[{"text": f"Form {own.upper()} filed."}, {"text": "Nothing here."},
                                            {"text": "Plain", "external_id": f"{own}-x"}, {"text": "Other words."}])
    everything = Document.objects.filter(project=project)
    for q, texts in ((own, {f"Form {own.upper()} filed.", "Plain"}), ("p", {f"Form {own.upper()} filed.", "Plain"}),
                     (f"{own} filed", {f"Form {own.upper()} filed."}), ("words", {"Other words."})):
        found = documents_search(everything, q=q, project_id=project.pk)
        assert set(found.values_list("text", flat=True)) == texts, q
        assert documents_search_count(project_id=project.pk, q=q) == len(texts), q


def test_tsquery_is_a_prefix_or_a_phrase_of_the_words_postgresql_finds():
    assert _tsquery("Nair") == ("to_tsquery('simple', %s)", "'nair':*")
    assert _tsquery("Bench-7-12") == ("phraseto_tsquery('simple', %s)", "Bench-7-12")


TEXTS = ["Nairobi 😀 floods in Kenya.", "北京 office, Nairobi desk.", "Cafe\u0301 Nairobian.", "Plain text.",
         "O'Neill in NAIROBI", "Zoë 🙂 in Nairobi."]


@pytest.mark.django_db
def test_the_count_of_a_search_is_the_count_of_what_it_finds(project):
    """documents_search_count (what the list's `count` says) equals the number of documents
    documents_search finds, with and without statuses, whichever database the suite runs on."""
    from annotator.models import Document
    from annotator.selectors.document_search import documents_search, documents_search_count
    from annotator.services.documents import documents_add
    from annotator.services.projects import project_create

    ids = documents_add(project=project, records=[{"text": text, "external_id": f"e-{n}"}
                                                  for n, text in enumerate(TEXTS)]).ids
    documents_add(project=project_create(name="Other", entity_types=["ORG"]), records=[{"text": "Nairobi too"}])
    Document.objects.filter(pk__in=ids[:2]).update(status="gold")
    Document.objects.filter(pk=ids[4]).update(status="submitted")
    Document.objects.filter(pk=ids[5]).delete()
    for q in ("nairobi", "Nair", "nairobi kenya", "o'neill", "e-3", "office nairobi", "missing"):
        for statuses in ((), ("gold",), ("gold", "submitted"), ("new",), ("skipped",)):
            found = documents_search(Document.objects.filter(project=project, **(
                {"status__in": statuses} if statuses else {})), q=q, project_id=project.pk)
            assert documents_search_count(project_id=project.pk, q=q, statuses=statuses) == found.count(), (q, statuses)
    assert documents_search_count(project_id=project.pk, q="nairobi", statuses=("gold",)) == 2


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_counts_through_the_index_bitmaps_and_puts_the_settings_back(project, settings):
    from django.test.utils import CaptureQueriesContext

    from annotator.selectors.document_search import documents_search_count
    from annotator.services.documents import documents_add

    documents_add(project=project, records=[{"text": text} for text in TEXTS])
    settings.SEARCH_COUNT_WORK_MEM = "9MB"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                       "current_setting('work_mem')")
        before = cursor.fetchone()
    with CaptureQueriesContext(connection) as queries:
        assert documents_search_count(project_id=project.pk, q="nairobi") == 5
    assert any("set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), "
               "set_config('work_mem', '9MB', true)" in query["sql"] for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                       "current_setting('work_mem')")
        assert cursor.fetchone() == before and before[:2] == ("on", "on")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's full-text index")
def test_the_only_project_is_counted_without_its_word_and_another_project_brings_it_back(project):
    from django.test.utils import CaptureQueriesContext

    from annotator.models import Document
    from annotator.selectors.document_search import documents_search_count
    from annotator.services.documents import documents_add
    from annotator.services.projects import project_create

    documents_add(project=project, records=[{"text": text} for text in TEXTS])

    def counted(project_id):
        with CaptureQueriesContext(connection) as queries:
            count = documents_search_count(project_id=project_id, q="nairobi")
        [match] = [query["sql"] for query in queries.captured_queries if "MATCH" in query["sql"]]
        return count, "project : p" in match

    assert counted(project.pk) == (5, False)  # every document is this project's: no need to intersect
    other = project_create(name="Other", entity_types=["ORG"])
    documents_add(project=other, records=[{"text": "Nairobi too"}, {"text": "Nairobi again"}])
    assert counted(project.pk) == (5, True) and counted(other.pk) == (2, True)
    Document.objects.filter(project=project).delete()
    assert counted(other.pk) == (2, False)


@pytest.mark.django_db
def test_a_rare_word_and_a_common_one_are_paged_in_id_order_both_ways(project, users):
    """A search's pages are in id order (and -id) whether its word is in 2 of 250 documents or in all;
    on PostgreSQL the rare word's page is read from the index's bitmap (sorted by `id + 0`), the common
    one's by walking the ids (annotator/selectors/document_search.py, documents_search_paged)."""
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from annotator.services.documents import documents_add

    ids = documents_add(project=project, records=[
        {"text": f"Common words {n}" + (" in Zanzibar" if n in (40, 200) else "")} for n in range(250)]).ids
    client = APIClient()
    client.force_authenticate(users["carol"])
    for q, expected in (("zanzibar", [ids[40], ids[200]]), ("common", ids)):
        for ordering, order in (("", expected), ("-id", expected[::-1])):
            with CaptureQueriesContext(connection) as queries:
                body = client.get(f"/api/v1/projects/{project.pk}/documents/",
                                  {"q": q, "ordering": ordering, "page_size": 100}).json()
            assert body["count"] == len(expected) and [d["id"] for d in body["results"]] == order[:100], (q, ordering)
            paged = [query["sql"] for query in queries.captured_queries if "LIMIT" in query["sql"]]
            if connection.vendor == "postgresql":
                assert ("id + 0" in paged[-1]) == (q == "zanzibar"), paged[-1]


@pytest.mark.django_db
def test_the_review_queue_order_with_a_search_is_counted(project, users):
    """?ordering=disagreement pages a ranked list, not a queryset: a search there is counted as well."""
    from rest_framework.test import APIClient

    from annotator.services.documents import documents_add

    documents_add(project=project, records=[{"text": f"Report {n}" + (" from Zanzibar" if n % 2 else "")}
                                            for n in range(6)])
    client = APIClient()
    client.force_authenticate(users["carol"])
    for ordering in ("disagreement", "-disagreement"):
        response = client.get(f"/api/v1/projects/{project.pk}/documents/", {"q": "zanzibar", "ordering": ordering,
                                                                           "page_size": 2})
        assert response.status_code == 200 and response.json()["count"] == 3, response.content[:300]
