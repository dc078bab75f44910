"""Trained model versions in the admin: status and scores, promote, evaluate on gold, pre-label, delete."""
from django.contrib import admin

from annotator.models import JobStatus, TrainedModel


@admin.register(TrainedModel)
class TrainedModelAdmin(admin.ModelAdmin):
    """Versions trained on a project's gold; started from the project's "Train a model on gold" action."""

    list_display = ("project", "label", "name", "status", "base", "test_f1", "base_test_f1", "relations",
                    "auto_train", "created_by", "created_at", "finished_at")
    list_filter = ("job__status", "base", "project")
    search_fields = ("name", "project__name")
    readonly_fields = ("project", "version", "name", "path", "base", "base_model", "status", "relations", "auto_train",
                       "metrics", "job", "created_by", "created_at", "finished_at")
    list_select_related = ("project", "created_by", "job")
    actions = ["prelabel_with_model", "promote_model", "evaluate_model"]

    def has_add_permission(self, request):
        return False  # made by a train job

    @admin.display(description="status", ordering="job__status")
    def status(self, obj):
        return JobStatus(obj.status).label  # its job's

    @staticmethod
    def _micro_f1(obj, who: str):
        scores = (obj.metrics.get("test") or {}).get(who) or {}
        return (scores.get("micro") or {}).get("f1", "–")

    @admin.display(description="test F1")
    def test_f1(self, obj):
        return self._micro_f1(obj, "trained")

    @admin.display(description="base test F1")
    def base_test_f1(self, obj):
        return self._micro_f1(obj, "base")

    @admin.display(description="relations")
    def relations(self, obj):
        """The relation suggester this version learned (its test F1), or why the rules suggest instead."""
        entry = obj.metrics.get("relations") or {}
        if entry.get("model"):
            return f"learned from {entry['train_relations']} gold relations; test F1 " \
                   f"{((entry.get('test') or {}).get('micro') or {}).get('f1', '–')}"
        return entry.get("reason", "–")

    @admin.display(description="auto-train")
    def auto_train(self, obj):
        """What auto-train decided for this version (empty for one a person started)."""
        entry = obj.metrics.get("auto_train")
        if not entry:
            return ""
        verdict = "promoted" if entry["promoted"] else f"kept {entry['default_model']}"
        return f"{verdict}: F1 {entry['trained_f1']} against {entry['default_f1']} ({entry['figure']})"

    def delete_model(self, request, obj):
        from annotator.services.model_registry import trained_model_delete

        trained_model_delete(trained=obj)

    def delete_queryset(self, request, queryset):
        from annotator.services.model_registry import trained_model_delete

        for trained in queryset:
            trained_model_delete(trained=trained)

    def _for_each_version(self, request, queryset, act) -> None:
        """Run `act` (which answers the message to show) on each selected version; a refusal is shown, not raised."""
        from django.contrib import messages

        from annotator.services.errors import ServiceError

        for trained in queryset.select_related("project"):
            try:
                said = act(trained)
            except ServiceError as exc:
                self.message_user(request, f"{trained.project} {trained.label}: {exc.message}", level=messages.ERROR)
            else:
                self.message_user(request, said)

    @admin.action(description="Make this version the project's default model (pre-labeling uses it)")
    def promote_model(self, request, queryset):
        from annotator.services.model_registry import model_promote

        def promote(trained):
            model_promote(project=trained.project, model=trained.label)
            return f"{trained.project}: {trained.label} ({trained.name}) is the default model."

        self._for_each_version(request, queryset, promote)

    @admin.action(description="Evaluate on gold (predict every gold document)")
    def evaluate_model(self, request, queryset):
        from annotator.services.evaluate import evaluate_start

        def evaluate(trained):
            job = evaluate_start(project=trained.project, model=trained.label, created_by=request.user)
            return f"{trained.project}: evaluate job {job.pk} with {trained.label} started."

        self._for_each_version(request, queryset, evaluate)

    @admin.action(description="Pre-label new documents with this model")
    def prelabel_with_model(self, request, queryset):
        from annotator.services.prelabel import prelabel_start

        def prelabel(trained):
            job = prelabel_start(project=trained.project, model=trained.label, created_by=request.user)
            return f"{trained.project}: pre-label job {job.pk} with {trained.label} started."

        self._for_each_version(request, queryset, prelabel)
