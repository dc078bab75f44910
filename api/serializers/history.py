"""Versions of an annotation (its history) and the body that restores one.

Output is built by hand (`version_item`; the declared fields describe it for the schema), as
annotation objects are (api/serializers/annotations.py).
"""
from rest_framework import serializers

from annotator.models import AnnotationStatus, VersionSource
from api.serializers.base import StrictIntegerField, StrictSerializer


class VersionSpanSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Code point offset, inclusive.")
    end = serializers.IntegerField(help_text="Code point offset, exclusive.")
    label = serializers.CharField(help_text="Entity type name, as it was when the version was written.")
    text = serializers.CharField(help_text="The document text at [start, end).")
    score = serializers.FloatField(required=False, help_text="Model confidence; only on spans that have one.")


class VersionRelationSerializer(serializers.Serializer):
    head = serializers.IntegerField(help_text="Position (0-based) of the head span in this version's `spans`.")
    child = serializers.IntegerField(help_text="Position (0-based) of the child span in this version's `spans`.")
    label = serializers.CharField(help_text="Relation type name.")
    score = serializers.FloatField(required=False, help_text="A suggested relation's confidence; only on "
                                                             "relations a learned suggester proposed.")


class AnnotationVersionSerializer(serializers.Serializer):
    """One version of an annotation as it was written. Spans and relations have no ids (a version is
    not stored as spans): a relation names its spans by position in `spans`."""

    version = serializers.IntegerField(help_text="The annotation's version this content had; send it to restore.")
    author = serializers.CharField(allow_null=True, help_text="Username of who wrote this version; null for a model "
                                                              "(or a user deleted since).")
    created_at = serializers.DateTimeField()
    source = serializers.ChoiceField(choices=VersionSource.choices, help_text=(
        "Where the write came from: `editor` (the browser), `api` (a script with a token), `import` (a file), "
        "`prelabel` (a pre-label job), `review` (a gold save), `restore` (a restore of an earlier version)."))
    status = serializers.ChoiceField(choices=AnnotationStatus.choices)
    model_version = serializers.CharField(allow_null=True, help_text="Model version of a prediction; null otherwise.")
    spans = VersionSpanSerializer(many=True)
    relations = VersionRelationSerializer(many=True)


def version_item(row: dict, text: str) -> dict:
    """What AnnotationVersionSerializer writes, from a row of annotator.selectors.history.VERSION_VALUES."""
    spans = []
    for span in row["spans"]:
        start, end = span["start"], span["end"]
        item = {"start": start, "end": end, "label": span["label"], "text": text[start:end]}
        if span.get("score") is not None:
            item["score"] = span["score"]
        spans.append(item)
    return {
        "version": row["version"],
        "author": row["author__username"],
        "created_at": _DATETIME.to_representation(row["created_at"]),
        "source": row["source"],
        "status": row["status"],
        "model_version": row["model_version"] or None,
        "spans": spans,
        "relations": [{"head": r["head"], "child": r["child"], "label": r["label"],
                       **({"score": r["score"]} if r.get("score") is not None else {})} for r in row["relations"]],
    }


_DATETIME = serializers.DateTimeField()


class RestoreBodySerializer(StrictSerializer):
    """Which version to bring back, and the version you loaded (compare-and-set, as in a PUT)."""

    version = StrictIntegerField(min_value=1, help_text="The `version` of a history item to bring back.")
    current_version = StrictIntegerField(min_value=1, help_text=(
        "The annotation's `version` you loaded; if it changed since, the answer is 409 and nothing changes."))
