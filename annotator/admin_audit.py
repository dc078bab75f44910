"""Admin deletions recorded in the audit trail: a mixin for the admins of projects and documents."""
from django.db import transaction

from annotator.models import Project
from annotator.services.audit import audit_record


class AuditedDeletes:
    """Deletions made on this admin page are recorded in the audit trail (the API's go through services that do)."""

    audit_action: str
    audit_related: tuple[str, ...] = ()

    def _audit(self, request, obj):
        project = obj if isinstance(obj, Project) else getattr(obj, "project", None)
        audit_record(action=self.audit_action, user=request.user, project=project, obj=obj, details={"via": "admin"})

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._audit(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset.select_related(*self.audit_related):
                self._audit(request, obj)
            super().delete_queryset(request, queryset)

