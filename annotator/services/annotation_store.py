"""Replacing the spans and relations of annotations: the one place they are written, and their history.

Every writer of annotation items comes here: a person's save and a gold save, and a restore
(annotator/services/annotations.py), imported predictions and gold (annotation_import.py) and
pre-labeling (prelabel.py). The caller has claimed or created its annotations (versions,
statuses and documents are its business) and passes checked items (annotator/rules) and a
`History` naming what only it knows of each annotation written (version number, author, status,
model) and where the write comes from; this deletes what the annotations held, inserts the new
items, mapping each relation's ends (span ids of the body) to the stored span ids, and adds one
AnnotationVersion row per annotation holding what was written: so the version a later write
replaces is always kept. A fixed number of statements whatever the number of annotations, spans
or relations: one DELETE of relations and one of spans, one INSERT of spans, one of relations and
one of versions (per database batch). Rows go in as plain tuples (annotator/services/bulk.py): at
15 spans a document, building a Span instance per row cost more than the rest of an import, and a
tenth of the inference time of pre-labeling. Runs inside the caller's transaction, and refreshes the
written documents' figures in it (annotator/services/figures.py: a fixed number of statements more).
"""
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from django.utils import timezone

from annotator.models import AnnotationStatus, AnnotationVersion, Relation, Span
from annotator.selectors.annotations import LabelSet
from annotator.services.bulk import db_datetime, rows_insert, rows_insert_returning_ids
from annotator.services.figures import document_figures_refresh

SPAN_COLUMNS = ("annotation", "start", "end", "label", "score")
RELATION_COLUMNS = ("annotation", "head", "child", "label", "score")
VERSION_COLUMNS = ("project", "annotation_ref", "document_ref", "kind", "version", "author", "model", "model_version",
                   "status", "source", "spans", "relations", "created_at")
NO_NAMES: Mapping[int, str] = MappingProxyType({})


@dataclass(frozen=True)
class VersionHead:
    """What the version row of one written annotation records besides its items: the caller knows it
    (it claimed or created the annotation). `version` is the annotation's version after this write;
    `author_id` who wrote it (None for a model)."""

    document_id: int
    kind: str
    version: int
    status: str = AnnotationStatus.DRAFT
    author_id: int | None = None
    model: str = ""
    model_version: str = ""


@dataclass(frozen=True)
class History:
    """The versions a write adds: one for each annotation of `heads` (annotation id -> its head), which
    must name every annotation the write clears or fills, written from `source` (VersionSource) at
    `created_at` (default: now)."""

    project_id: int
    source: str
    heads: Mapping[int, VersionHead]
    created_at: datetime | None = None


@dataclass
class StoredItems:
    """What was written. `span_ids` are in the order of the span rows (only when ids were asked for or
    relations needed them); `relations` are the rows stored (annotation id, head span id, child span
    id, relation type id); `relation_ids` are theirs (only when ids were asked for); `versions` the
    number of version rows added."""

    spans: int = 0
    span_ids: list[int] = field(default_factory=list)
    relations: list[tuple] = field(default_factory=list)
    relation_ids: list[int] = field(default_factory=list)
    versions: int = 0


