"""Assignments: the body that reserves documents for a person, and the figures per person."""
from rest_framework import serializers

from annotator.services.assignments import ASSIGNABLE_STATUSES
from api.serializers.base import StrictCharField, StrictIntegerField, StrictSerializer


class AssignInputSerializer(StrictSerializer):
    """Either `count` (the next documents in `statuses` assigned to nobody, by id) or `documents` (ids)."""

    username = StrictCharField(max_length=150)
    count = StrictIntegerField(min_value=1, required=False)
    documents = serializers.ListField(child=StrictIntegerField(min_value=1), required=False, allow_empty=False)
    statuses = serializers.ListField(child=serializers.ChoiceField(choices=ASSIGNABLE_STATUSES), required=False,
                                     help_text="With `count`: statuses to pick from (default new and prelabeled).")

    def validate(self, data):
        if ("count" in data) == ("documents" in data):
            raise serializers.ValidationError({"count": ["give either count or documents"]})
        return data


class AssignedSerializer(serializers.Serializer):
    username = serializers.CharField()
    assigned = serializers.IntegerField(help_text="Documents newly assigned by this request.")
    ids = serializers.ListField(child=serializers.IntegerField())


class ReleaseInputSerializer(StrictSerializer):
    username = StrictCharField(max_length=150)


class ReleasedSerializer(serializers.Serializer):
    username = serializers.CharField()
    released = serializers.IntegerField(help_text="Assigned documents given back (those not yet submitted).")


class AssignmentFiguresSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField(allow_null=True, help_text="Null for someone no longer a member.")
    assigned = serializers.IntegerField()
    done = serializers.IntegerField(help_text="Assigned documents they submitted, or that became gold.")
    open = serializers.IntegerField()
