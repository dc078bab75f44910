"""One FilterSet per listed model."""
import django_filters

from annotator.models import Document, DocumentStatus
from annotator.selectors.documents import documents_search


class DocumentFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=DocumentStatus.choices,
                                                 help_text="Only documents in this status (repeat for several).")
    q = django_filters.CharFilter(method="search", help_text="Text in the title, the text or the external id.")

    class Meta:
        model = Document
        fields = ["status", "q"]

    def search(self, queryset, name, value):
        return documents_search(queryset, q=value)
