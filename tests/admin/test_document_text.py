"""The admin's document page: a text anything annotates is read-only, with the reason on the page; a
text nothing annotates changes with its content hash and tokens, and never to another document's text."""
import hashlib

import pytest
from django.urls import reverse

from annotator.models import Document
from annotator.nlp import tokenize_texts
from annotator.selectors.annotations import project_label_set
from annotator.services.annotation_import import annotations_import
from annotator.services.documents import documents_add

pytestmark = pytest.mark.django_db

TEXT = "Maria Okafor met 北京 traders 😀.\nReuters wrote it."
NEW = "Kenji Watanabe joined Toyota 😀 in 東京.\nCafe\u0301 owners cheered."


def add(project, text=TEXT):
    return Document.objects.get(pk=documents_add(project=project, records=[{"text": text}]).ids[0])


def change_url(document):
    return reverse("admin:annotator_document_change", args=[document.pk])


def form(document, **changes):
    """The change form as a browser posts it: every field, line breaks as CRLF (what a textarea sends)."""
    values = {"project": document.project_id, "title": document.title, "external_id": document.external_id,
              "status": document.status, "text": document.text.replace("\n", "\r\n"), "meta": "{}"}
    return {**values, **changes}


def test_a_predicted_document_shows_its_text_read_only_with_the_reason(admin_client, project):
    document = add(project)
    start = TEXT.index("Reuters")
    annotations_import(kind="prediction", document_ids=[document.pk], labels=project_label_set(project=project),
                       model="m", bodies=[{"spans": [{"start": start, "end": start + 7, "label": "ORG"}]}])
    document = Document.objects.get(pk=document.pk)
    page = admin_client.get(change_url(document)).content.decode()
    assert "This document has 1 annotation (predictions included); its text can no longer change, offsets would " \
           "move." in page
    assert 'name="text"' not in page  # no box to type in
    response = admin_client.post(change_url(document), form(document, text=NEW, title="Renamed"))
    assert response.status_code == 302
    stored = Document.objects.get(pk=document.pk)
    assert (stored.text, stored.content_hash, stored.tokens) == (TEXT, document.content_hash, document.tokens)
    assert stored.title == "Renamed"  # the rest of the page still saves


def test_a_text_nothing_annotates_changes_with_its_hash_and_tokens(admin_client, project):
    document = add(project)
    page = admin_client.get(change_url(document)).content.decode()
    assert 'name="text"' in page and "nothing annotates this document yet" in page
    response = admin_client.post(change_url(document), form(document, text=NEW.replace("\n", "\r\n")))
    assert response.status_code == 302
    stored = Document.objects.get(pk=document.pk)
    assert stored.text == NEW  # the browser's CRLF read back as the LF the text had
    assert stored.content_hash == hashlib.sha256(NEW.encode()).hexdigest()
    assert stored.tokens == tokenize_texts([NEW], model=project.spacy_model)[0]


def test_the_text_of_another_document_is_refused_with_a_message(admin_client, project):
    first, second = add(project), add(project, NEW)
    response = admin_client.post(change_url(second), form(second, text=TEXT, title="Copy"))
    assert response.status_code == 200  # the form again, with the error
    assert f"document {first.pk} of this project already has this text" in response.content.decode()
    stored = Document.objects.get(pk=second.pk)
    assert (stored.text, stored.title, stored.content_hash) == (NEW, "", second.content_hash)


def test_saving_other_fields_leaves_the_text_as_it_is(admin_client, project):
    """A textarea sends CRLF line breaks and the form used to strip the text: neither is a change."""
    document = add(project, "  Line one.\nLine two.\n")
    response = admin_client.post(change_url(document), form(document, title="Only the title"))
    assert response.status_code == 302
    stored = Document.objects.get(pk=document.pk)
    assert (stored.text, stored.title) == ("  Line one.\nLine two.\n", "Only the title")


def test_meta_the_database_cannot_store_is_a_form_error(admin_client, project):
    document = add(project)
    response = admin_client.post(change_url(document), form(document, meta='{"note": "a\\u0000b"}'))
    assert response.status_code == 200 and "NUL" in response.content.decode()
    assert Document.objects.get(pk=document.pk).meta == {}


def test_a_document_added_in_the_admin_gets_its_hash_and_tokens(admin_client, project):
    response = admin_client.post(reverse("admin:annotator_document_add"),
                                 {"project": project.pk, "title": "", "external_id": "", "status": "new",
                                  "text": NEW.replace("\n", "\r\n"), "meta": "{}"})
    assert response.status_code == 302
    stored = Document.objects.get()
    assert stored.text == NEW and stored.content_hash == hashlib.sha256(NEW.encode()).hexdigest()
    assert stored.tokens == tokenize_texts([NEW], model=project.spacy_model)[0]
