"""What a database can store: one rule for every write path (API bodies, imported files, the admin).

Lone UTF-16 surrogates (a JSON "\\ud800" escape without its pair, or a file's text decoded with
surrogate escapes) are not Unicode text: no database or tokenizer can encode them. NUL is valid
Unicode, but PostgreSQL refuses it in text and jsonb; it is refused on SQLite too, so both
databases accept the same data. Non-finite numbers (1e999, NaN) have no JSON spelling, so a
document's meta or a span's score holding one could not be exported. Values nested deeper than
MAX_JSON_DEPTH are refused: Python's JSON encoder (used when a JSON field is stored) gives up
near a thousand levels, and no record needs more.

Pure: reasons come back as strings naming the value's position, never quoting what cannot be
stored (keys are named with escapes), so the caller can put them in an error body or a job's
errors as they are.
"""
import json
import math
import re

MAX_JSON_DEPTH = 100
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_unstorable(text: str) -> str:
    """Why this string cannot be stored ("" when it can): a NUL or a lone surrogate, and where."""
    # Fast paths (a record is mostly text): an ASCII string can only hold NUL, and encoding to
    # UTF-8 fails exactly on surrogates; the search below then says where.
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


def value_unstorable(data) -> tuple[str, str] | None:
    """The first part of a JSON-like value (dicts, lists, strings, numbers) that cannot be stored,
    as (path, reason) with paths like `[2].meta.source` ("" for the value itself); None if all can.

    Iterative (no recursion limit to hit), and scalars are checked where they are found rather than
    pushed on the stack. A value of few items (a list of 1,000 documents: long texts, a few fields
    each) is walked at once: each string is looked at in C (text_unstorable), which is quicker than
    encoding it. One of many small items (a body of 10,000 spans) is told by the JSON encoder, in C
    (`_storable_at_once`), once the walk has gone WALK_FIRST items without an answer; the walk then
    runs whole only when the encoder cannot tell, and says where.
    """
    if not isinstance(data, (dict, list, tuple)):
        problem = _scalar_problem(data)
        return ("", problem) if problem else None
    found = _walk(data, budget=WALK_FIRST)
    if found is not _UNTOLD:
        return found
    return None if _storable_at_once(data) else _walk(data)


WALK_FIRST = 10_000  # items the walk goes through before the encoder is asked
_UNTOLD = object()


def _walk(data, *, budget: int | None = None):
    """value_unstorable's walk of a container; _UNTOLD when `budget` items were not enough to tell."""
    stack = [(data, "", 0)]
    left = budget
    while stack:
        container, path, depth = stack.pop()
        if depth >= MAX_JSON_DEPTH:
            return path, f"nested more than {MAX_JSON_DEPTH} levels deep"
        if left is not None:
            left -= len(container)
            if left < 0:
                return _UNTOLD
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in items:
            if isinstance(key, str) and isinstance(container, dict):
                reason = text_unstorable(key)
                if reason:  # named with escapes: an error cannot carry what the key holds
                    return _join(path, _escaped(key)), f"key {reason}"
                where = None
            else:
                where = f"{path}[{key}]"
            if isinstance(value, (dict, list, tuple)):
                stack.append((value, where or _join(path, key), depth + 1))
            elif not isinstance(value, (int, bool)) and value is not None:
                problem = _scalar_problem(value)
                if problem:
                    return where or _join(path, key), problem
    return None


def _storable_at_once(data) -> bool:
    """True only when nothing in `data` is unstorable (False: look closer, maybe something is).
    The encoder refuses non-finite numbers (allow_nan=False) and anything not JSON; it writes a NUL
    as the escape \\u0000 and, with ensure_ascii=False, a lone surrogate as it is, which UTF-8
    cannot encode; nesting is at most the number of brackets written, and when they are that many
    (a list of a thousand records) the containers alone are walked for their depth."""
    if not isinstance(data, (dict, list)):
        return False
    try:
        encoded = json.dumps(data, ensure_ascii=False, allow_nan=False, check_circular=False)
        encoded.encode("utf-8")
    except (ValueError, TypeError, RecursionError, UnicodeEncodeError):
        return False
    if "\\u0000" in encoded:
        return False
    return encoded.count("[") + encoded.count("{") < MAX_JSON_DEPTH or _shallow(data)


def _shallow(data) -> bool:
    """Whether no container in `data` lies MAX_JSON_DEPTH or more levels down (`data` itself at 0), as
    value_unstorable's walk counts them; only containers go on the stack."""
    stack = [(data, 0)]
    while stack:
        container, depth = stack.pop()
        if depth >= MAX_JSON_DEPTH:
            return False
        values = container.values() if isinstance(container, dict) else container
        stack.extend((value, depth + 1) for value in values if isinstance(value, (dict, list, tuple)))
    return True


def _scalar_problem(value) -> str:
    if isinstance(value, str):
        return text_unstorable(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "number out of range: not a finite number"
    return ""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _escaped(text: str) -> str:
    return _UNSTORABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
