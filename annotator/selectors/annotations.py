"""Reads of annotations with their spans and relations, in a fixed number of queries."""
from dataclasses import dataclass

from django.db.models import CharField, Q, QuerySet, Value

from annotator.models import Annotation, AnnotationKind, Document, Project, Relation, Role, Span
from annotator.models.project import EntityType, RelationType
from annotator.rules import RelationTypeRule
from annotator.rules.roles import role_at_least


# An annotation as plain values: what an annotation object shows, without a model instance. The review
# decisions are a column of the row (JSON), so they come with it: no query of their own.
ANNOTATION_VALUES = ("id", "kind", "author__username", "model", "model_version", "status", "version", "updated_at",
                     "decisions")


def annotation_rows_for_document(*, document: Document, user, role: str) -> QuerySet[dict]:
    """The annotations of a document the user may see (predictions, gold and their own; reviewers
    and managers see everyone's) in id order, as dicts of ANNOTATION_VALUES; their spans and
    relations come from `annotation_items`. Three queries in all whatever the number of spans,
    and no model instance per span (a document's annotations are read whenever it is opened)."""
    qs = Annotation.objects.filter(document=document)
    if not role_at_least(role, Role.REVIEWER):
        qs = qs.filter(Q(kind__in=[AnnotationKind.PREDICTION, AnnotationKind.GOLD]) | Q(author_id=user.pk))
    return qs.values(*ANNOTATION_VALUES).order_by("id")


def annotation_items(*, annotation_ids: list[int]) -> dict[int, tuple[list[tuple], list[tuple]]]:
    """annotation id -> (spans as (id, start, end, label name, score), relations as (id, head,
    child, label name, score)), each in stored (body) order: two queries."""
    items: dict[int, tuple[list[tuple], list[tuple]]] = {pk: ([], []) for pk in annotation_ids}
    if not annotation_ids:
        return items
    spans = Span.objects.filter(annotation_id__in=annotation_ids).order_by("id").values_list(
        "annotation_id", "id", "start", "end", "label__name", "score")
    for annotation_id, *span in spans:
        items[annotation_id][0].append(tuple(span))
    relations = Relation.objects.filter(annotation_id__in=annotation_ids).order_by("id").values_list(
        "annotation_id", "id", "head_id", "child_id", "label__name", "score")
    for annotation_id, *relation in relations:
        items[annotation_id][1].append(tuple(relation))
    return items


@dataclass(frozen=True)
class LabelSet:
    """A project's label names with their ids, and the rules of its relation types."""

    entity_ids: dict[str, int]
    relation_ids: dict[str, int]
    relation_rules: dict[str, RelationTypeRule]


def project_label_set(*, project: Project) -> LabelSet:
    """Everything the annotation rules need about a project's labels, in three queries of plain
    rows (read on every save)."""
    entity_ids = dict(EntityType.objects.filter(project=project).values_list("name", "id"))
    relation_types = list(RelationType.objects.filter(project=project).values_list("id", "name", "symmetric"))
    ends: dict[tuple[int, str], set[str]] = {}
    if relation_types:
        heads = RelationType.head_types.through.objects.filter(relationtype__project=project).values_list(
            "relationtype_id", Value("head", output_field=CharField()), "entitytype__name")
        children = RelationType.child_types.through.objects.filter(relationtype__project=project).values_list(
            "relationtype_id", Value("child", output_field=CharField()), "entitytype__name")
        for relation_type_id, end, name in heads.union(children, all=True):
            ends.setdefault((relation_type_id, end), set()).add(name)
    relation_ids, rules = {}, {}
    for pk, name, symmetric in relation_types:
        relation_ids[name] = pk
        rules[name] = RelationTypeRule(head_types=frozenset(ends.get((pk, "head"), ())),
                                       child_types=frozenset(ends.get((pk, "child"), ())), symmetric=symmetric)
    return LabelSet(entity_ids=entity_ids, relation_ids=relation_ids, relation_rules=rules)
