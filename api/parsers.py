"""Request parsers: JSON that never turns a malformed or unstorable body into a 500."""
import math
import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

# Deeper bodies are refused: no request of this API needs more, and Python's JSON encoder
# (used when a JSON field is stored) gives up near a thousand levels.
MAX_JSON_DEPTH = 100
# Lone UTF-16 surrogates (a JSON "\ud800" escape without its pair) are not Unicode text: no
# database or tokenizer can encode them. A well-formed pair is decoded into one code point.
# NUL is valid JSON and Unicode, but PostgreSQL refuses it in text and jsonb; it is refused on SQLite
# too, so both databases accept the same bodies.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class JSONParser(parsers.JSONParser):
    """DRF's strict JSON parser (no NaN), also refusing what cannot be stored: bodies nested too
    deeply, numbers too large to be finite (1e999), and strings with NUL characters (PostgreSQL
    refuses them) or lone surrogates. Errors name the field as a path (`[2].meta.source`)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        problem = unstorable(data)
        if problem is not None:
            field, message = problem
            raise ValidationError({field: [message]})
        return data


def unstorable(data) -> tuple[str, str] | None:
    """The first value of a parsed JSON body that cannot be stored, as (field path, reason); None if all can.

    Iterative (no recursion limit to hit), and scalars are checked where they are found rather than
    pushed on the stack: a body of 10,000 spans takes tens of milliseconds (its save, a second).
    """
    problem = _value_problem(data)
    if problem:
        return "", problem
    stack = [(data, "", 0)] if isinstance(data, (dict, list)) else []
    while stack:
        container, path, depth = stack.pop()
        if depth >= MAX_JSON_DEPTH:
            return path, f"nested more than {MAX_JSON_DEPTH} levels deep"
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in items:
            if isinstance(key, str):
                reason = _text_problem(key)
                if reason:  # named with escapes: the error body cannot carry what the key holds
                    return _join(path, _escaped(key)), f"key {reason}"
                where = None
            else:
                where = f"{path}[{key}]"
            if isinstance(value, (dict, list)):
                stack.append((value, where or _join(path, key), depth + 1))
            elif not isinstance(value, (int, bool)) and value is not None:
                problem = _value_problem(value)
                if problem:
                    return where or _join(path, key), problem
    return None


def _value_problem(value) -> str:
    if isinstance(value, str):
        return _text_problem(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "number out of range: not a finite number"
    return ""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _escaped(text: str) -> str:
    return _UNSTORABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def _text_problem(text: str) -> str:
    # Fast paths (a body of 1,000 articles is mostly text): an ASCII string can only hold NUL, and
    # encoding to UTF-8 fails exactly on surrogates; the search below then says where.
    if "\x00" not in text:
        if text.isascii():
            return ""
        try:
            text.encode("utf-8")
            return ""
        except UnicodeEncodeError:
            pass
    found = _UNSTORABLE.search(text)
    if found is None:
        return ""
    if found.group() == "\x00":
        return f"contains a NUL character (\\u0000) at index {found.start()}, which cannot be stored"
    return (f"contains a lone surrogate (\\u{ord(found.group()):04x}) at index {found.start()}, "
            "which is not Unicode text; send the character itself, or both halves of its pair")


# The API speaks JSON; the token endpoint also takes a form, the import endpoint a multipart upload.
PARSERS = [JSONParser]
FORM_PARSERS = [JSONParser, parsers.FormParser, parsers.MultiPartParser]
