"""Personal API tokens: listed without their key; the key comes once, in the answer that made it."""
from rest_framework import serializers

from annotator.models import ApiToken
from api.serializers.base import StrictBooleanField, StrictCharField, StrictSerializer


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "read_only", "created_at", "expires_at", "last_used_at"]
        read_only_fields = fields


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(help_text="The key, shown this once: send as `Authorization: Token <token>`.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class ApiTokenInputSerializer(StrictSerializer):
    name = StrictCharField(max_length=100)
    read_only = StrictBooleanField(required=False, help_text="Reads and export downloads only.")
    expires_at = serializers.DateTimeField(required=False, allow_null=True, help_text="Never, when absent or null.")
