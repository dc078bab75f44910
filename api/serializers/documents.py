"""Documents (never with their annotations) and the bodies that add them."""
from rest_framework import serializers

from annotator.formats.records import RawJson
from annotator.models import Document
from annotator.rules.documents import MAX_EXTERNAL_ID_CHARS, MAX_TITLE_CHARS
from annotator.selectors.document_tokens import pending_tokens_json


class DocumentSerializer(serializers.ModelSerializer):
    tokens = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField(), min_length=2,
                                                               max_length=2),
                                   help_text="[[start, end], ...] token offsets in code points.")

    class Meta:
        model = Document
        fields = ["id", "project", "title", "text", "meta", "external_id", "status", "tokens"]
        read_only_fields = fields

    def to_representation(self, document):
        # Built by hand (the declared fields describe it for the schema): the tokens are hundreds
        # of pairs, and when the queryset read them as stored JSON text (`tokens_json`, see
        # annotator/selectors/documents.py) they go out as that text (api/renderers.py).
        # Tokens still pending (a worker has not filled them yet) are computed as the worker will store them.
        if hasattr(document, "tokens_json"):
            raw = document.tokens_json
            tokens = RawJson(raw if raw is not None else self._pending_tokens(document))
        else:
            tokens = document.tokens
            if tokens is None:
                tokens = RawJson(self._pending_tokens(document))
        return {"id": document.pk, "project": document.project_id, "title": document.title, "text": document.text,
                "meta": document.meta, "external_id": document.external_id, "status": document.status,
                "tokens": tokens}


    def _pending_tokens(self, document) -> str:
        project = getattr(self.context.get("view"), "project", None)  # a project's list: no query per document
        if project is None or project.pk != document.project_id:
            project = document.project
        return pending_tokens_json(texts={document.pk: document.text}, model=project.spacy_model)[document.pk]


class DocumentListItemSerializer(DocumentSerializer):
    """A list item: the document object, plus `disagreement` when the list is ordered by it."""

    disagreement = serializers.FloatField(
        required=False, help_text="Only with ?ordering=(-)disagreement: 1 - mean exact span F1 between the "
                                  "submitted annotations (or against the prediction when one person submitted).")

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "disagreement"]
        read_only_fields = DocumentSerializer.Meta.fields


class DocumentInputSerializer(serializers.Serializer):
    """One document to add (for the schema; the whole body is checked by annotator/rules/documents.py)."""

    text = serializers.CharField(help_text="Stored exactly as sent; offsets count its code points.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TITLE_CHARS)
    meta = serializers.DictField(required=False)
    external_id = serializers.CharField(required=False, allow_blank=True, max_length=MAX_EXTERNAL_ID_CHARS)


class DocumentsAddedSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField(
        help_text="Texts already in the project (or repeated in the body): not stored again.")
    ids = serializers.ListField(child=serializers.IntegerField(),
                                help_text="Ids of the created documents, in body order.")
