"""JSON text of values exactly as `json.dumps(value, ensure_ascii=False, separators=(", ", ": "))`
writes it, for writers that put out one line per document at export speed.

`json.dumps` with separators of its own builds a new encoder on every call, and a record turned
into dicts to dump costs as much again: for the jsonl export of a 450-word document that was about
half the time spent writing it. Here a line is assembled from the JSON text of its parts: strings
through the same C function `json.dumps` uses, integers and floats through the same `repr`, and
anything else (a bool, a float that is not finite, a list, a dict, a subclass) through one shared
encoder with `json.dumps`'s settings, so every byte is what `json.dumps` would have written
(tests/formats/test_json_text.py compares them on generated values).
"""
from __future__ import annotations

import json
import math
from json.encoder import encode_basestring

# The encoder json.dumps(..., ensure_ascii=False, separators=(", ", ": ")) makes for each call.
ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
_int_text = int.__repr__
_float_text = float.__repr__


def json_text(value) -> str:
    """`json.dumps(value, ensure_ascii=False, separators=(", ", ": "))`, for any value."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return _int_text(value)
    if value is None:
        return "null"
    if kind is float and math.isfinite(value):
        return _float_text(value)
    return ENCODER.encode(value)


def json_list_text(values) -> str:
    """The JSON text of a list of `values` (any iterable)."""
    return "[" + ", ".join([json_text(value) for value in values]) + "]"
