"""Reads of annotations with their spans and relations, in a fixed number of queries."""
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from annotator.models import ROLE_RANK, Annotation, AnnotationKind, Document, Project, Relation, Role, Span
from annotator.models.project import EntityType, RelationType
from annotator.rules import RelationTypeRule


def _with_items(queryset: QuerySet[Annotation]) -> QuerySet[Annotation]:
    # Spans and relations in id order, which is the order of the body that stored them.
    return queryset.select_related("author").prefetch_related(
        Prefetch("spans", queryset=Span.objects.select_related("label").order_by("id")),
        Prefetch("relations", queryset=Relation.objects.select_related("label").order_by("id")),
    )


def annotations_for_document(*, document: Document, user, role: str) -> QuerySet[Annotation]:
    """The annotations of a document the user may see: predictions, gold and their own;
    reviewers and managers see everyone's. Three queries whatever the number of spans."""
    qs = Annotation.objects.filter(document=document)
    if ROLE_RANK.get(role, 0) < ROLE_RANK[Role.REVIEWER]:
        qs = qs.filter(Q(kind__in=[AnnotationKind.PREDICTION, AnnotationKind.GOLD]) | Q(author_id=user.pk))
    return _with_items(qs).order_by("id")


def annotation_detail(*, annotation_id: int) -> Annotation:
    return _with_items(Annotation.objects.filter(pk=annotation_id)).get()


@dataclass(frozen=True)
class LabelSet:
    """A project's label names with their ids, and the rules of its relation types."""

    entity_ids: dict[str, int]
    relation_ids: dict[str, int]
    relation_rules: dict[str, RelationTypeRule]


def project_label_set(*, project: Project) -> LabelSet:
    """Everything the annotation rules need about a project's labels, in four queries."""
    entity_ids = dict(EntityType.objects.filter(project=project).values_list("name", "id"))
    relation_types = RelationType.objects.filter(project=project).prefetch_related(
        Prefetch("head_types", queryset=EntityType.objects.only("id", "name")),
        Prefetch("child_types", queryset=EntityType.objects.only("id", "name")),
    )
    relation_ids, rules = {}, {}
    for relation_type in relation_types:
        relation_ids[relation_type.name] = relation_type.pk
        rules[relation_type.name] = RelationTypeRule(
            head_types=frozenset(t.name for t in relation_type.head_types.all()),
            child_types=frozenset(t.name for t in relation_type.child_types.all()),
            symmetric=relation_type.symmetric,
        )
    return LabelSet(entity_ids=entity_ids, relation_ids=relation_ids, relation_rules=rules)
