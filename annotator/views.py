"""Browser pages. Thin: they read through selectors and render templates.

Everything a member does to annotations goes through the REST API (the editor is a
TypeScript bundle that talks to /api/v1/); these views only serve the pages around it.
Objects of projects the user does not belong to answer 404, as in the API.
"""
import json
import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from annotator.formats.catalog import EXPORT_FORMATS
from annotator.markdown import markdown_html
from annotator.models import Project, Role
from annotator.rules.roles import project_create_allowed, role_at_least
from annotator.selectors.documents import document_page_for_member
from annotator.selectors.my_work import WORK_STATUSES, my_progress, my_work
from annotator.selectors.projects import project_for_member, projects_for_user
from annotator.selectors.queue import annotator_queue, next_document_for_annotator
from annotator.selectors.review import (REVIEW_FILTERS, REVIEW_ORDERINGS, next_document_for_review, review_queue,
                                        single_pass_default)
from annotator.selectors.threads import project_open_threads


# A colour from project settings goes into the page (an SVG fill, the editor's data) only when it is plainly a colour.
_SAFE_COLOR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)$")


def _safe_color(color: str) -> str:
    return color if _SAFE_COLOR.match(color or "") else "#9e9e9e"


def healthz(request):
    return JsonResponse({"ok": True})


def _project_for_member(*, user, project_id: int) -> Project:
    project = project_for_member(user=user, project_id=project_id)
    if project is None:
        raise Http404("No such project.")
    return project


@login_required
def home(request):
    return render(request, "annotator/home.html", {"projects": projects_for_user(user=request.user),
                                                   "can_create": project_create_allowed(request.user)})


@login_required
def project_detail(request, project_id: int):
    project = _project_for_member(user=request.user, project_id=project_id)
    context = {
        "project": project,
        "role": project.caller_role,
        "entity_types": [{"name": t.name, "hotkey": t.hotkey, "description": t.description,
                          "color": _safe_color(t.color)} for t in project.entity_types.all()],
        "queue_size": annotator_queue(project=project, user=request.user).count(),
        "can_review": role_at_least(project.caller_role, Role.REVIEWER),
        "threads": project_open_threads(project=project),
        "guidelines_html": markdown_html(project.guidelines),
        "can_manage": role_at_least(project.caller_role, Role.MANAGER),
    }
    return render(request, "annotator/project.html", context)


@login_required
def project_my_work(request, project_id: int):
    """My drafts, submissions and skips in the project, with links back into the editor."""
    project = _project_for_member(user=request.user, project_id=project_id)
    status = request.GET.get("status", "")
    if status not in WORK_STATUSES:
        status = ""
    page = Paginator(my_work(project=project, user=request.user, status=status), 100).get_page(request.GET.get("page"))
    return render(request, "annotator/my_work.html", {
        "project": project, "page": page, "status": status, "progress": my_progress(project=project, user=request.user),
        "filters": [("", "All"), *((name, name.capitalize()) for name in WORK_STATUSES)],
    })


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
    document = document_page_for_member(user=request.user, document_id=document_id)
    if document is None:
        raise Http404("No such document.")
    return render(request, "annotator/annotate.html", {"document": document, "project": document.project})


def _forbidden(request, project: Project, needed: str):
    """The 403 page: a member whose role is too low (non-members get 404 before this)."""
    return render(request, "annotator/forbidden.html", {"project": project, "needed": needed,
                                                        "role": project.caller_role}, status=403)


def _single_pass(request, project: Project) -> bool:
    value = request.GET.get("single_pass")
    if value in ("1", "0"):
        return value == "1"
    return single_pass_default(project=project)


@login_required
def project_review_queue(request, project_id: int):
    """Documents ready for review, worst disagreement first (reviewers and managers)."""
    project = _project_for_member(user=request.user, project_id=project_id)
    if not role_at_least(project.caller_role, Role.REVIEWER):
        return _forbidden(request, project, Role.REVIEWER)
    single_pass = _single_pass(request, project)
    ordering = request.GET.get("ordering", "-disagreement")
    if ordering not in REVIEW_ORDERINGS:
        ordering = "-disagreement"
    only = request.GET.get("only", "")
    if only not in REVIEW_FILTERS:
        only = ""
    items = review_queue(project=project, single_pass=single_pass, ordering=ordering, only=only)
    query = f"?single_pass={int(single_pass)}"
    return render(request, "annotator/review_queue.html", {
        "project": project, "items": items, "single_pass": single_pass, "ordering": ordering,
        "next_url": reverse("project_review_next", args=[project.pk]) + query,
        "review_query": query,
        # Sorting and single pass keep the filter (`only`).
        "toggle_url": f"?single_pass={int(not single_pass)}&ordering={ordering}&only={only}",
        "sort_url": f"{query}&only={only}"
                    f"&ordering={'disagreement' if ordering == '-disagreement' else '-disagreement'}",
        "id_sort_url": f"{query}&only={only}&ordering={'-id' if ordering == 'id' else 'id'}",
        "only": only, "filter_urls": [(name, f"{query}&ordering={ordering}&only={name}", label) for name, label in
                                      (("", "All"), ("flagged", "Flagged"), ("open_threads", "Open threads"))],
    })


@login_required
def project_review_next(request, project_id: int):
    """Redirect to the review of the document most in need of it, or say that nothing is left."""
    project = _project_for_member(user=request.user, project_id=project_id)
    if not role_at_least(project.caller_role, Role.REVIEWER):
        return _forbidden(request, project, Role.REVIEWER)
    single_pass = _single_pass(request, project)
    document = next_document_for_review(project=project, single_pass=single_pass)
    if document is None:
        return render(request, "annotator/review_empty.html", {"project": project, "single_pass": single_pass})
    return redirect(reverse("document_review", args=[document.pk]) + f"?single_pass={int(single_pass)}")


@login_required
def document_review(request, document_id: int):
    """The review page: the editor in review mode (versions side by side, the gold draft, mark gold)."""
    document = document_page_for_member(user=request.user, document_id=document_id)
    if document is None:
        raise Http404("No such document.")
    project = document.project
    project.caller_role = document.caller_role
    if not role_at_least(document.caller_role, Role.REVIEWER):
        return _forbidden(request, project, Role.REVIEWER)
    query = f"?single_pass={int(_single_pass(request, project))}"
    return render(request, "annotator/review.html", {
        "document": document, "project": project,
        "next_url": reverse("project_review_next", args=[project.pk]) + query,
        "queue_url": reverse("project_review_queue", args=[project.pk]) + query,
    })


@login_required
def project_dashboard(request, project_id: int):
    """Progress, jobs, exports and the quality and agreement charts; the figures come from the API."""
    project = _project_for_member(user=request.user, project_id=project_id)
    return render(request, "annotator/dashboard.html", {
        "project": project, "role": project.caller_role,
        "can_manage": role_at_least(project.caller_role, Role.MANAGER),
        "can_review": role_at_least(project.caller_role, Role.REVIEWER),
        "can_export": role_at_least(project.caller_role, project.export_role),
        "export_formats": json.dumps(list(EXPORT_FORMATS)),
    })
