"""Creating and changing projects with their label sets and members."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from annotator.models import AuditAction, EntityType, Membership, Project, Relation, RelationType, Role
from annotator.services.audit import audit_record
from annotator.services.errors import Conflict, InvalidInput, NotFound
from annotator.services.figures import documents_carrying_refresh

PALETTE = ["#7aa2f7", "#f7768e", "#9ece6a", "#e0af68", "#bb9af7", "#7dcfff", "#ff9e64", "#73daca",
           "#c0caf5", "#db4b4b", "#2ac3de", "#b4f9f8"]

PROJECT_FIELDS = ("description", "guidelines", "spacy_model", "label_map", "allow_overlap",
                  "annotators_per_document", "prelabel_on_import", "export_role",
                  "queue_unassigned", "queue_order", "relation_rules", "auto_train_every")


def _entity_type_specs(entity_types: list) -> list[dict]:
    specs = []
    for index, item in enumerate(entity_types):
        spec = {"name": item} if isinstance(item, str) else dict(item)
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput("entity type without a name",
                               errors=[{"field": f"entity_types[{index}].name", "message": "required"}])
        spec.setdefault("color", PALETTE[index % len(PALETTE)])
        specs.append(spec)
    names = [s["name"] for s in specs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidInput(f"entity type names repeat: {', '.join(duplicates)}",
                           errors=[{"field": "entity_types", "message": f"duplicate name {duplicates[0]!r}"}])
    return specs


@transaction.atomic
def project_create(*, name: str, entity_types: list | None = None, relation_types: list | None = None,
                   created_by=None, **fields) -> Project:
    """A project with its entity and relation types given by name; the creator becomes its manager."""
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown project fields: {', '.join(sorted(unknown))}")
    if not name or not name.strip():
        raise InvalidInput("a project needs a name", errors=[{"field": "name", "message": "required"}])
    project = Project.objects.create(name=name, created_by=created_by, **fields)
    entity_types_set(project=project, entity_types=entity_types or [])
    relation_types_set(project=project, relation_types=relation_types or [])
    if fields.get("relation_rules"):
        from annotator.services.relation_suggester import project_relation_rules

        project_relation_rules(project=project)  # InvalidInput rolls the whole creation back
    if created_by is not None:
        Membership.objects.create(user=created_by, project=project, role=Role.MANAGER)
    return project


def entity_types_set(*, project: Project, entity_types: list) -> None:
    """Add the given entity types; existing ones with the same name are updated in place."""
    existing = {t.name: t for t in project.entity_types.all()}
    for spec in _entity_type_specs(entity_types):
        values = {k: spec[k] for k in ("color", "hotkey", "description") if k in spec and spec[k] is not None}
        current = existing.get(spec["name"])
        if current is None:
            EntityType.objects.create(project=project, name=spec["name"], **values)
        elif values:
            for key, value in values.items():
                setattr(current, key, value)
            current.save(update_fields=list(values))


def relation_types_set(*, project: Project, relation_types: list) -> None:
    """Add relation types; head/child types are given by entity type name (empty means any)."""
    by_name = {t.name: t for t in project.entity_types.all()}
    existing = {t.name: t for t in project.relation_types.all()}
    for index, item in enumerate(relation_types):
        spec = {"name": item} if isinstance(item, str) else dict(item)
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput("relation type without a name",
                               errors=[{"field": f"relation_types[{index}].name", "message": "required"}])
        ends = {}
        for side in ("head_types", "child_types"):
            names = spec.get(side) or []
            missing = [n for n in names if n not in by_name]
            if missing:
                raise InvalidInput(
                    f"relation type {name!r} names unknown entity types: {', '.join(missing)}",
                    errors=[{"field": f"relation_types[{index}].{side}", "message": f"unknown entity type {missing[0]!r}"}],
                )
            ends[side] = [by_name[n] for n in names]
        relation_type = existing.get(name)
        values = {k: spec[k] for k in ("color", "hotkey", "symmetric") if k in spec and spec[k] is not None}
        if relation_type is None:
            values.setdefault("color", PALETTE[(index + 4) % len(PALETTE)])
            relation_type = RelationType.objects.create(project=project, name=name, **values)
        elif values:
            symmetry_changed = values.get("symmetric", relation_type.symmetric) != relation_type.symmetric
            for key, value in values.items():
                setattr(relation_type, key, value)
            relation_type.save(update_fields=list(values))
            if symmetry_changed:  # relations match either way round now, or no longer: their figures follow
                documents_carrying_refresh(items=Relation.objects.filter(label=relation_type),
                                           batch_size=settings.FIGURES_BATCH_SIZE)
        if "head_types" in spec:
            relation_type.head_types.set(ends["head_types"])
        if "child_types" in spec:
            relation_type.child_types.set(ends["child_types"])


def member_set(*, project: Project, username: str, role: str) -> Membership:
    """Give a user a role in the project (one role per user and project)."""
    if role not in Role.values:
        raise InvalidInput(f"unknown role {role!r}", errors=[{"field": "role", "message": f"must be one of {Role.values}"}])
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise InvalidInput(f"no user named {username!r}", errors=[{"field": "username", "message": "no such user"}])
    current = Membership.objects.filter(user=user, project=project).first()
    if current is not None and current.role == Role.MANAGER and role != Role.MANAGER:
        _keep_a_manager(project=project, leaving=current)
    membership, _ = Membership.objects.update_or_create(user=user, project=project, defaults={"role": role})
    return membership


def member_remove(*, project: Project, username: str) -> None:
    """Take a user out of the project (their annotations stay); the last manager cannot leave."""
    membership = Membership.objects.filter(project=project, user__username=username).first()
    if membership is None:
        raise NotFound(f"{username!r} is not a member of this project",
                       errors=[{"field": "username", "message": "not a member"}])
    if membership.role == Role.MANAGER:
        _keep_a_manager(project=project, leaving=membership)
    membership.delete()


def _keep_a_manager(*, project: Project, leaving: Membership) -> None:
    if not Membership.objects.filter(project=project, role=Role.MANAGER).exclude(pk=leaving.pk).exists():
        raise Conflict(f"{leaving.user.username!r} is the project's last manager; make someone else manager first",
                       errors=[{"field": "role", "message": "a project keeps at least one manager"}])


@transaction.atomic
def project_update(*, project: Project, entity_types: list | None = None, relation_types: list | None = None,
                   **fields) -> Project:
    """Change a project's settings; given entity and relation types are added or updated by name.

    Types are never removed here: removing one would delete every span or relation that uses it.
    """
    unknown = set(fields) - {"name", *PROJECT_FIELDS}
    if unknown:
        raise InvalidInput(f"unknown project fields: {', '.join(sorted(unknown))}",
                           errors=[{"field": sorted(unknown)[0], "message": "unknown field"}])
    if "name" in fields and (not fields["name"] or not fields["name"].strip()):
        raise InvalidInput("a project needs a name", errors=[{"field": "name", "message": "must not be empty"}])
    _hotkeys_check(project=project, entity_types=entity_types or [])
    for key, value in fields.items():
        setattr(project, key, value)
    if fields:
        project.save(update_fields=[*fields, "updated_at"])
    if entity_types:
        entity_types_set(project=project, entity_types=entity_types)
    if relation_types:
        relation_types_set(project=project, relation_types=relation_types)
    if "relation_rules" in fields:  # against the relation types as they are now; refused: all rolled back
        from annotator.services.relation_suggester import project_relation_rules

        project_relation_rules(project=project)
    return project


def _hotkeys_check(*, project: Project, entity_types: list) -> None:
    """A hotkey given to an entity type must not belong to another type of the project."""
    owners = {t.hotkey: t.name for t in project.entity_types.exclude(hotkey="")}
    for index, item in enumerate(entity_types):
        if not isinstance(item, dict) or not item.get("hotkey"):
            continue
        owner = owners.get(item["hotkey"])
        if owner is not None and owner != item.get("name"):
            raise InvalidInput(f"hotkey {item['hotkey']!r} already belongs to entity type {owner!r}",
                               errors=[{"field": f"entity_types[{index}].hotkey",
                                        "message": f"already used by {owner!r}"}])


@transaction.atomic
def project_delete(*, project: Project) -> None:
    """Delete a project with its documents, annotations, jobs and exports (recorded in the audit trail)."""
    audit_record(action=AuditAction.PROJECT_DELETED, project=project, obj=project,
                 details={"documents": project.documents.count()})
    project.delete()