def annotation_items_replace(*, cleared: Collection[int], spans: Sequence[tuple], span_keys: Sequence | None = None,
                             relations: Sequence[tuple] = (), with_ids: bool = False, history: History,
                             entity_names: Mapping[int, str], relation_names: Mapping[int, str] = NO_NAMES,
                             ) -> StoredItems:
    """Delete the spans and relations of the annotations `cleared`, insert `spans` and `relations`, and
    add the version each annotation of `history` now is.

    `spans` are rows (annotation id, start, end, entity type id, score); `span_keys[i]` is the body
    id of `spans[i]` (None for a span no relation points at), needed only with relations.
    `relations` are rows (annotation id, head body id, child body id, relation type id[, score]): each end
    is the span of the same annotation with that body id. `cleared` may leave out annotations just
    created (nothing to delete: no statement when none is left). `entity_names` and
    `relation_names` name the type ids (a version keeps labels by name). `with_ids`: return the
    stored ids. ValueError, before anything is written, when `history` leaves out an annotation
    written here.
    """
    versions = _version_rows(history=history, cleared=cleared, spans=spans, span_keys=span_keys, relations=relations,
                             entity_names=entity_names, relation_names=relation_names)
    if cleared:
        for model in (Relation, Span):  # relations first: they point at spans
            rows = model.objects.filter(annotation_id__in=cleared)
            # One statement each, whatever the number of rows (delete() would load the spans to cascade).
            rows._raw_delete(rows.db)
    stored = StoredItems(spans=len(spans), versions=len(versions))
    if with_ids or relations:
        stored.span_ids = rows_insert_returning_ids(model=Span, columns=SPAN_COLUMNS, rows=spans)
    else:  # the pre-label path: the driver's executemany, no ids to read back
        rows_insert(model=Span, columns=SPAN_COLUMNS, rows=spans)
    if relations:
        stored_id = {(row[0], key): pk for row, key, pk in zip(spans, span_keys, stored.span_ids) if key is not None}
        stored.relations = [(annotation_id, stored_id[annotation_id, head], stored_id[annotation_id, child], label_id)
                            for annotation_id, head, child, label_id, *_score in relations]
        rows = [(*row, relation[4] if len(relation) > 4 else None) for row, relation in zip(stored.relations, relations)]
        if with_ids:
            stored.relation_ids = rows_insert_returning_ids(model=Relation, columns=RELATION_COLUMNS, rows=rows)
        else:
            rows_insert(model=Relation, columns=RELATION_COLUMNS, rows=rows)
    rows_insert(model=AnnotationVersion, columns=VERSION_COLUMNS, rows=versions)
    # The figures the stats and queues read follow, in the same transaction (annotator/services/figures.py).
    document_figures_refresh(document_ids={head.document_id for head in history.heads.values()})
    return stored


def annotation_bodies_replace(*, bodies: Mapping[int, Mapping], labels: LabelSet, cleared: Collection[int],
                              history: History, with_ids: bool = False) -> StoredItems:
    """Replace the items of each annotation of `bodies` (annotation id -> checked body {spans,
    relations}, labels by name, as a save or an import has them); see annotation_items_replace."""
    entity_ids, relation_ids = labels.entity_ids, labels.relation_ids
    spans, keys, relations = [], [], []
    for annotation_id, body in bodies.items():
        for span in body.get("spans") or ():
            spans.append((annotation_id, span["start"], span["end"], entity_ids[span["label"]], span.get("score")))
            keys.append(span.get("id"))
        relations += [(annotation_id, relation["head"], relation["child"], relation_ids[relation["label"]])
                      for relation in body.get("relations") or ()]
    return annotation_items_replace(cleared=cleared, spans=spans, span_keys=keys, relations=relations,
                                    with_ids=with_ids, history=history,
                                    entity_names={pk: name for name, pk in entity_ids.items()},
                                    relation_names={pk: name for name, pk in relation_ids.items()})


def _version_rows(*, history: History, cleared: Collection[int], spans: Sequence[tuple], span_keys: Sequence | None,
                  relations: Sequence[tuple], entity_names: Mapping[int, str],
                  relation_names: Mapping[int, str]) -> list[tuple]:
    """One VERSION_COLUMNS row per annotation of `history`: its spans as [{start, end, label, score?}]
    and its relations as [{head, child, label}], head and child being indexes into those spans."""
    heads = history.heads
    version_spans: dict[int, list[dict]] = {pk: [] for pk in heads}
    version_relations: dict[int, list[dict]] = {pk: [] for pk in heads}
    unknown = {pk for pk in cleared if pk not in heads}
    position: dict[tuple, int] = {}
    keys = span_keys if span_keys is not None else (None,) * len(spans)
    for (annotation_id, start, end, label_id, score), key in zip(spans, keys):
        items = version_spans.get(annotation_id)
        if items is None:
            unknown.add(annotation_id)
            continue
        if key is not None:
            position[annotation_id, key] = len(items)
        item = {"start": start, "end": end, "label": entity_names[label_id]}
        if score is not None:
            item["score"] = score
        items.append(item)
    if unknown:
        raise ValueError(f"annotations {sorted(unknown)[:10]} are written without a version head in `history`")
    for annotation_id, head, child, label_id, *score in relations:
        version_relations[annotation_id].append({"head": position[annotation_id, head],
                                                 "child": position[annotation_id, child],
                                                 "label": relation_names[label_id],
                                                 **({"score": score[0]} if score and score[0] is not None else {})})
    created_at = db_datetime(AnnotationVersion, history.created_at or timezone.now())
    return [(history.project_id, pk, head.document_id, str(head.kind), head.version, head.author_id, head.model,
             head.model_version, str(head.status), str(history.source), _json(version_spans[pk]),
             _json(version_relations[pk]), created_at)
            for pk, head in heads.items()]


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))
