"""Admin pages of the security records: personal API tokens (revocable, never readable), the audit
trail (read-only), and deletions recorded in it."""
from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

from annotator.admin import ViewOnlyAdmin
from annotator.models import ApiToken, AuditEvent
from annotator.services.tokens import api_token_revoke

# DRF's plain tokens are no longer used (migration 0008 hashed them into ApiToken): no page for them.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(ApiToken)
class ApiTokenAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "read_only", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("read_only", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "user__username", "prefix")
    exclude = ("digest",)
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            api_token_revoke(token=token, by=request.user)
        self.message_user(request, "Revoked.")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only (the filterable page with CSV is /audit/)."""

    list_display = ("at", "action", "username", "address", "project_name", "object_type", "object_repr")
    list_filter = ("action", "at")
    # Not the address: PostgreSQL refuses to compare its inet column with text that is no address (the
    # audit page filters by address, checked first).
    search_fields = ("username", "project_name", "object_repr")
    date_hierarchy = "at"

    def lookup_allowed(self, lookup, value, request=None):
        # `?address=<anything>` in the URL would reach PostgreSQL's inet column unchecked (a 500): refused (400).
        return not lookup.startswith("address") and super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
