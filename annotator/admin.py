"""Django admin: enough for an admin to run the system without the API."""
import re

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Count
from django.utils.html import format_html

from annotator.admin_audit import AuditedDeletes
from annotator.models import (Annotation, AuditAction, Document, EntityType, Export, Job, JobStatus, Membership,
                              Project, Relation, RelationType, Span)
from annotator.selectors.document_tokens import with_token_count
from annotator.services.figures import document_figures_forget

TOKENS_PENDING = "pending: a worker tokenizes it"


class HoldsSpans:
    """Deleting one of these deletes the spans and relations under it: allowed, though spans and
    relations cannot be deleted alone here (ViewOnlyAdmin). Django lists them on the confirmation page."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed - {Span._meta.verbose_name, Relation._meta.verbose_name}, protected


class EntityTypeInline(admin.TabularInline):
    model = EntityType
    extra = 0
    fields = ("name", "color", "hotkey", "description")


class RelationTypeInline(admin.TabularInline):
    model = RelationType
    extra = 0
    fields = ("name", "color", "hotkey", "head_types", "child_types", "symmetric")
    filter_horizontal = ()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Project)
class ProjectAdmin(AuditedDeletes, HoldsSpans, admin.ModelAdmin):
    audit_action = AuditAction.PROJECT_DELETED
    class Media:
        css = {"all": ("annotator/admin.css",)}  # the figures' tables

    list_display = ("name", "spacy_model", "default_model", "document_count", "member_count", "allow_overlap", "created_at")
    search_fields = ("name", "description")
    list_filter = ("allow_overlap", "spacy_model")
    readonly_fields = ("created_at", "updated_at", "created_by", "progress_figures", "quality_figures",
                       "agreement_figures")
    inlines = [EntityTypeInline, RelationTypeInline, MembershipInline]

    # Figures on the change page (read-only tables, see annotator/admin_figures.py); the stats are
    # read once per page and kept on the object.
    def _stats(self, obj):
        if not hasattr(obj, "_admin_stats"):
            from annotator.selectors.stats import project_stats

            obj._admin_stats = project_stats(project=obj)
        return obj._admin_stats

    @admin.display(description="progress by status")
    def progress_figures(self, obj):
        from annotator.admin_figures import progress_table

        return progress_table(self._stats(obj)) if obj.pk else "–"

    @admin.display(description="pre-label quality (exact, micro)")
    def quality_figures(self, obj):
        from annotator.admin_figures import quality_table

        return quality_table(self._stats(obj)) if obj.pk else "–"

    @admin.display(description="agreement")
    def agreement_figures(self, obj):
        from annotator.admin_figures import agreement_table

        return agreement_table(self._stats(obj)) if obj.pk else "–"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            _documents=Count("documents", distinct=True), _members=Count("memberships", distinct=True))

    @admin.display(description="documents", ordering="_documents")
    def document_count(self, obj):
        return obj._documents

    @admin.display(description="members", ordering="_members")
    def member_count(self, obj):
        return obj._members

    actions = ["prelabel_new_documents", "train_on_gold"]

    @admin.action(description="Pre-label new documents (those without a current prediction)")
    def prelabel_new_documents(self, request, queryset):
        from annotator.services.prelabel import prelabel_start

        jobs = [prelabel_start(project=project, created_by=request.user) for project in queryset]
        self.message_user(request, f"Started pre-label jobs {', '.join(str(j.pk) for j in jobs)}; "
                                   f"see their progress under Jobs.")

    @admin.action(description="Train a model on gold (fine-tune the project's ner; see Trained models)")
    def train_on_gold(self, request, queryset):
        from django.contrib import messages

        from annotator.services.errors import ServiceError
        from annotator.services.training import training_start

        for project in queryset:
            try:
                job = training_start(project=project, created_by=request.user)
            except ServiceError as exc:
                self.message_user(request, f"{project}: {exc.message}", level=messages.ERROR)
            else:
                self.message_user(request, f"{project}: started train job {job.pk} for model v{job.params['version']}; "
                                           f"see its progress under Jobs.")


@admin.register(EntityType)
class EntityTypeAdmin(HoldsSpans, admin.ModelAdmin):
    list_display = ("name", "project", "swatch", "hotkey")
    list_filter = ("project",)
    search_fields = ("name", "description")

    @admin.display(description="color")
    def swatch(self, obj):
        # An SVG fill, not a style attribute: the CSP allows no inline style, and a fill is only a colour.
        return format_html('<svg class="swatch" viewBox="0 0 1 1" aria-hidden="true"><rect width="1" height="1" '
                           'fill="{}"/></svg> {}', obj.color, obj.color)

    class Media:
        css = {"all": ("annotator/admin.css",)}


@admin.register(RelationType)
class RelationTypeAdmin(HoldsSpans, admin.ModelAdmin):
    list_display = ("name", "project", "symmetric", "hotkey")
    list_filter = ("project", "symmetric")
    search_fields = ("name",)
    filter_horizontal = ("head_types", "child_types")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "project", "role", "created_at")
    list_filter = ("role", "project")
    search_fields = ("user__username", "project__name")
    autocomplete_fields = ("user",)


class DocumentTextField(forms.CharField):
    """A document's text as stored: never stripped, and a browser's CRLF line breaks (every textarea
    sends them) are no change of a text with LF ones."""

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "strip": False})

    def has_changed(self, initial, data):
        return _lf(initial or "") != _lf(self.to_python(data) or "")


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _text_lock(document) -> str:
    """Why the document's text can no longer change ("" while it can), read once per page."""
    if not hasattr(document, "_text_lock"):
        from annotator.services.document_text import document_text_lock

        document._text_lock = document_text_lock(document=document)
    return document._text_lock


