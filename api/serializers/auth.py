from rest_framework import serializers

from api.serializers.base import StrictBooleanField, StrictCharField, StrictSerializer


class TokenInputSerializer(StrictSerializer):
    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    name = StrictCharField(max_length=100, required=False, help_text="The new token's name (default: the client's).")
    read_only = StrictBooleanField(required=False, help_text="A token for reads and export downloads only.")


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
