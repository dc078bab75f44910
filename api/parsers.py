"""Request parsers: JSON that never turns a malformed body into a 500."""
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's strict JSON parser (no NaN), also refusing bodies nested too deeply to parse."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None


# The API speaks JSON; the token endpoint also takes a form, the import endpoint a multipart upload.
PARSERS = [JSONParser]
FORM_PARSERS = [JSONParser, parsers.FormParser, parsers.MultiPartParser]