class DocumentAdminForm(forms.ModelForm):
    """Checks what the admin may store by the document rules, and a text change by the text service's
    rule (annotator/services/document_text.py), so a refusal is a form error, not a 500."""

    class Meta:
        model = Document
        fields = "__all__"
        field_classes = {"text": DocumentTextField}

    def clean_text(self):
        text = self.cleaned_data["text"]
        stored = self.instance.text if self.instance.pk else None
        if stored is not None and not self.fields["text"].has_changed(stored, text):
            return stored  # only the browser's line breaks differ
        return text if stored is not None and "\r\n" in stored else _lf(text)

    def clean_meta(self):
        meta = self.cleaned_data["meta"]
        return {} if meta is None else meta  # an emptied box: no meta (the column holds an object)

    def clean(self):
        from annotator.rules import document_check
        from annotator.services.document_text import document_text_check
        from annotator.services.errors import ServiceError

        cleaned = super().clean()
        # The other fields by the document rules (the text by the text service's rule below).
        record = {"text": "-", **{name: cleaned[name] for name in ("title", "meta", "external_id") if name in cleaned}}
        for problem in document_check(record):
            name = re.split(r"[.\[]", problem["field"])[0]
            if name in self.fields:
                self.add_error(name, f"{problem['field']}: {problem['message']}")
        text = cleaned.get("text")
        if "text" in self.fields and "text" in self.changed_data and isinstance(text, str):
            if self.instance.pk is None:
                if cleaned.get("project") is None:
                    return cleaned  # the project field's own error says so
                self.instance.project = cleaned["project"]
            try:
                document_text_check(document=self.instance, text=text)
            except ServiceError as exc:
                self.add_error("text", exc.message)
        return cleaned


@admin.register(Document)
class DocumentAdmin(AuditedDeletes, HoldsSpans, admin.ModelAdmin):
    audit_action = AuditAction.DOCUMENT_DELETED
    audit_related = ("project",)
    """A document's text is read-only once anything annotates it (offsets would move); until then a
    changed text goes through document_text_change, which recomputes its content hash and tokens."""

    form = DocumentAdminForm
    list_display = ("id", "title", "project", "status", "external_id", "length", "token_total", "created_at")
    list_filter = ("status", "project")
    search_fields = ("title", "external_id", "text")
    fields = ("project", "title", "external_id", "status", "text", "text_lock", "meta", "content_hash", "length",
              "token_total", "token_list", "created_at", "updated_at")
    readonly_fields = ("content_hash", "token_list", "created_at", "updated_at", "length", "token_total", "text_lock")
    list_select_related = ("project",)
    show_full_result_count = False

    def delete_model(self, request, obj):
        with transaction.atomic():  # the project's kept figures lose what the document added
            document_figures_forget(document_ids=[obj.pk])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            document_figures_forget(document_ids=list(queryset.values_list("pk", flat=True)))
            super().delete_queryset(request, queryset)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(self.readonly_fields)
        if obj is not None and obj.pk:
            fields += ("project",)  # its spans' labels are the project's
            if _text_lock(obj):
                fields += ("text",)
        return fields

    def save_model(self, request, obj, form, change):
        from annotator.services.document_text import document_text_change

        if not change or "text" in form.changed_data:
            document_text_change(document=obj, text=obj.text)  # with its hash and tokens; a new document whole
        others = [name for name in form.changed_data if name != "text"]
        if change and others:
            obj.save(update_fields=[*others, "updated_at"])

    @admin.display(description="text can change?")
    def text_lock(self, obj):
        return _text_lock(obj) or ("Yes: nothing annotates this document yet. A changed text gets its content hash "
                                   "and tokens recomputed on save.")

    def get_queryset(self, request):
        # The list shows how many tokens, never the tokens: the database counts them for 100 rows.
        qs = super().get_queryset(request)
        return with_token_count(qs) if request.resolver_match and request.resolver_match.url_name.endswith("changelist") else qs

    @admin.display(description="characters")
    def length(self, obj):
        return len(obj.text)

    @admin.display(description="tokens")
    def token_total(self, obj):
        if hasattr(obj, "token_count"):  # the list: counted by the database, one short word when pending
            return "pending" if obj.token_count is None else obj.token_count
        return TOKENS_PENDING if obj.tokens is None else len(obj.tokens)

    @admin.display(description="token offsets")
    def token_list(self, obj):
        return "pending" if obj.tokens is None else obj.tokens

    actions = ["prelabel_selected"]

    @admin.action(description="Pre-label selected documents (replaces the model's prediction)")
    def prelabel_selected(self, request, queryset):
        from django.contrib import messages

        from annotator.selectors.projects import projects_of_documents
        from annotator.services.errors import ServiceError
        from annotator.services.prelabel import prelabel_start

        jobs = []
        for project, document_ids in projects_of_documents(documents=queryset):
            try:
                jobs.append(prelabel_start(project=project, document_ids=document_ids, created_by=request.user))
            except ServiceError as exc:
                self.message_user(request, f"{project}: {exc.message}", level=messages.ERROR)
        if jobs:
            self.message_user(request, f"Started pre-label jobs {', '.join(str(j.pk) for j in jobs)} for "
                                       f"{queryset.count()} documents; documents people annotated are left "
                                       f"as they are.")


