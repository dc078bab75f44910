"""A project's team in the browser: members and their roles, and documents assigned to each annotator."""
from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse

from annotator.manage.access import UnknownAction, manager_page
from annotator.manage.forms import AccountForm, AssignForm, MemberForm
from annotator.models import Role
from annotator.selectors.assignments import assignment_figures, unassigned_open_count
from annotator.selectors.projects import project_members
from annotator.services.accounts import account_create
from annotator.services.assignments import assignments_release, documents_assign
from annotator.services.errors import ServiceError
from annotator.services.projects import member_remove, member_set


def _form_message(form) -> str:
    return "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())


def _act(request, project) -> str:
    """Carry out the form's `action` and answer the message to show; services raise what they refuse."""
    post = request.POST
    action = post.get("action")
    if action in ("member_set", "assign"):
        form = (MemberForm if action == "member_set" else AssignForm)(post)
        if not form.is_valid():
            raise ServiceError(_form_message(form))
        data = form.cleaned_data
        if action == "member_set":
            membership = member_set(project=project, username=data["username"], role=data["role"])
            return f"{membership.user.username} is now {membership.role}."
        ids = documents_assign(project=project, username=data["username"], count=data["count"],
                               statuses=data["statuses"], assigned_by=request.user)
        if not ids:
            return f"No open document is left to assign to {data['username']}."
        return f"{len(ids)} document{'s' if len(ids) != 1 else ''} assigned to {data['username']}."
    if action == "account_create":
        form = AccountForm(post)
        if not form.is_valid():
            raise ServiceError(_form_message(form))
        data = form.cleaned_data
        membership, password = account_create(project=project, username=data["username"], role=data["role"],
                                              email=data["email"])
        return (f"Account {membership.user.username} made ({membership.role}). First password, shown only now: "
                f"{password} (they change it from their name at the top of any page once logged in).")
    if action == "member_remove":
        member_remove(project=project, username=post.get("username", ""))
        return f"{post.get('username')} left the project (their annotations stay)."
    if action == "release":
        released = assignments_release(project=project, username=post.get("username", ""))
        return f"{released} open document{'s' if released != 1 else ''} of {post.get('username')} given back."
    raise UnknownAction(action)


@manager_page
def project_team(request, project):
    status = 200
    if request.method == "POST":
        try:
            message = _act(request, project)
        except UnknownAction:
            return HttpResponseBadRequest("unknown action")
        except ServiceError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            messages.success(request, message)
            return redirect(reverse("project_team", args=[project.pk]))
    return render(request, "annotator/manage/team.html", {
        "project": project, "tab": "team", "members": project_members(project=project), "roles": Role.choices,
        "figures": assignment_figures(project=project), "unassigned": unassigned_open_count(project=project),
        "status_choices": AssignForm.base_fields["statuses"].choices,
    }, status=status)
