"""The audit trail page: staff see every event, a project's managers their project's; filterable by
action, username, project, address and dates; the same selection downloads as CSV (?format=csv)."""
import csv
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from annotator.models import AuditAction, Project
from annotator.selectors.audit import AuditFilters, audit_events_visible, audit_may_read, audit_projects_managed

CSV_COLUMNS = ["at", "action", "username", "address", "project_id", "project", "object_type", "object_id", "object",
               "details"]
PAGE_SIZE = 100


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(choices=[("", "any"), *AuditAction.choices], required=False)
    username = forms.CharField(max_length=150, required=False)
    project = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    address = forms.GenericIPAddressField(required=False)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "any"), *((p.pk, p.name) for p in projects)]

    def filters(self) -> AuditFilters:
        data = {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
        return AuditFilters(**data)


def csv_cell(value) -> str:
    """A value as a CSV cell a spreadsheet will not run: text starting with = + - @ (or a tab or
    carriage return) is a formula there, so it gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


@login_required
def audit_trail(request):
    if not audit_may_read(user=request.user):
        raise Http404("No such page.")
    projects = (Project.objects.all() if request.user.is_staff
                else Project.objects.filter(pk__in=audit_projects_managed(user=request.user))).order_by("name")
    form = AuditFilterForm(request.GET or None, projects=projects)
    filters = form.filters() if form.is_bound and form.is_valid() else AuditFilters()
    events = audit_events_visible(user=request.user, filters=filters)
    if request.GET.get("format") == "csv":
        return _csv(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "annotator/audit.html", {"form": form, "page": page, "query": query.urlencode()})


def _csv(events):
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for event in events.iterator(chunk_size=1000):
            yield writer.writerow([csv_cell(value) for value in (
                event.at.isoformat(), event.action, event.username, event.address, event.project_ref,
                event.project_name, event.object_type, event.object_id, event.object_repr,
                json.dumps(event.details, ensure_ascii=False, sort_keys=True))])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