class ReadOnlyAdmin:
    """Shown, never edited here: spans and relations change through the editor or the API, where the
    rules check them and the annotation's version and history record the change."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ViewOnlyAdmin(ReadOnlyAdmin):
    """Not deleted here either: a span or relation deleted alone would change an annotation with no
    version or history."""

    can_delete = False

    def has_delete_permission(self, request, obj=None):
        return False


class SpanInline(ViewOnlyAdmin, admin.TabularInline):
    model = Span
    extra = 0
    fields = ("start", "end", "label", "score", "covered_text")
    readonly_fields = fields

    @admin.display(description="text")
    def covered_text(self, obj):
        return obj.annotation.document.text[obj.start:obj.end] if obj.pk else ""


class RelationInline(ViewOnlyAdmin, admin.TabularInline):
    model = Relation
    extra = 0
    fk_name = "annotation"
    fields = ("head", "label", "child")
    readonly_fields = fields


@admin.register(Annotation)
class AnnotationAdmin(HoldsSpans, ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only (ReadOnlyAdmin); an annotation may still be deleted here, whole."""

    list_display = ("id", "document", "kind", "author", "model", "status", "version", "span_count", "updated_at")
    list_filter = ("kind", "status", "document__project")
    search_fields = ("document__title", "author__username", "model")
    raw_id_fields = ("document",)
    readonly_fields = ("version", "created_at", "updated_at")
    list_select_related = ("document", "author")
    inlines = [SpanInline, RelationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_spans=Count("spans"))

    @admin.display(description="spans", ordering="_spans")
    def span_count(self, obj):
        return obj._spans


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "project", "status", "progress_bar", "error_count", "created_by", "created_at",
                    "finished_at")
    list_filter = ("kind", "status", "project")
    search_fields = ("id", "project__name")
    readonly_fields = ("kind", "project", "status", "params", "total", "done", "progress_bar", "errors", "result",
                       "cancel_requested", "created_by", "created_at", "started_at", "finished_at", "heartbeat_at")
    list_select_related = ("project", "created_by")
    actions = ["cancel_jobs"]

    def has_add_permission(self, request):
        return False  # jobs are started by the work they track, not by hand

    @admin.display(description="progress")
    def progress_bar(self, obj):
        percent = round(obj.progress * 100)
        return format_html(
            '<div style="width:10em;background:#e4e6ef;border-radius:4px"><div style="width:{}%;background:#3d59a1;'
            'color:#fff;font-size:11px;padding:1px 4px;border-radius:4px;white-space:nowrap">{}%</div></div>'
            '<small>{} / {}</small>', percent, percent, obj.done, obj.total)

    @admin.display(description="errors")
    def error_count(self, obj):
        return len(obj.errors or [])

    @admin.action(description="Cancel selected jobs")
    def cancel_jobs(self, request, queryset):
        from annotator.services.jobs import job_cancel

        for job in queryset:
            job_cancel(job=job)
        self.message_user(request, f"Asked {queryset.count()} jobs to stop.")


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ("id", "project", "format", "status", "size", "sha256", "created_by", "created_at")
    list_filter = ("format", "job__status", "project")
    readonly_fields = ("project", "format", "options", "status", "job", "file", "manifest", "sha256", "size",
                       "created_by", "created_at", "finished_at")
    list_select_related = ("project", "created_by", "job")

    def has_add_permission(self, request):
        return False

    @admin.display(description="status", ordering="job__status")
    def status(self, obj):
        return JobStatus(obj.status).label  # its job's


@admin.register(Span)
class SpanAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ("id", "annotation", "start", "end", "label", "score")
    list_filter = ("label__project", "annotation__kind")
    search_fields = ("label__name",)
    raw_id_fields = ("annotation",)
    list_select_related = ("annotation", "label")


@admin.register(Relation)
class RelationAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ("id", "annotation", "head", "label", "child")
    list_filter = ("label__project",)
    raw_id_fields = ("annotation", "head", "child")
    list_select_related = ("annotation", "label", "head", "child")


from annotator import admin_assignments  # noqa: E402,F401  (assignments register themselves)
from annotator import admin_models  # noqa: E402,F401  (trained model versions register themselves)
from annotator import admin_security  # noqa: E402,F401  (API tokens and the audit trail, registered there)
from annotator import admin_threads  # noqa: E402,F401  (threads, flags and skips register themselves)
