"""Document rules: what one document record must be to be stored, whatever brought it.

A record is {"text", "title"?, "meta"?, "external_id"?}: from a request body, from a file being
imported, or from a caller of the documents service. The text must be a non-empty string of at
most MAX_DOCUMENT_CHARS code points (the setting at call time); title and external_id strings
within their column lengths; meta an object. None of them may hold what a database cannot store
(NUL, lone surrogates, non-finite numbers: annotator/rules/storable.py). Pure: the caller says
where the record came from and raises or reports the entries ({field, message}) as its
interface wants.
"""
from collections.abc import Collection

from django.conf import settings

from annotator.rules.storable import text_unstorable, value_unstorable

DOCUMENT_FIELDS = frozenset({"text", "title", "meta", "external_id"})
# Column lengths of Document.title and Document.external_id.
MAX_TITLE_CHARS = 500
MAX_EXTERNAL_ID_CHARS = 200

_TYPES = (("title", str, "a string"), ("external_id", str, "a string"), ("meta", dict, "an object"))
_LENGTHS = (("title", MAX_TITLE_CHARS), ("external_id", MAX_EXTERNAL_ID_CHARS))


def document_check(record, *, fields: Collection[str] | None = DOCUMENT_FIELDS) -> list[dict]:
    """Every problem with one record as [{"field", "message"}]; empty when it can be stored.

    `fields`: the keys a record may have (others are named "unknown field", in sorted order);
    None when other keys are not the record's business (a file's record carries its annotations).
    """
    if not isinstance(record, dict):
        return [{"field": "", "message": "expected an object with a 'text' field"}]
    errors = []
    if fields is not None:
        unknown = sorted((key for key in record if key not in fields), key=str)
        errors += [{"field": key, "message": "unknown field"} for key in unknown]
    errors += _text_errors(record.get("text"))
    for name, kind, label in _TYPES:
        if record.get(name) is not None and not isinstance(record[name], kind):
            errors.append({"field": name, "message": f"must be {label}"})
    for name, limit in _LENGTHS:
        if isinstance(record.get(name), str) and len(record[name]) > limit:
            errors.append({"field": name, "message": f"longer than {limit} characters"})
    errors += _unstorable_errors(record)
    return errors


def _unstorable_errors(record: dict) -> list[dict]:
    """What of text, title, external_id and meta a database cannot store (fields of the right type only:
    a wrong type is named above)."""
    errors = []
    for name in ("text", "title", "external_id"):
        reason = text_unstorable(record[name]) if isinstance(record.get(name), str) else ""
        if reason:
            errors.append({"field": name, "message": reason})
    meta = record.get("meta")
    problem = value_unstorable(meta) if isinstance(meta, dict) else None
    if problem is not None:
        path, reason = problem
        errors.append({"field": f"meta.{path}" if path else "meta", "message": reason})
    return errors


def _text_errors(text) -> list[dict]:
    if not isinstance(text, str):
        return [{"field": "text", "message": "required, must be a string"}]
    if not text.strip():
        return [{"field": "text", "message": "must not be empty"}]
    limit = settings.MAX_DOCUMENT_CHARS
    if len(text) > limit:
        return [{"field": "text",
                 "message": f"{len(text)} characters is over the limit of {limit} (MAX_DOCUMENT_CHARS)"}]
    return []
