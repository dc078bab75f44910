"""Changing a document's text: only while nothing annotates it.

Every span (a prediction's, a person's, gold's, and each version kept in the annotation history)
is a pair of code point offsets into the text it was made on: a changed text would move them onto
other characters, silently. So once a document has any annotation, or annotation history, its
text never changes. This module is the one rule every write path goes through (the admin today,
any API tomorrow). A text that may change is checked as a new document's is
(annotator/rules/documents.py), may not be the text of another document of the project (documents
are unique by text), and is stored with its content hash and tokens recomputed.
"""
import json

from django.db import IntegrityError, transaction

from annotator.models import Annotation, AnnotationVersion, Document
from annotator.rules import document_check
from annotator.services.documents import content_hash, documents_tokenize
from annotator.services.errors import Conflict, InvalidInput


def document_text_lock(*, document: Document) -> str:
    """Why the document's text can no longer change, as a sentence; "" while it can."""
    if document.pk is None:
        return ""
    annotations = Annotation.objects.filter(document_id=document.pk).count()
    if annotations:
        noun = "annotation" if annotations == 1 else "annotations"
        return (f"This document has {annotations} {noun} (predictions included); its text can no longer change, "
                "offsets would move.")
    if AnnotationVersion.objects.filter(document_ref=document.pk).exists():
        return ("This document's annotations were deleted but their history is kept; its text can no longer "
                "change, the offsets of the kept versions would move.")
    return ""


def document_text_check(*, document: Document, text) -> None:
    """Raise Conflict when the document's text may not change, InvalidInput when `text` cannot be its
    text (the document rules, or another document of the project has it); return quietly otherwise."""
    locked = document_text_lock(document=document)
    if locked:
        raise Conflict(locked, errors=[{"field": "text", "message": locked}])
    problems = [problem for problem in document_check({"text": text}) if problem["field"] == "text"]
    if problems:
        raise InvalidInput(f"text: {problems[0]['message']}", errors=problems)
    twin = (Document.objects.filter(project_id=document.project_id, content_hash=content_hash(text))
            .exclude(pk=document.pk).values_list("pk", flat=True).first())
    if twin is not None:
        raise _duplicate(twin)


def _duplicate(twin: int | None) -> InvalidInput:
    which = f"document {twin}" if twin is not None else "another document"
    message = f"{which} of this project already has this text; a project holds each text once"
    return InvalidInput(message, errors=[{"field": "text", "message": message}])


def document_text_change(*, document: Document, text: str) -> Document:
    """Give `document` this text, with its content hash and tokens; a new document (no pk yet) is
    stored whole. Refuses (document_text_check) when anything annotates it. Returns it."""
    if document.pk is not None:
        stored = Document.objects.filter(pk=document.pk).values_list("text", flat=True).first()
        if stored == text:
            document.text = text
            return document  # nothing changes: no new hash, no new tokens
    document_text_check(document=document, text=text)
    digest = content_hash(text)
    # Tokenized before the transaction (the slow part); empty when the text came into the project meanwhile.
    tokens = documents_tokenize(project=document.project, records=[{"text": text}]).get(digest)
    with transaction.atomic():
        if document.pk is not None:  # held until the end: the check below and the write see the same row
            Document.objects.select_for_update().filter(pk=document.pk).values_list("pk").first()
        document_text_check(document=document, text=text)
        if tokens is None:
            raise _duplicate(None)
        document.text, document.content_hash, document.tokens = text, digest, json.loads(tokens)
        try:
            with transaction.atomic():
                if document.pk is None:
                    document.save()
                else:
                    document.save(update_fields=["text", "content_hash", "tokens", "updated_at"])
        except IntegrityError:  # the same text stored by another request between the check and here
            raise _duplicate(None) from None
    return document
