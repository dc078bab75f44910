"""Comment threads, flags for review and skips through the API, as alice (annotator), bob (reviewer),
carol (manager) and mallory (outsider) use them."""
import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from annotator.models import Comment, DocumentSkip, Thread
from annotator.selectors.queue import annotator_queue
from annotator.selectors.review import review_queue
from tests.api.conftest import TEXT


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def threads_url(document, *rest) -> str:
    return f"/api/v1/documents/{document.pk}/threads/" + "".join(f"{part}/" for part in rest)


@pytest.mark.django_db
def test_a_question_and_its_answer_form_one_thread_everyone_in_the_project_reads(users, document):
    body = f"Is '{TEXT[21:30]}' an ORG? 😀 北京"
    opened = as_user(users["alice"]).post(threads_url(document), {"body": body}, format="json")
    assert opened.status_code == 201
    thread = opened.json()
    assert thread["author"] == "alice" and thread["flag"] is False and thread["resolved"] is False
    assert [c["body"] for c in thread["comments"]] == [body]

    reply = as_user(users["bob"]).post(threads_url(document, thread["id"], "comments"), {"body": "Yes, tag it."},
                                       format="json")
    assert reply.status_code == 201
    for reader in ("alice", "bob", "carol"):
        listed = as_user(users[reader]).get(threads_url(document)).json()["results"]
        assert [(c["author"], c["body"]) for c in listed[0]["comments"]] == [("alice", body), ("bob", "Yes, tag it.")]
    assert as_user(users["mallory"]).get(threads_url(document)).status_code == 404


@pytest.mark.django_db
def test_only_the_author_or_a_reviewer_resolves_and_a_reply_opens_it_again(users, document, make_user):
    from annotator.models import Membership

    dave = make_user("dave")
    Membership.objects.create(user=dave, project=document.project, role="annotator")
    thread = as_user(users["alice"]).post(threads_url(document), {"body": "Unsure"}, format="json").json()
    refused = as_user(dave).post(threads_url(document, thread["id"], "resolve"), {}, format="json")
    assert refused.status_code == 403 and "detail" in refused.json()
    resolved = as_user(users["bob"]).post(threads_url(document, thread["id"], "resolve"), {}, format="json").json()
    assert resolved["resolved"] is True and resolved["resolved_by"] == "bob"
    as_user(users["alice"]).post(threads_url(document, thread["id"], "comments"), {"body": "One more"}, format="json")
    assert Thread.objects.get(pk=thread["id"]).resolved_at is None


