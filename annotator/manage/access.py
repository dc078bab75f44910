"""Managers' pages: the project is resolved for the caller (404 for non-members) and needs the manager role (403)."""
import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from annotator.models import Role
from annotator.rules.roles import role_at_least
from annotator.selectors.projects import project_for_member


class UnknownAction(ValueError):
    """A form posted an `action` the page does not have."""


def manager_page(view):
    """`view(request, project, ...)` for managers of `project_id`; others get 404 (not a member) or 403."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, project_id: int, *args, **kwargs):
        project = project_for_member(user=request.user, project_id=project_id)
        if project is None:
            raise Http404("No such project.")
        if not role_at_least(project.caller_role, Role.MANAGER):
            return render(request, "annotator/forbidden.html",
                          {"project": project, "needed": Role.MANAGER, "role": project.caller_role}, status=403)
        return view(request, project, *args, **kwargs)

    return wrapper
