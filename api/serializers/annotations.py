"""Annotation objects and the PUT bodies that replace one whole.

Output is built by hand (the declared fields describe it for the schema): a document may carry
thousands of spans, and DRF's per-field machinery would dominate the response time.
"""
from rest_framework import serializers

from annotator.models import AnnotationKind, AnnotationStatus
from annotator.rules import DECISION_VALUES, annotation_size_check
from annotator.rules.decisions import MAX_MODEL_CHARS, MAX_MODEL_VERSION_CHARS
from api.serializers.base import BodyIdField, StrictBooleanField, StrictCharField, StrictIntegerField, StrictSerializer


class SpanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.IntegerField(help_text="Code point offset, inclusive.")
    end = serializers.IntegerField(help_text="Code point offset, exclusive.")
    label = serializers.CharField(help_text="Entity type name.")
    text = serializers.CharField(help_text="The document text at [start, end).")
    score = serializers.FloatField(required=False, help_text="Model confidence; only on spans that have one.")

    def to_representation(self, span):
        text = self.context["text"]
        item = {"id": span.pk, "start": span.start, "end": span.end, "label": span.label.name,
                "text": text[span.start:span.end]}
        if span.score is not None:
            item["score"] = span.score
        return item


class RelationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    head = serializers.IntegerField(help_text="Span id.")
    child = serializers.IntegerField(help_text="Span id.")
    label = serializers.CharField(help_text="Relation type name.")
    score = serializers.FloatField(required=False, help_text="A suggested relation's confidence in [0, 1]; only on "
                                                             "relations a learned suggester proposed.")

    def to_representation(self, relation):
        item = {"id": relation.pk, "head": relation.head_id, "child": relation.child_id, "label": relation.label.name}
        if relation.score is not None:
            item["score"] = relation.score
        return item


class DecisionSerializer(serializers.Serializer):
    """A person's decision on a model's suggestion (a span of a prediction), saved with their annotation."""

    start = serializers.IntegerField(help_text="Code point offset of the suggested span, inclusive.")
    end = serializers.IntegerField(help_text="Code point offset, exclusive.")
    label = serializers.CharField(help_text="Entity type name of the suggestion.")
    model = serializers.CharField(help_text="`model` of the prediction the suggestion came from.")
    model_version = serializers.CharField(allow_blank=True,
                                          help_text="`model_version` of that prediction (\"\" when it has none).")
    decision = serializers.ChoiceField(choices=DECISION_VALUES)


