"""The audit trail: who did what security-relevant thing, from where, when, to which object.

Append-only: an event is written once and never changed or deleted by the application (save() of
a stored event, delete() and the queryset's update()/delete() raise). Objects are named by id and
text, not by foreign key, so an event outlives what it names (a deleted project stays named).
"""
from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Login failed"
    TOKEN_CREATED = "token_created", "API token made"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    EXPORT_DOWNLOADED = "export_downloaded", "Export downloaded"
    MEMBER_ADDED = "member_added", "Member added"
    ROLE_CHANGED = "role_changed", "Role changed"
    MEMBER_REMOVED = "member_removed", "Member removed"
    PROJECT_DELETED = "project_deleted", "Project deleted"
    DOCUMENT_DELETED = "document_deleted", "Document deleted"


class AppendOnly(Exception):
    """Audit events are never changed or deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit events are never changed")

    def delete(self):
        raise AppendOnly("audit events are never deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnly("audit events are never changed")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=30, choices=AuditAction.choices, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    username = models.CharField(max_length=150, blank=True, default="",
                                help_text="Who acted, or the username tried by a failed login.")
    address = models.GenericIPAddressField(null=True, blank=True)
    project_ref = models.BigIntegerField(null=True, blank=True, db_index=True, help_text="The project's id.")
    project_name = models.CharField(max_length=200, blank=True, default="")
    object_type = models.CharField(max_length=50, blank=True, default="")
    object_id = models.CharField(max_length=50, blank=True, default="")
    object_repr = models.CharField(max_length=300, blank=True, default="")
    details = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(action__in=[a.value for a in AuditAction]),
                                              name="auditevent_action_valid")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit events are never deleted")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.object_repr}"
