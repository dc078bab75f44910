"""Documents added through the API are stored untokenized; a worker fills their tokens after the
commit, and every read before that gets exactly the tokens the worker stores (and an import
would have stored)."""
import json

import pytest
from rest_framework.test import APIClient

from annotator.models import Document
from annotator.selectors.exports import export_record_batches
from annotator.services.document_tokens import document_tokens_fill
from annotator.services.documents import content_hash, documents_add
from annotator.services.projects import project_create

# Emoji (two UTF-16 units), CJK, a combining mark, CRLF: offsets are code points everywhere.
TEXTS = ["Zoë met 北京 people 😀 at Acme\r\nCafe\u0301 Ltd.", "Ünïcode 😀😀 in Tōkyō, 東京都.\r\n\r\nNew line."]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(project):
    return f"/api/v1/projects/{project.pk}/documents/"


@pytest.fixture
def imported_tokens(db):
    """The tokens an import (tokenizing while it stores) gives these texts, in a project of its own."""
    other = project_create(name="Imported the old way")
    added = documents_add(project=other, records=[{"text": text} for text in TEXTS])
    tokens = [Document.objects.get(pk=pk).tokens for pk in added.ids]
    pieces = {text[s:e] for text, pairs in zip(TEXTS, tokens) for s, e in pairs}
    assert {"😀", "北京", "Cafe\u0301", "Zoë"} <= pieces and not any(piece.isspace() for piece in pieces)
    return tokens


@pytest.mark.django_db
def test_reads_before_the_worker_and_the_stored_tokens_after_it_equal_an_imports_tokens(
        users, project, imported_tokens, eager, django_capture_on_commit_callbacks):
    manager = client_for(users["carol"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = manager.post(url(project), [{"text": text} for text in TEXTS], format="json")
    assert response.status_code == 201, response.content
    ids = response.json()["ids"]
    assert list(Document.objects.filter(pk__in=ids).order_by("pk").values_list("tokens", flat=True)) == [None, None]

    # Before the worker: the document, the project's list and the exports compute them.
    annotator = client_for(users["alice"])
    for pk, text, expected in zip(ids, TEXTS, imported_tokens):
        assert annotator.get(f"/api/v1/documents/{pk}/").json()["tokens"] == expected
    listed = {d["id"]: d["tokens"] for d in annotator.get(url(project)).json()["results"]}
    assert [listed[pk] for pk in ids] == imported_tokens
    for raw in (False, True):
        [batch] = export_record_batches(project=project, only_gold=False, raw_tokens=raw)
        tokens = [json.loads(str(r["tokens"])) if raw else r["tokens"] for r in batch]
        assert tokens == imported_tokens

    # The worker: its task, sent after the commit, stores those very tokens.
    assert len(callbacks) == 1
    callbacks[0]()
    stored = list(Document.objects.filter(pk__in=ids).order_by("pk").values_list("tokens", flat=True))
    assert stored == imported_tokens
    assert annotator.get(f"/api/v1/documents/{ids[0]}/").json()["tokens"] == imported_tokens[0]


@pytest.mark.django_db
def test_a_bad_item_anywhere_stores_nothing_and_sends_no_worker(users, project,
                                                                  django_capture_on_commit_callbacks):
    body = [{"text": f"Fine {n}."} for n in range(5)] + [{"text": "Fine too.", "meta": [1]}]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(users["carol"]).post(url(project), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "[5].meta"
    assert Document.objects.count() == 0 and callbacks == []


@pytest.mark.django_db
def test_duplicates_are_reported_and_only_new_documents_wait_for_tokens(users, project, eager,
                                                                         django_capture_on_commit_callbacks):
    manager = client_for(users["carol"])
    with django_capture_on_commit_callbacks(execute=True):
        first = manager.post(url(project), [{"text": TEXTS[0]}], format="json").json()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = manager.post(url(project), [{"text": TEXTS[0]}, {"text": TEXTS[1]}, {"text": TEXTS[1]}],
                             format="json").json()
    assert (again["created"], again["duplicates"]) == (1, 2)
    assert Document.objects.get(pk=first["ids"][0]).tokens  # filled by the first request's worker
    assert Document.objects.get(pk=again["ids"][0]).tokens is None
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_filling_stores_only_pending_tokens(project, imported_tokens):
    stored = Document.objects.create(project=project, text=TEXTS[0], content_hash=content_hash(TEXTS[0]),
                                     tokens=[[0, 3]])
    pending = Document.objects.create(project=project, text=TEXTS[1], content_hash=content_hash(TEXTS[1]), tokens=None)
    assert document_tokens_fill(document_ids=[stored.pk, pending.pk]) == 1
    assert Document.objects.get(pk=stored.pk).tokens == [[0, 3]]
    assert Document.objects.get(pk=pending.pk).tokens == imported_tokens[1]
    assert document_tokens_fill(document_ids=[stored.pk, pending.pk]) == 0  # a message delivered twice


@pytest.mark.django_db
def test_an_import_meeting_a_document_whose_tokens_are_pending_still_reports_spans_cutting_tokens(
        users, project, tmp_path, django_capture_on_commit_callbacks):
    from annotator.services.imports import import_run_here

    text = "Apple and 😀 Microsoft.\r\nDone."
    with django_capture_on_commit_callbacks(execute=False):
        client_for(users["carol"]).post(url(project), [{"text": text}], format="json")
    assert Document.objects.get().tokens is None
    start = text.index("Microsoft")
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"text": text, "spans": [{"id": 1, "start": start, "end": start + 5, "label": "ORG"}]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    job = import_run_here(project=project, path=str(path), as_="gold", created_by=users["carol"])
    assert job.status == "succeeded", job.errors
    assert job.result["duplicates"] == 1
    [example] = job.result["warnings"]["examples"]
    assert (example["span"], example["token"]) == ("Micro", "Microsoft")


def test_the_fill_task_is_registered_under_the_name_the_service_sends():
    from annotator.celery import app
    from annotator.services.document_tokens import FILL_TASK
    from annotator.tasks import document_tokens_fill_task

    assert document_tokens_fill_task.name == FILL_TASK and FILL_TASK in app.tasks
    assert document_tokens_fill_task.acks_late and document_tokens_fill_task.reject_on_worker_lost
