"""A project's label set in the browser: entity and relation types added, changed, deleted one at a time."""
from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from annotator.manage.access import UnknownAction, manager_page
from annotator.services.errors import ServiceError
from annotator.services.projects import PALETTE
from annotator.services.labels import (entity_type_create, entity_type_delete, entity_type_update,
                                       relation_type_create, relation_type_delete, relation_type_update)


def _entity_values(post) -> dict:
    return {"name": post.get("name", ""), "color": post.get("color") or None, "hotkey": post.get("hotkey", "").strip(),
            "description": post.get("description", "")}


def _relation_values(post) -> dict:
    return {"name": post.get("name", ""), "color": post.get("color") or None, "hotkey": post.get("hotkey", "").strip(),
            "head_types": post.getlist("head_types"), "child_types": post.getlist("child_types"),
            "symmetric": post.get("symmetric") == "on"}


def _id(post) -> int:
    """The type a row's form names; anything but a number is no type (404)."""
    value = post.get("id", "")
    if not value.isdigit():
        raise Http404("No such type.")
    return int(value)


def _act(project, post) -> str:
    """Carry out the form's `action` and answer the message to show; services raise what they refuse."""
    action = post.get("action")
    if action == "entity_add":
        entity_type = entity_type_create(project=project, **_entity_values(post))
        return f"Entity type {entity_type.name!r} added."
    if action == "relation_add":
        relation_type = relation_type_create(project=project, **_relation_values(post))
        return f"Relation type {relation_type.name!r} added."
    if action in ("entity_save", "entity_delete"):
        entity_type = get_object_or_404(project.entity_types, pk=_id(post))
        if action == "entity_delete":
            entity_type_delete(entity_type=entity_type)
            return f"Entity type {entity_type.name!r} deleted."
        values = _entity_values(post)
        if values["color"] is None:
            del values["color"]
        old = entity_type.name
        entity_type = entity_type_update(entity_type=entity_type, **values)
        renamed = f" (renamed from {old!r}: its spans carry the new name)" if old != entity_type.name else ""
        return f"Entity type {entity_type.name!r} saved{renamed}."
    if action in ("relation_save", "relation_delete"):
        relation_type = get_object_or_404(project.relation_types, pk=_id(post))
        if action == "relation_delete":
            relation_type_delete(relation_type=relation_type)
            return f"Relation type {relation_type.name!r} deleted."
        values = _relation_values(post)
        if values["color"] is None:
            del values["color"]
        relation_type = relation_type_update(relation_type=relation_type, **values)
        return f"Relation type {relation_type.name!r} saved."
    raise UnknownAction(action)


@manager_page
def project_labels(request, project):
    posted = {}
    status = 200
    if request.method == "POST":
        try:
            message = _act(project, request.POST)
        except UnknownAction:
            return HttpResponseBadRequest("unknown action")
        except ServiceError as exc:
            messages.error(request, exc.message)
            posted, status = request.POST, 409 if exc.status_code == 409 else 400
        else:
            messages.success(request, message)
            return redirect(reverse("project_labels", args=[project.pk]))
    entity_types = list(project.entity_types.all())
    relation_types = list(project.relation_types.prefetch_related("head_types", "child_types"))
    for relation_type in relation_types:
        relation_type.head_ids = {t.pk for t in relation_type.head_types.all()}
        relation_type.child_ids = {t.pk for t in relation_type.child_types.all()}
    return render(request, "annotator/manage/labels.html", {
        "project": project, "tab": "labels", "entity_types": entity_types, "relation_types": relation_types,
        "posted": posted if posted.get("action", "").endswith("_add") else {},
        # The add rows start at the colour the service would pick, so new types do not all look alike.
        "next_entity_color": PALETTE[len(entity_types) % len(PALETTE)],
        "next_relation_color": PALETTE[(len(relation_types) + 4) % len(PALETTE)],
    }, status=status)
