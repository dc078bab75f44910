"""Reads of the audit trail: what a user may see (staff: everything; a project's managers: that
project's events), narrowed by the filters of the audit page."""
import ipaddress
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from annotator.models import AuditEvent, Membership, Role


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    username: str = ""
    project: int | None = None
    address: str = ""
    since: date | None = None
    until: date | None = None


def audit_projects_managed(*, user) -> list[int]:
    return list(Membership.objects.filter(user=user, role=Role.MANAGER).values_list("project_id", flat=True))


def audit_may_read(*, user) -> bool:
    return user.is_staff or bool(audit_projects_managed(user=user))


def audit_events_visible(*, user, filters: AuditFilters = AuditFilters()) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if not user.is_staff:
        events = events.filter(project_ref__in=audit_projects_managed(user=user))
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.username:
        events = events.filter(username__iexact=filters.username)
    if filters.project is not None:
        events = events.filter(project_ref=filters.project)
    if filters.address:
        try:  # no event has an address that is no address (and PostgreSQL's inet column refuses to compare one)
            ipaddress.ip_address(filters.address)
        except ValueError:
            return events.none()
        events = events.filter(address=filters.address)
    if filters.since:
        events = events.filter(at__gte=timezone.make_aware(datetime.combine(filters.since, time.min)))
    if filters.until:
        events = events.filter(at__lte=timezone.make_aware(datetime.combine(filters.until, time.max)))
    return events.order_by("-at", "-id")
