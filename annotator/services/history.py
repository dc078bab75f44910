"""Restoring an annotation to one of its earlier versions: the old content written as a new version.

The version is read from the history (annotator/models/annotation.py: spans with labels by name,
relations by span position) and written as a save writes (annotator/services/annotations.py:
checked whole, compare-and-set on the version the caller loaded, recorded in the history with
source `restore`), so a restore is itself undone by restoring the version it replaced. A version
whose labels the project no longer has is refused naming each span and relation: nothing is
dropped silently.
"""
from collections.abc import Sequence

from annotator.models import Annotation, AnnotationVersion, Document, EntityType, RelationType, Role
from annotator.rules.roles import role_at_least
from annotator.selectors.history import annotation_visible
from annotator.services.annotations import annotation_restore
from annotator.services.errors import InvalidInput, NotFound, ServiceError


class RestoreNotAllowed(ServiceError):
    """The caller may see the annotation but not write it."""

    status_code = 403


def annotation_version_restore(*, document: Document, annotation_id: int, user, role: str | None, version: int,
                               current_version: int) -> Annotation:
    """Write version `version` of the document's annotation `annotation_id` as its new version.

    `role` is the user's role in the document's project; `document` has its project loaded. The
    author of the annotation or a reviewer (or manager) may restore it: NotFound when the user
    may not see it, RestoreNotAllowed when they see it but may not write it. InvalidInput naming
    `version` when there is no such version, naming the spans and relations whose labels are
    gone; Conflict (nothing changed) when `current_version` is stale. Returns the annotation as
    stored, as a save returns it.
    """
    if current_version < 1:  # a restore never creates an annotation
        raise InvalidInput("current_version: must be the annotation's version you loaded (1 or more)",
                           errors=[{"field": "current_version", "message": "must be 1 or more"}])
    annotation = annotation_visible(document=document, annotation_id=annotation_id, user=user, role=role)
    if annotation is None:
        raise NotFound(f"no annotation {annotation_id} that you may see on document {document.pk}")
    if annotation.author_id != user.pk and not role_at_least(role, Role.REVIEWER):
        raise RestoreNotAllowed("only the author of this annotation, a reviewer or a manager may restore it")
    row = (AnnotationVersion.objects.filter(annotation_ref=annotation.pk, version=version)
           .values_list("spans", "relations").first())
    if row is None:
        raise InvalidInput(f"version: annotation {annotation.pk} has no version {version}",
                           errors=[{"field": "version", "message": f"no version {version} of this annotation"}])
    spans, relations = version_body(spans=row[0], relations=row[1])
    _labels_present(document=document, version=version, spans=spans, relations=relations)
    annotation.document = document
    return annotation_restore(annotation=annotation, user=user, spans=spans, relations=relations,
                              current_version=current_version)


def version_body(*, spans: Sequence[dict], relations: Sequence[dict]) -> tuple[list[dict], list[dict]]:
    """A version's spans and relations as a save body: each span's id is its position, which is
    what the version's relations point at."""
    body_spans = []
    for position, span in enumerate(spans):
        item = {"id": position, "start": span["start"], "end": span["end"], "label": span["label"]}
        if span.get("score") is not None:
            item["score"] = span["score"]
        body_spans.append(item)
    return body_spans, [{"head": r["head"], "child": r["child"], "label": r["label"]} for r in relations]


def _labels_present(*, document: Document, version: int, spans: list[dict], relations: list[dict]) -> None:
    """InvalidInput naming every span and relation of the version whose label the project no longer has."""
    errors, gone = [], set()
    for items, model, kind in ((spans, EntityType, "spans"), (relations, RelationType, "relations")):
        wanted = {item["label"] for item in items}
        if not wanted:
            continue
        present = set(model.objects.filter(project_id=document.project_id, name__in=wanted)
                      .values_list("name", flat=True))
        for index, item in enumerate(items):
            if item["label"] not in present:
                gone.add(item["label"])
                errors.append({"field": f"{kind}[{index}].label",
                               "message": f"label {item['label']!r} is no longer in the project"})
    if errors:
        raise InvalidInput(f"version {version} cannot be restored: {len(errors)} of its spans and relations have "
                           f"labels the project no longer has ({', '.join(sorted(gone))}); add them back to "
                           "restore it", errors=errors)
