"""Shared serializer pieces: strict input (unknown keys are errors) and strict JSON scalars."""
from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class StrictSerializer(serializers.Serializer):
    # An input serializer that refuses keys it does not declare: a typo is an error, not ignored.
    # (A comment, not a docstring: the schema would show it on every input that has no docstring.)

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError({key: ["unknown field"] for key in unknown})
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: refuses strings ("5"), floats (5.0) and booleans instead of converting them."""

    default_error_messages = {"invalid": "must be an integer"}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A JSON string: refuses numbers instead of turning them into text."""

    default_error_messages = {"invalid": "must be a string"}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON boolean: refuses "yes", 1 and other look-alikes."""

    default_error_messages = {"invalid": "must be true or false"}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "minLength": 1, "maxLength": 100}],
                      "description": "Any value unique within the body (integer or string)."})
class BodyIdField(serializers.Field):
    """An id a client gives a span inside one request body: an integer or a non-empty string."""

    default_error_messages = {"invalid": "must be an integer or a non-empty string of at most 100 characters"}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("invalid")
        if isinstance(data, str) and not 0 < len(data) <= 100:
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text="Where: a path such as `spans[3].end` or `[2].text`; empty for the whole body.")
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """Every 4xx body."""

    detail = serializers.CharField()
    errors = ErrorItemSerializer(many=True)
