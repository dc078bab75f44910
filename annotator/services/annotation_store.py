"""Replacing the spans and relations of annotations: the one place they are written.

Every writer of annotation items comes here: a person's save and a gold save
(annotator/services/annotations.py), imported predictions and gold (annotation_import.py) and
pre-labeling (prelabel.py). The caller has claimed or created its annotations (versions,
statuses and documents are its business) and passes checked items (annotator/rules); this
deletes what the annotations held and inserts the new items, mapping each relation's ends (span
ids of the body) to the stored span ids. A fixed number of statements whatever the number of
annotations, spans or relations: one DELETE of relations and one of spans, one INSERT of spans
and one of relations (per database batch). Rows go in as plain tuples (annotator/services/bulk.py):
at 15 spans a document, building a Span instance per row cost more than the rest of an import,
and a tenth of the inference time of pre-labeling. Runs inside the caller's transaction.
"""
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.models import Relation, Span
from annotator.selectors.annotations import LabelSet
from annotator.services.bulk import rows_insert, rows_insert_returning_ids

SPAN_COLUMNS = ("annotation", "start", "end", "label", "score")
RELATION_COLUMNS = ("annotation", "head", "child", "label")


@dataclass
class StoredItems:
    """What was written. `span_ids` are in the order of the span rows (only when ids were asked for or
    relations needed them); `relations` are the rows stored (annotation id, head span id, child span
    id, relation type id); `relation_ids` are theirs (only when ids were asked for)."""

    spans: int = 0
    span_ids: list[int] = field(default_factory=list)
    relations: list[tuple] = field(default_factory=list)
    relation_ids: list[int] = field(default_factory=list)


def annotation_items_replace(*, cleared: Collection[int], spans: Sequence[tuple], span_keys: Sequence | None = None,
                             relations: Sequence[tuple] = (), with_ids: bool = False) -> StoredItems:
    """Delete the spans and relations of the annotations `cleared`, then insert `spans` and `relations`.

    `spans` are rows (annotation id, start, end, entity type id, score); `span_keys[i]` is the body
    id of `spans[i]` (None for a span no relation points at), needed only with relations.
    `relations` are rows (annotation id, head body id, child body id, relation type id): each end
    is the span of the same annotation with that body id. `cleared` may leave out annotations just
    created (nothing to delete: no statement when none is left). `with_ids`: return the stored ids.
    """
    if cleared:
        for model in (Relation, Span):  # relations first: they point at spans
            rows = model.objects.filter(annotation_id__in=cleared)
            # One statement each, whatever the number of rows (delete() would load the spans to cascade).
            rows._raw_delete(rows.db)
    stored = StoredItems(spans=len(spans))
    if with_ids or relations:
        stored.span_ids = rows_insert_returning_ids(model=Span, columns=SPAN_COLUMNS, rows=spans)
    else:  # the pre-label path: the driver's executemany, no ids to read back
        rows_insert(model=Span, columns=SPAN_COLUMNS, rows=spans)
    if not relations:
        return stored
    stored_id = {(row[0], key): pk for row, key, pk in zip(spans, span_keys, stored.span_ids) if key is not None}
    stored.relations = [(annotation_id, stored_id[annotation_id, head], stored_id[annotation_id, child], label_id)
                        for annotation_id, head, child, label_id in relations]
    if with_ids:
        stored.relation_ids = rows_insert_returning_ids(model=Relation, columns=RELATION_COLUMNS,
                                                        rows=stored.relations)
    else:
        rows_insert(model=Relation, columns=RELATION_COLUMNS, rows=stored.relations)
    return stored


def annotation_bodies_replace(*, bodies: Mapping[int, Mapping], labels: LabelSet, cleared: Collection[int],
                              with_ids: bool = False) -> StoredItems:
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
                                    with_ids=with_ids)
