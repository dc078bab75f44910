"""Browser pages. Thin: they read through selectors and render templates.

Everything a member does to annotations goes through the REST API (the editor is a
TypeScript bundle that talks to /api/v1/); these views only serve the pages around it.
Objects of projects the user does not belong to answer 404, as in the API.
"""
import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from annotator.models import Project
from annotator.selectors.documents import documents_visible
from annotator.selectors.projects import projects_for_user, with_caller_role
from annotator.selectors.queue import annotator_queue, next_document_for_annotator


# A colour from project settings goes into a style attribute only when it is plainly a colour.
_SAFE_COLOR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)$")


def _safe_color(color: str) -> str:
    return color if _SAFE_COLOR.match(color or "") else "#9e9e9e"


def healthz(request):
    return JsonResponse({"ok": True})


def _project_for_member(*, user, project_id: int) -> Project:
    project = with_caller_role(Project.objects.all(), user=user).filter(pk=project_id).first()
    if project is None:
        raise Http404("No such project.")
    return project


@login_required
def home(request):
    return render(request, "annotator/home.html", {"projects": projects_for_user(user=request.user)})


@login_required
def project_detail(request, project_id: int):
    project = _project_for_member(user=request.user, project_id=project_id)
    context = {
        "project": project,
        "role": project.caller_role,
        "entity_types": [{"name": t.name, "hotkey": t.hotkey, "description": t.description,
                          "color": _safe_color(t.color)} for t in project.entity_types.all()],
        "queue_size": annotator_queue(project=project, user=request.user).count(),
    }
    return render(request, "annotator/project.html", context)


@login_required
def project_next(request, project_id: int):
    """Redirect to the editor of the next document of my queue, or say that nothing is left."""
    project = _project_for_member(user=request.user, project_id=project_id)
    document = next_document_for_annotator(project=project, user=request.user)
    if document is None:
        return render(request, "annotator/queue_empty.html", {"project": project})
    return redirect(reverse("document_annotate", args=[document.pk]))


@login_required
def document_annotate(request, document_id: int):
    """The editor page: a mount point for the editor bundle, which loads everything through the API."""
    document = documents_visible(user=request.user).filter(pk=document_id).only("id", "title", "project__id",
                                                                                 "project__name").first()
    if document is None:
        raise Http404("No such document.")
    return render(request, "annotator/annotate.html", {"document": document, "project": document.project})
