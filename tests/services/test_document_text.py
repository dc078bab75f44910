"""A document's text changes only while nothing annotates it, with its content hash and tokens."""
import hashlib

import pytest
from django.utils import timezone

from annotator.models import AnnotationVersion, Document
from annotator.nlp import tokenize_texts
from annotator.selectors.annotations import project_label_set
from annotator.services.annotation_import import annotations_import
from annotator.services.document_text import document_text_change, document_text_lock
from annotator.services.documents import documents_add
from annotator.services.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db

TEXT = "Maria Okafor met 北京 traders 😀.\r\nReuters wrote it."
NEW = "Kenji Watanabe joined Toyota 😀 in 東京.\r\nCafe\u0301 owners cheered."


def add(project, text=TEXT):
    return Document.objects.get(pk=documents_add(project=project, records=[{"text": text}]).ids[0])


def predict(project, document):
    start = document.text.index("Reuters")
    annotations_import(kind="prediction", document_ids=[document.pk], labels=project_label_set(project=project),
                       model="m", bodies=[{"spans": [{"start": start, "end": start + 7, "label": "ORG"}]}])


def stored(document):
    return Document.objects.filter(pk=document.pk).values_list("text", "content_hash", "tokens").get()


def test_a_text_nothing_annotates_changes_with_its_hash_and_tokens(project):
    document = add(project)
    document_text_change(document=document, text=NEW)
    text, digest, tokens = stored(document)
    assert text == NEW and digest == hashlib.sha256(NEW.encode()).hexdigest()
    assert tokens == tokenize_texts([NEW], model=project.spacy_model)[0]
    words = [NEW[s:e] for s, e in tokens]  # code points: the emoji is one, the combining accent stays with its letter
    assert "Toyota" in words and "😀" in words and "Cafe\u0301" in words


def test_a_prediction_alone_locks_the_text(project):
    document = add(project)
    predict(project, document)
    before = stored(document)
    with pytest.raises(Conflict) as caught:
        document_text_change(document=document, text=NEW)
    assert "has 1 annotation" in caught.value.message and "offsets would move" in caught.value.message
    assert caught.value.errors[0]["field"] == "text"
    assert stored(document) == before


def test_history_alone_locks_the_text(project):
    """Annotations deleted, their versions kept: restoring one must find the text its offsets count."""
    document = add(project)
    AnnotationVersion.objects.create(project=project, annotation_ref=999, document_ref=document.pk, kind="gold",
                                     version=1, source="editor", spans=[], relations=[], created_at=timezone.now())
    assert "history" in document_text_lock(document=document)
    with pytest.raises(Conflict):
        document_text_change(document=document, text=NEW)
    assert stored(document)[0] == TEXT


def test_the_text_of_another_document_is_refused_naming_it(project):
    first, second = add(project), add(project, NEW)
    with pytest.raises(InvalidInput) as caught:
        document_text_change(document=second, text=TEXT)
    assert f"document {first.pk} of this project already has this text" in caught.value.message
    assert stored(second)[0] == NEW


@pytest.mark.parametrize("text, reason", [("", "must not be empty"), ("a\x00b", "NUL"),
                                          ("lone \ud800", "lone surrogate")])
def test_a_text_the_rules_refuse_changes_nothing(project, text, reason):
    document = add(project)
    before = stored(document)
    with pytest.raises(InvalidInput) as caught:
        document_text_change(document=document, text=text)
    assert reason in caught.value.message and caught.value.errors[0]["field"] == "text"
    assert stored(document) == before


def test_the_same_text_is_no_change(project):
    document = add(project)
    updated = document.updated_at
    document_text_change(document=document, text=TEXT)
    assert Document.objects.get(pk=document.pk).updated_at == updated
