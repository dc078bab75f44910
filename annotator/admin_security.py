"""Admin pages of the security records: personal API tokens (revocable, never readable)."""
from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

from annotator.admin import ViewOnlyAdmin
from annotator.models import ApiToken
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
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token)
        self.message_user(request, "Revoked.")
