"""Request parsers: JSON that never turns a malformed or unstorable body into a 500."""
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from annotator.rules.storable import value_unstorable


class JSONParser(parsers.JSONParser):
    """DRF's strict JSON parser (no NaN), also refusing what cannot be stored (annotator/rules/storable.py,
    the rule imported files and the admin follow too): bodies nested too deeply, numbers too large to be
    finite (1e999), and strings with NUL characters (PostgreSQL refuses them) or lone surrogates.
    Errors name the field as a path (`[2].meta.source`)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        problem = value_unstorable(data)
        if problem is not None:
            field, message = problem
            raise ValidationError({field: [message]})
        return data


# The API speaks JSON; the token endpoint also takes a form, the import endpoint a multipart upload.
PARSERS = [JSONParser]
FORM_PARSERS = [JSONParser, parsers.FormParser, parsers.MultiPartParser]
