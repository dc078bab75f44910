"""One FilterSet per listed model."""
import django_filters

from annotator.models import Document, DocumentStatus, Job, JobKind, JobStatus
from annotator.selectors.document_search import documents_in_order, documents_search

DOCUMENT_ORDERINGS = ("id", "-id", "disagreement", "-disagreement")


class DocumentFilter(django_filters.FilterSet):
    # distinct=False: a document has one status, no join repeats it; DISTINCT made the page's count
    # read every matching row whole (text and tokens) instead of counting the index.
    status = django_filters.MultipleChoiceFilter(choices=DocumentStatus.choices, distinct=False,
                                                 help_text="Only documents in this status (repeat for several).")
    q = django_filters.CharFilter(method="search", help_text=(
        "Words in the title, the text or the external id: every word of `q` as the beginning of a word, case and "
        "accents ignored (`nair` finds Nairobi); text in a script without spaces (Chinese, Japanese, Thai) and "
        "words without a letter or digit are matched as a substring."))
    ordering = django_filters.ChoiceFilter(
        choices=[(value, value) for value in DOCUMENT_ORDERINGS], method="order", empty_label=None,
        help_text="`id` (default) or `-id`; `-disagreement` lists the documents annotators disagree on most first "
                  "(the review queue's order; ties by id) and adds `disagreement` (0..1) to each item.")

    class Meta:
        model = Document
        fields = ["status", "q", "ordering"]

    def search(self, queryset, name, value):
        view = (getattr(self.request, "parser_context", None) or {}).get("view")
        project = getattr(view, "project", None)
        return documents_search(queryset, q=value, project_id=project.pk if project is not None else None)

    def order(self, queryset, name, value):
        # Disagreement orders through the kept figure: the view ranks by it (selectors.review.documents_ranked).
        return documents_in_order(queryset, descending=value == "-id") if value in ("id", "-id") else queryset


class JobFilter(django_filters.FilterSet):
    # distinct=False, as for documents: a job has one status and one kind, and DISTINCT over its rows
    # (params and result JSON included) only cost the list and its count.
    status = django_filters.MultipleChoiceFilter(choices=JobStatus.choices, distinct=False,
                                                 help_text="Only jobs in this status (repeat for several).")
    kind = django_filters.MultipleChoiceFilter(choices=JobKind.choices, distinct=False,
                                               help_text="Only jobs of this kind.")

    class Meta:
        model = Job
        fields = ["status", "kind"]
