"""Changing a project's label set one type at a time: create, change (rename included), delete.

Spans and relations point at their type (a RESTRICT foreign key since migration 0007), so
renaming a type relabels every span carrying it at once, and a type in use cannot be deleted:
the refusal says how many spans or relations carry it. The project's `label_map` follows a rename.
"""
from django.conf import settings
from django.db import transaction

from annotator.models import EntityType, Project, Relation, RelationType, Span
from annotator.rules.labels import label_errors
from annotator.services.errors import Conflict, InvalidInput
from annotator.services.figures import documents_carrying_refresh
from annotator.services.projects import PALETTE

ENTITY_FIELDS = ("name", "color", "hotkey", "description")
RELATION_FIELDS = ("name", "color", "hotkey", "symmetric")


def _check(*, kind: str, values: dict, others) -> None:
    errors = label_errors(name=values.get("name", ""), hotkey=values.get("hotkey", ""),
                          color=values.get("color"), others=[(t.name, t.hotkey) for t in others])
    if errors:
        raise InvalidInput(f"{kind} {values.get('name', '')!r}: {errors[0]['field']} {errors[0]['message']}",
                           errors=errors)


def _entity_types_by_name(*, project: Project, names: list[str], field: str) -> list[EntityType]:
    found = {t.name: t for t in project.entity_types.filter(name__in=names)}
    missing = [n for n in names if n not in found]
    if missing:
        raise InvalidInput(f"no entity type {missing[0]!r} in this project",
                           errors=[{"field": field, "message": f"unknown entity type {missing[0]!r}"}])
    return [found[n] for n in names]


@transaction.atomic
def entity_type_create(*, project: Project, name: str, color: str | None = None, hotkey: str = "",
                       description: str = "") -> EntityType:
    others = list(project.entity_types.all())
    color = color or PALETTE[len(others) % len(PALETTE)]
    values = {"name": name.strip(), "color": color, "hotkey": hotkey, "description": description}
    _check(kind="entity type", values=values, others=others)
    return EntityType.objects.create(project=project, **values)


def _type_fields_save(*, label_type, names: tuple, fields: dict, kind: str) -> list[str]:
    """Check `label_type` with `fields` applied against the project's other types of its kind, store the
    fields that changed and answer their names."""
    values = {f: getattr(label_type, f) for f in names} | fields
    values["name"] = values["name"].strip()
    others = list(type(label_type).objects.filter(project_id=label_type.project_id).exclude(pk=label_type.pk))
    _check(kind=kind, values=values, others=others)
    changed = [f for f in names if values[f] != getattr(label_type, f)]
    for field in changed:
        setattr(label_type, field, values[field])
    if changed:
        label_type.save(update_fields=changed)
    return changed


@transaction.atomic
def entity_type_update(*, entity_type: EntityType, **fields) -> EntityType:
    """Change the given fields; a new name relabels every span of the type and follows into `label_map`."""
    _unknown(fields, ENTITY_FIELDS)
    entity_type = EntityType.objects.select_for_update().get(pk=entity_type.pk)
    old_name = entity_type.name
    changed = _type_fields_save(label_type=entity_type, names=ENTITY_FIELDS, fields=fields, kind="entity type")
    if "name" in changed:
        _label_map_rename(project=entity_type.project, old=old_name, new=entity_type.name)
        documents_carrying_refresh(items=Span.objects.filter(label=entity_type), batch_size=settings.FIGURES_BATCH_SIZE)
    return entity_type


def _label_map_rename(*, project: Project, old: str, new: str) -> None:
    mapping = {k: (new if v == old else v) for k, v in (project.label_map or {}).items()}
    if mapping != (project.label_map or {}):
        project.label_map = mapping
        project.save(update_fields=["label_map", "updated_at"])


@transaction.atomic
def entity_type_delete(*, entity_type: EntityType) -> None:
    """Delete an unused entity type; one carried by any span (gold, draft or prediction) is refused with the count."""
    spans = Span.objects.filter(label=entity_type)
    used = spans.count()
    if used:
        documents = spans.values("annotation__document_id").distinct().count()
        raise Conflict(
            f"{entity_type.name!r} is used by {used} span{'s' if used != 1 else ''} in {documents} "
            f"document{'s' if documents != 1 else ''}; rename it, or relabel those spans first",
            errors=[{"field": "name", "message": f"in use by {used} spans"}])
    entity_type.delete()


def _unknown(fields: dict, allowed: tuple) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise InvalidInput(f"unknown field {unknown[0]!r}", errors=[{"field": unknown[0], "message": "unknown field"}])


@transaction.atomic
def relation_type_create(*, project: Project, name: str, color: str | None = None, hotkey: str = "",
                         head_types: list[str] | None = None, child_types: list[str] | None = None,
                         symmetric: bool = False) -> RelationType:
    others = list(project.relation_types.all())
    color = color or PALETTE[(len(others) + 4) % len(PALETTE)]
    values = {"name": name.strip(), "color": color, "hotkey": hotkey, "symmetric": symmetric}
    _check(kind="relation type", values=values, others=others)
    heads = _entity_types_by_name(project=project, names=head_types or [], field="head_types")
    children = _entity_types_by_name(project=project, names=child_types or [], field="child_types")
    relation_type = RelationType.objects.create(project=project, **values)
    relation_type.head_types.set(heads)
    relation_type.child_types.set(children)
    return relation_type


@transaction.atomic
def relation_type_update(*, relation_type: RelationType, head_types: list[str] | None = None,
                         child_types: list[str] | None = None, **fields) -> RelationType:
    """Change the given fields; `head_types`/`child_types` (entity type names, empty: any) replace the old ones."""
    _unknown(fields, RELATION_FIELDS)
    relation_type = RelationType.objects.select_for_update().get(pk=relation_type.pk)
    project = relation_type.project
    changed = _type_fields_save(label_type=relation_type, names=RELATION_FIELDS, fields=fields, kind="relation type")
    if "symmetric" in changed:
        documents_carrying_refresh(items=Relation.objects.filter(label=relation_type),
                                   batch_size=settings.FIGURES_BATCH_SIZE)
    if head_types is not None:
        relation_type.head_types.set(_entity_types_by_name(project=project, names=head_types, field="head_types"))
    if child_types is not None:
        relation_type.child_types.set(_entity_types_by_name(project=project, names=child_types, field="child_types"))
    return relation_type


@transaction.atomic
def relation_type_delete(*, relation_type: RelationType) -> None:
    """Delete an unused relation type; one carried by any relation is refused with the count."""
    used = Relation.objects.filter(label=relation_type).count()
    if used:
        raise Conflict(f"{relation_type.name!r} is used by {used} relation{'s' if used != 1 else ''}; "
                       "rename it, or remove those relations first",
                       errors=[{"field": "name", "message": f"in use by {used} relations"}])
    relation_type.delete()