class AnnotationSerializer(serializers.Serializer):
    """A prediction, a person's annotation or the gold annotation; spans and relations in stored (body) order."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AnnotationKind.choices)
    author = serializers.CharField(allow_null=True, help_text="Username; null for a model's prediction.")
    model = serializers.CharField(allow_null=True, help_text="Model name for predictions; null otherwise.")
    model_version = serializers.CharField(allow_null=True,
                                          help_text="Model version for predictions; null when there is none.")
    status = serializers.ChoiceField(choices=AnnotationStatus.choices)
    version = serializers.IntegerField(help_text="Send it back in a PUT; a stale version gets 409.")
    updated_at = serializers.DateTimeField()
    spans = SpanSerializer(many=True)
    relations = RelationSerializer(many=True)
    decisions = DecisionSerializer(many=True, help_text=(
        "The suggestions (predicted spans) the author accepted or rejected, in the order saved; empty for a "
        "prediction. A suggestion with a decision here is not pending any more for whoever reads this annotation."))

    def to_representation(self, annotation):
        span = SpanSerializer(context=self.context)
        return {
            "id": annotation.pk,
            "kind": annotation.kind,
            "author": annotation.author.username if annotation.author_id else None,
            "model": annotation.model or None,
            "model_version": annotation.model_version or None,
            "status": annotation.status,
            "version": annotation.version,
            "updated_at": serializers.DateTimeField().to_representation(annotation.updated_at),
            "spans": [span.to_representation(s) for s in annotation.spans.all()],
            "relations": [RelationSerializer.to_representation(None, r) for r in annotation.relations.all()],
            "decisions": annotation.decisions,
        }


def annotation_object(row: dict, spans: list[tuple], relations: list[tuple], text: str) -> dict:
    """What AnnotationSerializer writes, from plain rows (annotator.selectors.annotations:
    a dict of ANNOTATION_VALUES, and the annotation_items of the annotation)."""
    span_items = []
    for span_id, start, end, label, score in spans:
        item = {"id": span_id, "start": start, "end": end, "label": label, "text": text[start:end]}
        if score is not None:
            item["score"] = score
        span_items.append(item)
    return {
        "id": row["id"],
        "kind": row["kind"],
        "author": row["author__username"],
        "model": row["model"] or None,
        "model_version": row["model_version"] or None,
        "status": row["status"],
        "version": row["version"],
        "updated_at": _DATETIME.to_representation(row["updated_at"]),
        "spans": span_items,
        "relations": [{"id": pk, "head": head, "child": child, "label": label,
                       **({"score": score} if score is not None else {})}
                      for pk, head, child, label, score in relations],
        "decisions": row["decisions"],
    }


_DATETIME = serializers.DateTimeField()


class SpanInputSerializer(StrictSerializer):
    id = BodyIdField(required=False, allow_null=True)
    start = StrictIntegerField(min_value=0, help_text="Code point offset, inclusive.")
    end = StrictIntegerField(min_value=0, help_text="Code point offset, exclusive.")
    label = StrictCharField(max_length=100, trim_whitespace=False, help_text="Entity type name.")
    text = StrictCharField(required=False, allow_blank=True, trim_whitespace=False,
                                 help_text="Optional; when sent it must equal the document text at [start, end).")
    score = serializers.FloatField(required=False, allow_null=True)


class RelationInputSerializer(StrictSerializer):
    id = BodyIdField(required=False, allow_null=True, help_text="Ignored (relations get new ids).")
    head = BodyIdField(help_text="The `id` of a span in this body.")
    child = BodyIdField(help_text="The `id` of a span in this body.")
    label = StrictCharField(max_length=100, trim_whitespace=False, help_text="Relation type name.")


class DecisionInputSerializer(StrictSerializer):
    start = StrictIntegerField(min_value=0, help_text="Code point offset of the suggested span, inclusive.")
    end = StrictIntegerField(min_value=0, help_text="Code point offset, exclusive.")
    label = StrictCharField(max_length=100, trim_whitespace=False, help_text="Entity type name of the suggestion.")
    model = StrictCharField(max_length=MAX_MODEL_CHARS, trim_whitespace=False,
                            help_text="`model` of the prediction the suggestion came from.")
    model_version = StrictCharField(required=False, allow_null=True, allow_blank=True, trim_whitespace=False,
                                    max_length=MAX_MODEL_VERSION_CHARS,
                                    help_text="`model_version` of that prediction (absent, null or \"\": none).")
    decision = serializers.ChoiceField(choices=DECISION_VALUES)
    text = StrictCharField(required=False, allow_blank=True, trim_whitespace=False,
                           help_text="Optional, not stored; when sent it must equal the document text at [start, end).")


class _AnnotationBodySerializer(StrictSerializer):
    # Keys of an annotation object a client may send back unchanged; they are ignored.
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    author = serializers.CharField(read_only=True)
    model = serializers.CharField(read_only=True)
    model_version = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    spans = SpanInputSerializer(many=True)
    relations = RelationInputSerializer(many=True, required=False, default=list)
    version = StrictIntegerField(required=False, allow_null=True, min_value=0,
                                 help_text="The version you loaded; omit (or send 0) for a first save.")
    decisions = DecisionInputSerializer(many=True, required=False, help_text=(
        "Your decisions on the model's suggestions (predicted spans), stored whole in place of the saved ones. "
        "Absent: the saved decisions stay as they are (a script that does not know this field wipes nothing); "
        "`[]` clears them. At most MAX_SPANS_PER_ANNOTATION items, no two on the same (start, end, label, model)."))

    def to_internal_value(self, data):
        # A body over the size rule is not validated item by item (slow on a huge body): its lists go
        # on as sent, and the save service refuses it whole (413) by that same rule before it reads
        # an item (annotator/services/annotations.py).
        if isinstance(data, dict) and annotation_size_check(spans=data.get("spans"), relations=data.get("relations"),
                                                            decisions=data.get("decisions")):
            lists = {name: data[name] if isinstance(data.get(name), list) else [] for name in ("spans", "relations")}
            if isinstance(data.get("decisions"), list):
                lists["decisions"] = data["decisions"]
            return lists
        return super().to_internal_value(data)


class AnnotationBodySerializer(_AnnotationBodySerializer):
    """Your annotation, whole: spans with ids unique in the body, relations between those ids."""

    submit = StrictBooleanField(required=False, default=False,
                                help_text="Mark the annotation submitted (the document becomes `submitted`).")
    active_ms = StrictIntegerField(required=False, min_value=0, help_text=(
        "Milliseconds the person actively worked on the document since their last save (the editor counts "
        "time while its tab is visible and the person acted in the last 60 s); added to the annotation's time "
        "spent, which the stats sum per annotator and per document. At most MAX_ACTIVE_MS_PER_SAVE."))


class GoldBodySerializer(_AnnotationBodySerializer):
    """The gold annotation, whole; the document becomes `gold`."""
