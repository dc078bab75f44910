"""Reads of annotation history: the versions of one annotation, newest first, for those who may see it.

Reviewers and managers read the history of every annotation of their project's documents (also of
one deleted since: versions outlive their annotation, annotator/models/annotation.py); annotators
read the history of their own annotation only (the contract: "annotators: their own"), not the
gold's or the model's, whose current content they see through GET documents/{id}/annotations/.
"""
from django.db.models import QuerySet

from annotator.models import Annotation, AnnotationKind, AnnotationVersion, Document, Role
from annotator.rules.roles import role_at_least
from annotator.selectors.annotations import annotation_rows_for_document
from annotator.services.errors import NotFound

# A version as plain values: what a history item shows (its spans and relations are JSON of the row).
VERSION_VALUES = ("version", "author__username", "created_at", "source", "status", "model_version", "spans",
                  "relations")


def annotation_visible(*, document: Document, annotation_id: int, user, role: str | None) -> Annotation | None:
    """The annotation `annotation_id` of the document, with its author, when the user may see it
    (as GET documents/{id}/annotations/ lists them); None otherwise. One query."""
    visible = annotation_rows_for_document(document=document, user=user, role=role).filter(id=annotation_id)
    return Annotation.objects.select_related("author").filter(pk__in=visible.values("id")).first()


def annotation_history(*, document: Document, annotation_id: int, user, role: str | None) -> QuerySet[dict]:
    """The versions of an annotation of the document, newest first, as dicts of VERSION_VALUES (a
    queryset to page). NotFound when the user may not read it (see the module docstring). Two queries
    for a page (one more to count)."""
    versions = (AnnotationVersion.objects.filter(project_id=document.project_id, document_ref=document.pk,
                                                 annotation_ref=annotation_id)
                .order_by("-version").values(*VERSION_VALUES))
    if role_at_least(role, Role.REVIEWER):
        if versions.exists() or annotation_visible(document=document, annotation_id=annotation_id, user=user,
                                                   role=role) is not None:
            return versions
    elif Annotation.objects.filter(pk=annotation_id, document=document, kind=AnnotationKind.ANNOTATION,
                                   author=user).exists():
        return versions
    raise NotFound(f"no annotation {annotation_id} that you may see on document {document.pk}")
