"""My work and progress: alice's drafts, submissions and skips, her place in her queue, Previous/Next."""
import pytest
from rest_framework.test import APIClient

from annotator.services.annotations import annotation_mine_save
from annotator.services.documents import documents_add
from annotator.services.threads import document_skip


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def five(project):
    texts = ["Zoë 😀 one", "北京 two", "Cafe\u0301 three", "four\r\nfour", "five"]
    return documents_add(project=project, records=[{"text": text} for text in texts]).ids


@pytest.mark.django_db
def test_my_work_lists_my_drafts_submissions_and_skips_only(project, users, five):
    alice, bob = users["alice"], users["bob"]
    d1, _d2, d3, d4, d5 = [project.documents.get(pk=pk) for pk in five]
    annotation_mine_save(document=d1, user=alice, spans=[], relations=[], submit=True)
    annotation_mine_save(document=d3, user=alice, spans=[], relations=[])
    document_skip(document=d4, user=alice, reason="Not news")
    annotation_mine_save(document=d5, user=bob, spans=[], relations=[])  # bob's, not alice's
    answer = as_user(alice).get(f"/api/v1/projects/{project.pk}/my-work/").json()
    assert [(row["document"], row["status"]) for row in answer["results"]] == [
        (d1.pk, "submitted"), (d3.pk, "draft"), (d4.pk, "skipped")]
    drafts = as_user(alice).get(f"/api/v1/projects/{project.pk}/my-work/?status=draft").json()["results"]
    assert [row["document"] for row in drafts] == [d3.pk]
    refused = as_user(alice).get(f"/api/v1/projects/{project.pk}/my-work/?status=gold")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "status"


@pytest.mark.django_db
def test_progress_gives_position_remaining_done_today_and_neighbours(project, users, five):
    alice = users["alice"]
    d1, d2, _d3, d4, _d5 = [project.documents.get(pk=pk) for pk in five]
    annotation_mine_save(document=d1, user=alice, spans=[], relations=[], submit=True)
    document_skip(document=d2, user=alice)
    annotation_mine_save(document=d4, user=alice, spans=[], relations=[])  # a draft: still in my queue
    progress = as_user(alice).get(f"/api/v1/projects/{project.pk}/progress/?document={d4.pk}").json()
    assert progress == {"done": 1, "drafts": 1, "skipped": 1, "remaining": 3, "done_today": 1,
                        "position": 3, "total": 5, "previous": d2.pk, "next": None}
    first = as_user(alice).get(f"/api/v1/projects/{project.pk}/progress/?document={d1.pk}").json()
    assert (first["position"], first["previous"], first["next"]) == (1, None, d2.pk)
    refused = as_user(alice).get(f"/api/v1/projects/{project.pk}/progress/?document=abc")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "document"
