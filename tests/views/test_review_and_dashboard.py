"""Review queue, review page and dashboard through Django's test client: who may see them, what they list."""
import pytest
from django.urls import reverse

from annotator.models import Annotation, Document, Membership, Span
from annotator.services.annotations import annotation_mine_save
from annotator.services.documents import documents_add

TEXTS = ["Ann Lee works for Acme.", "Bo Chen met Dana in Rome.", "Eve left <b>Oslo</b>.", "Nothing."]


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def documents(project, users):
    """0: alice and dave submitted and agree; 1: they disagree fully; 2: pre-labeled only; 3: new."""
    from django.contrib.auth import get_user_model

    dave = get_user_model().objects.create_user("dave", password="dave-pw")
    Membership.objects.create(user=dave, project=project, role="annotator")
    ids = documents_add(project=project, records=[{"text": t, "title": t[:12]} for t in TEXTS]).ids
    docs = list(Document.objects.select_related("project").filter(pk__in=ids).order_by("id"))
    for person in (users["alice"], dave):
        annotation_mine_save(document=docs[0], user=person, spans=[{"start": 0, "end": 7, "label": "PERSON"}],
                             relations=[], submit=True)
    annotation_mine_save(document=docs[1], user=users["alice"], spans=[{"start": 0, "end": 7, "label": "PERSON"}],
                         relations=[], submit=True)
    annotation_mine_save(document=docs[1], user=dave, spans=[{"start": 20, "end": 24, "label": "GPE"}], relations=[],
                         submit=True)
    prediction = Annotation.objects.create(document=docs[2], kind="prediction", model="m", status="submitted")
    Span.objects.create(annotation=prediction, start=0, end=3, label=project.entity_types.get(name="PERSON"))
    Document.objects.filter(pk=docs[2].pk).update(status="prelabeled")
    return docs


@pytest.mark.django_db
class TestReviewQueue:
    def test_submitted_documents_worst_first(self, client, users, project, documents):
        response = login(client, users["bob"]).get(reverse("project_review_queue", args=[project.pk]))
        assert response.status_code == 200
        ids = [item.document.pk for item in response.context["items"]]
        assert ids == [documents[1].pk, documents[0].pk]
        assert [item.disagreement for item in response.context["items"]] == [1.0, 0.0]
        page = response.content.decode()
        assert reverse("document_review", args=[documents[1].pk]) in page
        assert 'id="next-to-review"' in page

    def test_single_pass_adds_prelabeled_documents(self, client, users, project, documents):
        url = reverse("project_review_queue", args=[project.pk]) + "?single_pass=1"
        response = login(client, users["carol"]).get(url)
        assert [item.document.pk for item in response.context["items"]] == [
            documents[1].pk, documents[0].pk, documents[2].pk]
        # Titles are text, never HTML.
        assert "Eve left &lt;b&gt;" in response.content.decode() and "Eve left <b>" not in response.content.decode()

    def test_sorted_by_id(self, client, users, project, documents):
        url = reverse("project_review_queue", args=[project.pk]) + "?ordering=id"
        response = login(client, users["bob"]).get(url)
        assert [item.document.pk for item in response.context["items"]] == [documents[0].pk, documents[1].pk]

    def test_gold_documents_leave_the_queue(self, client, users, project, documents):
        Document.objects.filter(pk=documents[1].pk).update(status="gold")
        response = login(client, users["bob"]).get(reverse("project_review_queue", args=[project.pk]))
        assert [item.document.pk for item in response.context["items"]] == [documents[0].pk]

    def test_next_goes_to_the_worst(self, client, users, project, documents):
        response = login(client, users["bob"]).get(reverse("project_review_next", args=[project.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("document_review", args=[documents[1].pk]))

    def test_nothing_left(self, client, users, project):
        response = login(client, users["bob"]).get(reverse("project_review_next", args=[project.pk]))
        assert response.status_code == 200 and "Nothing left to review" in response.content.decode()

    def test_without_annotators_single_pass_is_the_default(self, client, users, project, documents):
        Membership.objects.filter(project=project, role="annotator").delete()
        response = login(client, users["bob"]).get(reverse("project_review_queue", args=[project.pk]))
        assert response.context["single_pass"] is True
        assert documents[2].pk in [item.document.pk for item in response.context["items"]]

    @pytest.mark.parametrize("name, status", [("alice", 403), ("mallory", 404), ("bob", 200), ("carol", 200)])
    def test_who_may_see_it(self, client, users, project, name, status):
        response = login(client, users[name]).get(reverse("project_review_queue", args=[project.pk]))
        assert response.status_code == status


@pytest.mark.django_db
class TestReviewPage:
    @pytest.mark.parametrize("name, status", [("alice", 403), ("mallory", 404), ("bob", 200), ("carol", 200)])
    def test_who_may_see_it(self, client, users, project, documents, name, status):
        response = login(client, users[name]).get(reverse("document_review", args=[documents[0].pk]))
        assert response.status_code == status
        if status == 403:
            assert 'id="forbidden"' in response.content.decode()

    def test_mounts_the_editor_in_review_mode(self, client, users, project, documents):
        page = login(client, users["bob"]).get(reverse("document_review", args=[documents[0].pk])).content.decode()
        assert 'data-mode="review"' in page and f'data-document-id="{documents[0].pk}"' in page
        assert reverse("project_review_next", args=[project.pk]) in page
        assert 'data-user="bob"' in page

    def test_anonymous_users_log_in_first(self, client, project, documents):
        response = client.get(reverse("document_review", args=[documents[0].pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
class TestDashboard:
    @pytest.mark.parametrize("name, status", [("alice", 200), ("mallory", 404), ("bob", 200), ("carol", 200)])
    def test_members_only(self, client, users, project, name, status):
        assert login(client, users[name]).get(reverse("project_dashboard", args=[project.pk])).status_code == status

    def test_mount_point(self, client, users, project):
        page = login(client, users["carol"]).get(reverse("project_dashboard", args=[project.pk])).content.decode()
        assert 'id="dashboard"' in page and 'data-can-manage="true"' in page
        assert "jsonl" in page
        page = login(client, users["alice"]).get(reverse("project_dashboard", args=[project.pk])).content.decode()
        assert 'data-can-manage="false"' in page

    def test_export_right_follows_the_project_setting(self, client, users, project):
        dashboard = reverse("project_dashboard", args=[project.pk])
        assert 'data-can-export="false"' in login(client, users["alice"]).get(dashboard).content.decode()
        assert 'data-can-export="true"' in login(client, users["bob"]).get(dashboard).content.decode()
        project.export_role = "manager"
        project.save(update_fields=["export_role"])
        page = login(client, users["bob"]).get(dashboard).content.decode()
        assert 'data-can-export="false"' in page and 'data-export-role="manager"' in page

    def test_project_page_links(self, client, users, project):
        page = login(client, users["bob"]).get(reverse("project_detail", args=[project.pk])).content.decode()
        assert reverse("project_review_queue", args=[project.pk]) in page
        assert reverse("project_dashboard", args=[project.pk]) in page
        page = login(client, users["alice"]).get(reverse("project_detail", args=[project.pk])).content.decode()
        assert reverse("project_review_queue", args=[project.pk]) not in page
