"""Review decisions: which of a model's suggestions a person accepted or rejected, saved with their annotation.

A decision is {"start", "end", "label", "model", "model_version", "decision"}: the suggested span
(code point offsets of the document text, end exclusive, a label of the project) and the
prediction it came from (its model name and version), with "accepted" or "rejected". Stored on
the annotation (`Annotation.decisions`) so another browser, and the reviewer, see the same state;
the stats count them per model version and label (annotator/metrics/decisions.py).
"""
from collections.abc import Collection, Mapping, Sequence

from annotator.rules.annotations import MAX_REPORTED_ERRORS
from annotator.rules.storable import text_unstorable

DECISION_VALUES = ("accepted", "rejected")
DECISION_FIELDS = ("start", "end", "label", "model", "model_version", "decision")
# `text` may be sent (it must then equal the document text at [start, end), which catches offsets
# counted in UTF-16 units); it is not stored.
_ACCEPTED_KEYS = frozenset(DECISION_FIELDS) | {"text"}
MAX_MODEL_CHARS = 500  # Annotation.model
MAX_MODEL_VERSION_CHARS = 100  # Annotation.model_version


def decisions_check(*, decisions: Sequence, text: str, labels: Collection[str]) -> list[dict]:
    """Every problem with the list as [{"field": "decisions[3].end", "message"}], in body order; empty
    when it can be stored. Checks shape and meaning: an object with exactly the known keys, integer
    offsets inside the text with start < end, a project label, a non-empty model name, a string
    model_version (may be empty or absent), `decision` one of DECISION_VALUES, and no two decisions on
    the same (start, end, label, model). At most MAX_REPORTED_ERRORS problems."""
    if not isinstance(decisions, list | tuple):
        return [{"field": "decisions", "message": "must be a list"}]
    errors: list[dict] = []
    seen: dict[tuple, int] = {}
    for index, item in enumerate(decisions):
        where = f"decisions[{index}]"
        if not isinstance(item, Mapping):
            errors.append({"field": where, "message": "must be an object"})
            continue
        found = len(errors)
        errors += [{"field": f"{where}.{key}", "message": "unknown field"}
                   for key in sorted(map(str, item)) if key not in _ACCEPTED_KEYS]
        offsets_good = _offsets_check(item.get("start"), item.get("end"), text, where, errors)
        label = item.get("label")
        if label not in labels:
            known = ", ".join(sorted(labels)) or "none"
            errors.append({"field": f"{where}.label", "message": f"unknown label {label!r} (project labels: {known})"})
        _names_check(item, where, errors)
        if item.get("decision") not in DECISION_VALUES:
            errors.append({"field": f"{where}.decision",
                           "message": f"{item.get('decision')!r} is not one of: {', '.join(DECISION_VALUES)}"})
        if offsets_good:
            _quoted_check(item, text, where, errors)
        if len(errors) > found:
            continue
        key = (item["start"], item["end"], label, item["model"])
        if key in seen:
            errors.append({"field": where, "message": f"duplicate of decisions[{seen[key]}] ({label} at "
                                                      f"[{key[0]}, {key[1]}) from {key[3]!r})"})
        else:
            seen[key] = index
    return errors[:MAX_REPORTED_ERRORS]


def decisions_stored(decisions: Sequence[Mapping]) -> list[dict]:
    """A checked list (decisions_check found nothing) as it is stored and answered: the six fields
    of DECISION_FIELDS in that order (model_version "" when absent; `text` left out), body order."""
    return [{"start": item["start"], "end": item["end"], "label": item["label"], "model": item["model"],
             "model_version": item.get("model_version") or "", "decision": item["decision"]}
            for item in decisions]


def _offsets_check(start, end, text: str, where: str, errors: list[dict]) -> bool:
    if type(start) is int and type(end) is int and 0 <= start < end <= len(text):
        return True
    good = True
    for name, value in (("start", start), ("end", end)):
        if type(value) is not int:  # bool is an int to Python, not to JSON
            errors.append({"field": f"{where}.{name}", "message": "must be an integer"})
            good = False
        elif value < 0:
            errors.append({"field": f"{where}.{name}", "message": f"{value} is negative"})
            good = False
        elif value > len(text):
            errors.append({"field": f"{where}.{name}",
                           "message": f"{value} is past the end of the text ({len(text)} code points)"})
            good = False
    if good:  # both in the text, but end <= start
        errors.append({"field": f"{where}.end", "message": f"empty span: end {end} must be greater than start {start}"})
    return False


def _names_check(item: Mapping, where: str, errors: list[dict]) -> None:
    model, version = item.get("model"), item.get("model_version", "")
    if not isinstance(model, str) or not model.strip():
        errors.append({"field": f"{where}.model",
                       "message": "must be the non-empty name of the model whose prediction was decided on"})
    elif len(model) > MAX_MODEL_CHARS:
        errors.append({"field": f"{where}.model", "message": f"longer than {MAX_MODEL_CHARS} characters"})
    elif reason := text_unstorable(model):
        errors.append({"field": f"{where}.model", "message": reason})
    if version is not None and not isinstance(version, str):
        errors.append({"field": f"{where}.model_version", "message": "must be a string"})
    elif version and len(version) > MAX_MODEL_VERSION_CHARS:
        errors.append({"field": f"{where}.model_version",
                       "message": f"longer than {MAX_MODEL_VERSION_CHARS} characters"})
    elif version and (reason := text_unstorable(version)):
        errors.append({"field": f"{where}.model_version", "message": reason})


def _quoted_check(item: Mapping, text: str, where: str, errors: list[dict]) -> None:
    quoted, start, end = item.get("text"), item["start"], item["end"]
    if quoted is not None and quoted != text[start:end]:
        errors.append({"field": f"{where}.text",
                       "message": f"{quoted!r} does not match the document text {text[start:end]!r} at "
                                  f"[{start}, {end}) (offsets are Unicode code points)"})
