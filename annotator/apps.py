from django.apps import AppConfig


class AnnotatorConfig(AppConfig):
    name = "annotator"
    verbose_name = "Annotation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from annotator import audit_signals, signals  # noqa: F401  (audit trail; worker start-up hooks)
        from annotator.figures_triggers import status_triggers_ensure
        from annotator.services.search_index import search_triggers_ensure

        # A table remade by a migration on SQLite loses its triggers: the search index's and the status
        # counts' are put back (and the statuses counted again).
        post_migrate.connect(search_triggers_ensure, sender=self, dispatch_uid="search_triggers_ensure")
        post_migrate.connect(status_triggers_ensure, sender=self, dispatch_uid="status_triggers_ensure")