@pytest.mark.django_db
@override_settings(MAX_COMMENT_CHARS=10)
def test_an_empty_or_too_long_comment_is_refused_naming_the_field_and_nothing_is_stored(users, document):
    client = as_user(users["alice"])
    for body in ("   ", "x" * 11):
        response = client.post(threads_url(document), {"body": body}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "body"
    assert not Thread.objects.exists() and not Comment.objects.exists()


@pytest.mark.django_db
def test_a_thread_of_another_document_is_not_found_through_this_one(users, document, project):
    from annotator.services.documents import documents_add

    other = project.documents.get(pk=documents_add(project=project, records=[{"text": "Other"}]).ids[0])
    thread = as_user(users["alice"]).post(threads_url(other), {"body": "Here"}, format="json").json()
    response = as_user(users["alice"]).post(threads_url(document, thread["id"], "comments"), {"body": "x"},
                                            format="json")
    assert response.status_code == 404


@pytest.mark.django_db
def test_skipping_takes_the_document_out_of_my_queue_only_and_undo_brings_it_back(users, document, make_user):
    from annotator.models import Membership

    dave = make_user("dave")
    Membership.objects.create(user=dave, project=document.project, role="annotator")
    project = document.project
    answer = as_user(users["alice"]).post(f"/api/v1/documents/{document.pk}/skip/", {"reason": "Not news"},
                                          format="json")
    assert answer.status_code == 200 and answer.json() == {"document": document.pk, "skipped": True,
                                                           "reason": "Not news"}
    assert list(annotator_queue(project=project, user=users["alice"])) == []
    assert [d.pk for d in annotator_queue(project=project, user=dave)] == [document.pk]
    document.refresh_from_db()
    assert document.status == "new"  # the document is not skipped for everyone
    as_user(users["alice"]).post(f"/api/v1/documents/{document.pk}/skip/undo/")
    assert [d.pk for d in annotator_queue(project=project, user=users["alice"])] == [document.pk]
    assert not DocumentSkip.objects.exists()


@pytest.mark.django_db
def test_a_flagged_document_is_in_the_review_queue_before_anyone_submitted_it(users, document):
    project = document.project
    assert review_queue(project=project, single_pass=False) == []
    as_user(users["alice"]).post(threads_url(document), {"body": "Is 北京 a GPE here?", "flag": True}, format="json")
    as_user(users["alice"]).post(threads_url(document), {"body": "Another question"}, format="json")
    items = review_queue(project=project, single_pass=False, only="flagged")
    assert [(item.document.pk, item.flagged, item.open_threads) for item in items] == [(document.pk, True, 2)]
    assert [item.document.pk for item in review_queue(project=project, single_pass=False, only="open_threads")] \
        == [document.pk]
    thread = Thread.objects.get(flag=True)
    as_user(users["bob"]).post(threads_url(document, thread.pk, "resolve"), {}, format="json")
    assert review_queue(project=project, single_pass=False, only="flagged") == []


@pytest.mark.django_db
@override_settings(MAX_ACTIVE_MS_PER_SAVE=60_000)
def test_active_time_sent_with_saves_adds_up_and_too_much_is_refused_whole(users, document):
    from annotator.models import Annotation

    url = f"/api/v1/documents/{document.pk}/annotations/mine/"
    client = as_user(users["alice"])
    first = client.put(url, {"spans": [], "active_ms": 1500}, format="json")
    assert first.status_code == 200
    second = client.put(url, {"spans": [], "active_ms": 2500, "version": first.json()["version"]}, format="json")
    assert second.status_code == 200
    assert Annotation.objects.get(author=users["alice"]).time_spent == pytest.approx(4.0)
    refused = client.put(url, {"spans": [], "active_ms": 60_001, "version": second.json()["version"]}, format="json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "active_ms"
    annotation = Annotation.objects.get(author=users["alice"])
    assert annotation.time_spent == pytest.approx(4.0) and annotation.version == second.json()["version"]
    figures = as_user(users["carol"]).get(f"/api/v1/projects/{document.project_id}/stats/").json()
    alice = next(row for row in figures["annotators"] if row["username"] == "alice")
    assert alice["time_spent"] == pytest.approx(4.0)


@pytest.mark.django_db
def test_time_per_document_sums_everyone_who_worked_on_it(users, document):
    url = f"/api/v1/documents/{document.pk}/annotations/mine/"
    as_user(users["alice"]).put(url, {"spans": [], "active_ms": 3000}, format="json")
    as_user(users["bob"]).put(url, {"spans": [], "active_ms": 1250}, format="json")
    figures = as_user(users["carol"]).get(f"/api/v1/projects/{document.project_id}/stats/").json()
    assert figures["time_per_document"] == [{"document": document.pk, "time_spent": 4.25,
                                             "annotators": {"alice": 3.0, "bob": 1.25}}]


@pytest.mark.django_db
def test_the_project_object_carries_its_guidelines_as_safe_html(users, project):
    project.guidelines = "# Rules\n\nTag **people**. <script>alert(1)</script> [x](javascript:alert(1))"
    project.save(update_fields=["guidelines"])
    answer = as_user(users["alice"]).get(f"/api/v1/projects/{project.pk}/").json()
    assert answer["guidelines"].startswith("# Rules")
    html = answer["guidelines_html"]
    assert "<h1>Rules</h1>" in html and "<strong>people</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html


@pytest.mark.django_db
def test_the_open_threads_filter_shows_a_question_on_a_document_nobody_submitted(users, document):
    project = document.project
    as_user(users["alice"]).post(threads_url(document), {"body": "Which label for 😀?"}, format="json")
    assert review_queue(project=project, single_pass=False) == []  # not ready for review
    items = review_queue(project=project, single_pass=False, only="open_threads")
    assert [(item.document.pk, item.flagged, item.open_threads) for item in items] == [(document.pk, False, 1)]
