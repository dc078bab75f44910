"""Assignments in the admin: listed and taken back; assigning itself checks membership elsewhere."""
from django.contrib import admin

from annotator.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Who was given which document. Assigning goes through the project's Team page or the API
    (`POST projects/{id}/assignments/`), which check membership; here one can look and take back."""

    list_display = ("document", "user", "project", "assigned_by", "created_at")
    list_filter = ("document__project", "user")
    search_fields = ("user__username", "document__title", "document__external_id")
    list_select_related = ("document__project", "user", "assigned_by")
    readonly_fields = ("document", "user", "assigned_by", "created_at")

    @admin.display(ordering="document__project")
    def project(self, obj):
        return obj.document.project

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
