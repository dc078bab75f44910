"""Span rules: offsets inside the text and non-empty, known labels, unique ids, no duplicates,
no overlaps where the project forbids them. Offsets are code points (Python str indices)."""
from collections.abc import Collection, Mapping, Sequence


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def spans_check(*, spans: Sequence[Mapping], text: str, labels: Collection[str], allow_overlap: bool) -> list[dict]:
    """Every problem with `spans` as [{"field", "message"}], in body order; empty when all are good.

    A span is {"id"?, "start", "end", "label", "text"?}. When `text` is given it must equal the
    document text at the offsets, which catches offsets counted in UTF-16 units or bytes.
    """
    errors: list[dict] = []
    length = len(text)
    seen_ids: dict = {}
    seen_keys: dict[tuple, int] = {}
    placed: list[tuple[int, int, int]] = []  # (start, end, index) of spans with good offsets
    for index, span in enumerate(spans):  # `where` (the field's name) is written only for errors
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        span_id = span.get("id")
        if span_id is not None:
            if span_id in seen_ids:
                where = f"spans[{index}]"
                errors.append({"field": f"{where}.id",
                               "message": f"id {span_id!r} is already used by spans[{seen_ids[span_id]}]"})
            else:
                seen_ids[span_id] = index
        # The common case in one comparison chain (`type(...) is int` leaves bool out).
        offsets_good = type(start) is int and type(end) is int and 0 <= start < end <= length
        if not offsets_good:
            where = f"spans[{index}]"
            offsets_good = _offsets_check(start, end, length, where, errors)
        if label not in labels:
            where = f"spans[{index}]"
            known = ", ".join(sorted(labels)) or "none"
            errors.append({"field": f"{where}.label", "message": f"unknown label {label!r} (project labels: {known})"})
        if not offsets_good:
            continue
        quoted = span.get("text")
        if quoted is not None and quoted != text[start:end]:
            where = f"spans[{index}]"
            errors.append({"field": f"{where}.text",
                           "message": f"{quoted!r} does not match the document text {text[start:end]!r} at "
                                      f"[{start}, {end}) (offsets are Unicode code points)"})
        key = (start, end, label)
        if key in seen_keys:
            where = f"spans[{index}]"
            errors.append({"field": where, "message": f"duplicate of spans[{seen_keys[key]}] "
                                                      f"({label} at [{start}, {end}))"})
            continue
        seen_keys[key] = index
        placed.append((start, end, index))
    if not allow_overlap:
        errors.extend(_overlaps(placed))
    return sorted(errors, key=_body_order)


def _offsets_check(start, end, length: int, where: str, errors: list[dict]) -> bool:
    good = True
    for name, value in (("start", start), ("end", end)):
        if not _is_int(value):
            errors.append({"field": f"{where}.{name}", "message": "must be an integer"})
            good = False
        elif value < 0:
            errors.append({"field": f"{where}.{name}", "message": f"{value} is negative"})
            good = False
        elif value > length:
            errors.append({"field": f"{where}.{name}",
                           "message": f"{value} is past the end of the text ({length} code points)"})
            good = False
    if good and end <= start:
        errors.append({"field": f"{where}.end", "message": f"empty span: end {end} must be greater than start {start}"})
        good = False
    return good


def _overlaps(placed: list[tuple[int, int, int]]) -> list[dict]:
    """Spans that overlap an earlier-starting one, found with one sort (n log n, not n squared)."""
    errors = []
    reach: tuple[int, int, int] | None = None  # the span reaching furthest right so far
    for start, end, index in sorted(placed):
        if reach is not None and start < reach[1]:
            # Name the span later in the body; quote the other one's offsets.
            later, other = ((index, reach) if index > reach[2] else (reach[2], (start, end, index)))
            errors.append({"field": f"spans[{later}].start",
                           "message": f"overlaps spans[{other[2]}] at [{other[0]}, {other[1]}); "
                                      "this project does not allow overlapping spans"})
        if reach is None or end > reach[1]:
            reach = (start, end, index)
    return errors


def _body_order(error: dict):
    field = error["field"]
    if field.startswith("spans[") or field.startswith("relations["):
        head, _, rest = field.partition("]")
        section, _, number = head.partition("[")
        return (section != "spans", int(number), rest)
    return (True, 0, field)
