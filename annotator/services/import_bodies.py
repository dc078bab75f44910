"""What an imported record stores: its bodies (spans and relations) and whose each one is.

A record of most formats holds one body, stored as the import's kind (`as`): gold authored by the
importer, or the prediction of the job's `model` (and `model_version`). A Label Studio task holds
several (formats/labelstudio.py, `annotation_sets`): each annotator's annotation, the ground truth,
each model version's prediction. Imported `as=gold`, all of them are stored, each as its own kind;
`as=predictions`, only the predictions. A prediction's model is the file's `model_version` when it
names one (so two versions are two predictions), else the job's `model`.

Predictions' labels go through the project's `label_map` exactly as pre-labeling does
(nlp/labels.py): unmapped labels are dropped and counted, never refused.

Annotators are people of this site: matched by email (case-insensitive), then username; a name
matching nobody becomes an inactive user (no password, cannot log in) so their work is kept with
their name, and is listed in the job's result.
"""
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from annotator.models import AnnotationKind, Project
from annotator.nlp.labels import LabelMapper, body_labels_map

PREPARED = "_bodies"
DROPPED = "_labels_dropped"
USERNAME_LIMIT = 150


@dataclass
class ImportBody:
    kind: str
    spans: list
    relations: list
    annotator: str | None = None  # a name from the file; None: the importer
    model: str = ""
    model_version: str = ""
    where: str = ""  # where in the record it came from, for errors ("predictions[1]")


@dataclass
class ImportUsers:
    """Annotator names -> users, the ones created listed in order."""

    users: dict = field(default_factory=dict)
    created: list[str] = field(default_factory=list)


def import_bodies_prepare(*, record: dict, as_: str, model: str, model_version: str,
                          mapper: LabelMapper | None) -> list[ImportBody]:
    """The bodies `record` stores imported as `as_` (kept on the record, so a second call, on records
    kept from the checking pass, maps nothing twice); label drops are kept under DROPPED."""
    if PREPARED in record:
        return record[PREPARED]
    dropped: Counter = Counter()
    bodies = []
    sets = record.get("annotation_sets")
    if sets is None:
        kind = AnnotationKind.PREDICTION if as_ == "predictions" else AnnotationKind.GOLD
        sets = [{"kind": kind, "spans": record.get("spans") or [], "relations": record.get("relations") or []}]
    for index, one in enumerate(sets):
        kind = one["kind"]
        if as_ == "predictions" and kind != AnnotationKind.PREDICTION:
            continue
        spans, relations = one["spans"], one["relations"]
        if kind == AnnotationKind.PREDICTION and mapper is not None:
            spans, relations, drops = body_labels_map(spans=spans, relations=relations, mapper=mapper)
            dropped.update(drops)
        file_version = one.get("model_version") or ""
        bodies.append(ImportBody(kind=kind, spans=spans, relations=relations, annotator=one.get("annotator"),
                                 model=file_version or model if kind == AnnotationKind.PREDICTION else "",
                                 model_version=file_version or model_version if kind == AnnotationKind.PREDICTION
                                 else "", where=one.get("where") or (f"annotation_sets[{index}]"
                                                                      if "annotation_sets" in record else "")))
    record[PREPARED], record[DROPPED] = bodies, dropped
    return bodies


def import_mapper(*, project: Project, entity_names, as_: str) -> LabelMapper | None:
    """The project's label map for a predictions import (and a Label Studio file's predictions)."""
    return LabelMapper(label_map=project.label_map, project_labels=entity_names) if as_ != "documents" else None


def import_users_resolve(*, names, found: ImportUsers) -> ImportUsers:
    """Users for annotator `names` not yet in `found`: by email, then username, else created inactive."""
    User = get_user_model()
    wanted = [name for name in dict.fromkeys(names) if name and name not in found.users]
    if not wanted:
        return found
    for name in wanted:  # a few names a file: one or two queries each
        user = User.objects.filter(email__iexact=name).order_by("pk").first() or \
            User.objects.filter(username=name).first()
        if user is not None:
            found.users[name] = user
    for name in wanted:
        if name in found.users:
            continue
        username = name[:USERNAME_LIMIT]
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_active": False, "email": name if "@" in name else ""})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            found.created.append(username)
        found.users[name] = user
    return found

