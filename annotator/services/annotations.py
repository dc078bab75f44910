"""Saving a person's annotation or a document's gold: validated whole, stored whole, or refused whole.

A save replaces the annotation's spans and relations in one transaction, guarded by the
annotation's version (compare-and-set), so a stale editor cannot overwrite newer work. The
number of queries does not depend on the number of spans: the items are written by
annotator/services/annotation_store.py, and the answer is built from what was written.
"""
from collections.abc import Sequence
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from annotator.models import (Annotation, AnnotationKind, AnnotationStatus, Document, DocumentStatus, EntityType,
                              Relation, RelationType, Span, VersionSource)
from annotator.rules import annotation_check, annotation_size_check, decisions_check, decisions_stored
from annotator.selectors.annotations import LabelSet, project_label_set
from annotator.services.annotation_store import History, VersionHead, annotation_bodies_replace
from annotator.services.auto_train import auto_train_on_commit
from annotator.services.errors import Conflict, InvalidInput, LimitExceeded


def annotation_mine_save(*, document: Document, user, spans: Sequence[dict], relations: Sequence[dict],
                         version: int | None = None, submit: bool = False,
                         decisions: Sequence[dict] | None = None, source: str = VersionSource.API,
                         active_ms: int = 0) -> Annotation:
    """Store the user's own annotation of the document (its history records the version written, from
    `source`: `editor` for the browser, `api` for a script).

    `active_ms`, the time the person worked on it since their last save (measured by the editor), is
    added to the annotation's `time_spent`; more than MAX_ACTIVE_MS_PER_SAVE is refused whole (400).

    The document's status follows (see `_document_status_follow`): it becomes `submitted`,
    ready for review, once `project.annotators_per_document` people have submitted it, and is
    `in_progress` until then; a gold or skipped document keeps its status.
    `decisions` (annotator/rules/decisions.py) replace the saved review decisions, checked with
    the body; None keeps the saved ones (a client that does not know them wipes nothing).
    """
    status = AnnotationStatus.SUBMITTED if submit else AnnotationStatus.DRAFT
    if not 0 <= active_ms <= settings.MAX_ACTIVE_MS_PER_SAVE:
        message = f"must be between 0 and {settings.MAX_ACTIVE_MS_PER_SAVE} (MAX_ACTIVE_MS_PER_SAVE)"
        raise InvalidInput(f"active_ms: {message}", errors=[{"field": "active_ms", "message": message}])
    labels = _body_check(document=document, spans=spans, relations=relations, decisions=decisions)
    with _conflicts_reported():
        with transaction.atomic():
            annotation = _annotation_replace(document=document, kind=AnnotationKind.ANNOTATION, author=user,
                                             labels=labels, spans=spans, relations=relations, version=version,
                                             status=status, decisions=decisions, source=source,
                                             seconds=active_ms / 1000)
            _document_status_follow(document=document, submit=submit)
    return annotation


def _document_status_follow(*, document: Document, submit: bool) -> None:
    """Move the document to `submitted` when enough people submitted it, else to `in_progress`.

    The document row is locked before counting, so two people submitting at the same moment
    are counted one after the other (on PostgreSQL the second count, a new statement under
    READ COMMITTED, sees the first one's committed row) and the last of them moves it on.
    A draft never takes a document out of `skipped`; nothing moves a `gold` document.
    """
    locked = Document.objects.select_for_update().filter(pk=document.pk)
    current = locked.values_list("status", flat=True).first()
    if current is None or current == DocumentStatus.GOLD or (current == DocumentStatus.SKIPPED and not submit):
        return
    submitted = Annotation.objects.filter(document_id=document.pk, kind=AnnotationKind.ANNOTATION,
                                          status=AnnotationStatus.SUBMITTED).count()
    target = (DocumentStatus.SUBMITTED if submitted >= document.project.annotators_per_document
              else DocumentStatus.IN_PROGRESS)
    if current != target:
        Document.objects.filter(pk=document.pk).update(status=target, updated_at=timezone.now())


