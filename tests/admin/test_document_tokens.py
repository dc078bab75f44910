"""The admin's documents: the list shows how many tokens each document has, counted by the database
(one query for the page, not one per row), and "pending" for a document a worker has not tokenized yet;
its page shows the same instead of an empty value."""
import pytest
from django.urls import reverse

from annotator.models import Document
from annotator.services.documents import documents_add

pytestmark = pytest.mark.django_db


def test_the_list_counts_tokens_in_the_database_and_names_pending_ones(project, admin_client,
                                                                       django_assert_max_num_queries):
    ids = documents_add(project=project, records=[{"text": f"Story {i} has five words."} for i in range(40)]).ids
    Document.objects.filter(pk=ids[0]).update(tokens=None)
    url = reverse("admin:annotator_document_changelist")
    with django_assert_max_num_queries(12):
        page = admin_client.get(url).content.decode()
    assert page.count('<td class="field-token_total">6</td>') == 39  # Story, i, has, five, words, .
    assert page.count('<td class="field-token_total">pending</td>') == 1


def test_a_pending_documents_page_says_its_tokens_are_pending(project, admin_client):
    [pk] = documents_add(project=project, records=[{"text": "Two words"}]).ids
    Document.objects.filter(pk=pk).update(tokens=None)
    page = admin_client.get(reverse("admin:annotator_document_change", args=[pk])).content.decode()
    assert page.count("pending: a worker tokenizes it") == 1 and '<div class="readonly">pending</div>' in page
    Document.objects.filter(pk=pk).update(tokens=[[0, 3], [4, 9]])
    page = admin_client.get(reverse("admin:annotator_document_change", args=[pk])).content.decode()
    assert "pending" not in page and "[[0, 3], [4, 9]]" in page
