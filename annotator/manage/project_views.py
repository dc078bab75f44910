"""Creating a project and changing its settings in the browser."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from annotator.manage.access import manager_page
from annotator.manage.forms import ProjectForm
from annotator.rules.roles import project_create_allowed
from annotator.services.errors import ServiceError
from annotator.services.projects import project_create, project_update

SETTINGS_FIELDS = tuple(ProjectForm.base_fields)


def _form_error(form: ProjectForm, exc: ServiceError) -> None:
    """Put a service refusal on the form field it names (or on the whole form)."""
    fields = [e.get("field") for e in exc.errors if e.get("field") in form.fields]
    form.add_error(fields[0] if fields else None, exc.message)


@login_required
def project_new(request):
    if not project_create_allowed(request.user):
        return render(request, "annotator/manage/not_allowed.html", status=403)
    form = ProjectForm(request.POST or None, current_model=settings.DEFAULT_SPACY_MODEL)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = project_create(created_by=request.user, **data)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Project {project.name!r} created. Now give it its labels.")
            return redirect(reverse("project_labels", args=[project.pk]))
    return render(request, "annotator/manage/project_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@manager_page
def project_settings(request, project):
    initial = {field: getattr(project, field) for field in SETTINGS_FIELDS}
    form = ProjectForm(request.POST or None, initial=initial, current_model=project.spacy_model)
    if request.method == "POST" and form.is_valid():
        changed = {k: v for k, v in form.cleaned_data.items() if v != initial[k]}
        try:
            project_update(project=project, **changed)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Settings saved." if changed else "Nothing changed.")
            return redirect(reverse("project_settings", args=[project.pk]))
    return render(request, "annotator/manage/project_settings.html",
                  {"project": project, "form": form, "tab": "settings"},
                  status=400 if request.method == "POST" else 200)