def annotation_gold_save(*, document: Document, user, spans: Sequence[dict], relations: Sequence[dict],
                         version: int | None = None, decisions: Sequence[dict] | None = None,
                         source: str = VersionSource.REVIEW) -> Annotation:
    """Store the document's gold annotation (the reviewer who saves it is its author); the document becomes gold.
    `decisions` as in annotation_mine_save (None keeps the saved ones)."""
    labels = _body_check(document=document, spans=spans, relations=relations, decisions=decisions)
    with _conflicts_reported():
        with transaction.atomic():
            annotation = _annotation_replace(document=document, kind=AnnotationKind.GOLD, author=user,
                                             labels=labels, spans=spans, relations=relations, version=version,
                                             status=AnnotationStatus.SUBMITTED, decisions=decisions, source=source)
            Document.objects.filter(pk=document.pk).update(status=DocumentStatus.GOLD, updated_at=timezone.now())
            auto_train_on_commit(project_id=document.project_id)
    return annotation


def annotation_restore(*, annotation: Annotation, user, spans: Sequence[dict], relations: Sequence[dict],
                       current_version: int) -> Annotation:
    """Write `spans` and `relations` (an old version's content as a body, annotator/services/history.py)
    as a new version of `annotation`, written by `user` from source `restore`; compare-and-set on
    `current_version` as a save is (stale: Conflict, nothing changed), checked as a save is.

    The annotation keeps its kind, status, review decisions and author (a gold's author becomes
    `user`, as a gold save makes it); the document follows as after a save: gold for a gold,
    `_document_status_follow` for a person's annotation.
    """
    document = annotation.document
    labels = _body_check(document=document, spans=spans, relations=relations)
    kind = annotation.kind
    author = user if kind == AnnotationKind.GOLD else annotation.author
    with _conflicts_reported():
        with transaction.atomic():
            restored = _annotation_replace(document=document, kind=kind, author=author, labels=labels, spans=spans,
                                           relations=relations, version=current_version, status=annotation.status,
                                           source=VersionSource.RESTORE, writer=user, pk=annotation.pk)
            if kind == AnnotationKind.GOLD:
                Document.objects.filter(pk=document.pk).update(status=DocumentStatus.GOLD, updated_at=timezone.now())
            elif kind == AnnotationKind.ANNOTATION:
                _document_status_follow(document=document, submit=annotation.status == AnnotationStatus.SUBMITTED)
    return restored


@contextmanager
def _conflicts_reported():
    """Two first saves racing on the same (document, author) hit a unique constraint: a 409, not a 500."""
    try:
        yield
    except IntegrityError as exc:
        raise Conflict("the annotation was saved by another request at the same moment; reload and try again",
                       errors=[{"field": "version", "message": "changed while saving"}]) from exc


def _body_check(*, document: Document, spans: Sequence[dict], relations: Sequence[dict],
                decisions: Sequence[dict] | None = None) -> LabelSet:
    """Refuse the whole body unless every span, relation and decision (None: none sent) can be stored;
    returns the project's labels."""
    too_many = annotation_size_check(spans=spans, relations=relations, decisions=decisions)
    if too_many:
        raise LimitExceeded(too_many[0]["message"], errors=too_many)
    project = document.project
    labels = project_label_set(project=project)
    errors = annotation_check(spans=spans, relations=relations, text=document.text, labels=labels.entity_ids,
                              relation_types=labels.relation_rules, allow_overlap=project.allow_overlap)
    if decisions is not None:
        errors += decisions_check(decisions=decisions, text=document.text, labels=labels.entity_ids)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InvalidInput(f"{first['field']}: {first['message']}{more}", errors=errors)
    return labels


