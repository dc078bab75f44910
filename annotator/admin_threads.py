"""Comment threads, flags for review and skips in the admin: listed and filtered, resolved by an action.

Imported by annotator/admin.py (which Django's admin discovers); thin: resolving goes through the service.
"""
from django.contrib import admin

from annotator.models import Comment, DocumentSkip, Role, Thread


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ("author", "body", "created_at")
    readonly_fields = ("author", "created_at")


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("id", "document", "author", "flag", "resolved_at", "resolved_by", "created_at")
    list_filter = ("flag", ("resolved_at", admin.EmptyFieldListFilter), "document__project")
    list_select_related = ("document", "author", "resolved_by")
    raw_id_fields = ("document",)
    readonly_fields = ("author", "resolved_at", "resolved_by", "created_at")
    inlines = [CommentInline]
    actions = ["resolve"]

    @admin.action(description="Resolve the selected threads")
    def resolve(self, request, queryset):
        from annotator.services.threads import thread_resolve

        for thread in queryset.filter(resolved_at__isnull=True):
            thread_resolve(thread=thread, user=request.user, role=Role.MANAGER)  # the admin is staff's


@admin.register(DocumentSkip)
class DocumentSkipAdmin(admin.ModelAdmin):
    list_display = ("document", "user", "reason", "created_at")
    list_filter = ("document__project",)
    list_select_related = ("document", "user")
    raw_id_fields = ("document",)