def _annotation_replace(*, document: Document, kind: str, author, labels: LabelSet, spans: Sequence[dict],
                        relations: Sequence[dict], version: int | None, status: str,
                        decisions: Sequence[dict] | None = None, source: str, writer=None,
                        pk: int | None = None, seconds: float = 0.0) -> Annotation:
    """Claim the annotation at the given version and replace its spans and relations (a checked body),
    and its review decisions unless `decisions` is None (they are written by the claim itself).
    The version written goes into the history with `source`, written by `writer` (default: `author`).
    `pk`: the annotation to claim (a restore), instead of the one of `kind` (and `author`).
    `seconds`: added to the annotation's `time_spent` by the claim.

    Returns the annotation as stored, its spans and relations in body order with their new ids,
    built from what was written rather than read back (see `_with_items`)."""
    annotation = _annotation_claim(document=document, kind=kind, author=author, version=version, status=status,
                                   decisions=None if decisions is None else decisions_stored(decisions), pk=pk,
                                   seconds=seconds)
    writer = author if writer is None else writer
    head = VersionHead(document_id=document.pk, kind=kind, version=annotation.version, status=status,
                       author_id=writer.pk if writer is not None else None, model=annotation.model,
                       model_version=annotation.model_version)
    history = History(project_id=document.project_id, source=source, heads={annotation.pk: head},
                      created_at=annotation.updated_at)
    stored = annotation_bodies_replace(bodies={annotation.pk: {"spans": spans, "relations": relations}},
                                       labels=labels, cleared=[annotation.pk], with_ids=True, history=history)
    entity_ids = labels.entity_ids
    entity_types = {pk: EntityType(pk=pk, project_id=document.project_id, name=name)
                    for name, pk in entity_ids.items()}
    relation_types = {pk: RelationType(pk=pk, project_id=document.project_id, name=name)
                      for name, pk in labels.relation_ids.items()}
    stored_spans = [Span(pk=pk, annotation=annotation, start=span["start"], end=span["end"],
                         label=entity_types[entity_ids[span["label"]]], score=span.get("score"))
                    for span, pk in zip(spans, stored.span_ids)]
    stored_relations = [Relation(pk=pk, annotation=annotation, head_id=head, child_id=child,
                                 label=relation_types[label_id])
                        for pk, (_annotation, head, child, label_id) in zip(stored.relation_ids, stored.relations)]
    return _with_items(annotation, spans=stored_spans, relations=stored_relations)


def _with_items(annotation: Annotation, *, spans: list[Span], relations: list[Relation]) -> Annotation:
    """The annotation with `spans` and `relations` as if prefetched (what reading it back would give,
    without reading it: three queries less per save). Django keeps prefetched rows per relation
    name in `_prefetched_objects_cache`, as querysets holding their results."""
    cache = {}
    for name, items in (("spans", spans), ("relations", relations)):
        queryset = getattr(annotation, name).all()
        queryset._result_cache = items
        queryset._prefetch_done = True
        cache[name] = queryset
    annotation._prefetched_objects_cache = cache
    return annotation


def _annotation_claim(*, document: Document, kind: str, author, version: int | None, status: str,
                      decisions: list[dict] | None = None, pk: int | None = None,
                      seconds: float = 0.0) -> Annotation:
    """The annotation to write, its version bumped (and its review decisions replaced unless `decisions`
    is None, in the same statement); Conflict if `version` is stale.

    The conditional UPDATE (`WHERE version = given`) is the first write of the transaction, so
    it also holds the row until commit: concurrent saves of one annotation run one after the other.
    """
    lookup = {"document": document, "kind": kind}
    if pk is not None:
        lookup["pk"] = pk
    elif kind == AnnotationKind.ANNOTATION:
        lookup["author"] = author
    existing = Annotation.objects.filter(**lookup).first()
    if existing is None:
        if version not in (None, 0):
            raise Conflict(f"version {version} is stale: there is no saved annotation yet (send no version, or 0)",
                           errors=[{"field": "version", "message": "no saved annotation yet; expected none or 0"}])
        return Annotation.objects.create(**{**lookup, "author": author}, status=status, version=1,
                                         decisions=decisions or [], time_spent=seconds)
    rows = Annotation.objects.filter(pk=existing.pk)
    if version is not None:
        rows = rows.filter(version=version)
    now = timezone.now()
    replaced = {} if decisions is None else {"decisions": decisions}
    if seconds:
        replaced["time_spent"] = F("time_spent") + seconds
    updated = rows.update(version=F("version") + 1, status=status, author=author, updated_at=now, **replaced)
    if not updated:
        current = Annotation.objects.filter(pk=existing.pk).values_list("version", flat=True).first()
        raise Conflict(f"version {version} is stale: the annotation is at version {current}; "
                       "reload it and apply your changes again",
                       errors=[{"field": "version", "message": f"stale: the stored version is {current}"}])
    existing.status, existing.author, existing.updated_at = status, author, now
    if decisions is not None:
        existing.decisions = decisions
    if version is not None:
        existing.version = version + 1
    else:  # another save may have come between reading the row and updating it (and its decisions kept)
        existing.version, existing.decisions = (Annotation.objects.filter(pk=existing.pk)
                                                .values_list("version", "decisions").get())
    return existing
