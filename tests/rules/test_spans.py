"""Span rules are pure: plain values in, every problem out (field and reason)."""
from annotator.rules import spans_check

TEXT = "Zoë 😀 met Ann in 北京.\r\nCafe\u0301"
LABELS = {"PERSON", "GPE"}


def check(spans, allow_overlap=False):
    return spans_check(spans=spans, text=TEXT, labels=LABELS, allow_overlap=allow_overlap)


def fields(errors):
    return [e["field"] for e in errors]


def test_good_spans_have_no_problems():
    start = TEXT.index("北京")
    assert check([{"id": 1, "start": 0, "end": 3, "label": "PERSON", "text": "Zoë"},
                  {"id": "b", "start": start, "end": start + 2, "label": "GPE", "text": "北京"}]) == []


def test_offsets_at_the_very_end_are_in_range():
    assert check([{"start": len(TEXT) - 5, "end": len(TEXT), "label": "GPE"}]) == []


def test_offsets_out_of_range_and_empty():
    errors = check([{"start": 0, "end": len(TEXT) + 1, "label": "GPE"}, {"start": -2, "end": 1, "label": "GPE"},
                    {"start": 4, "end": 4, "label": "GPE"}, {"start": 5, "end": 2, "label": "GPE"}])
    assert fields(errors) == ["spans[0].end", "spans[1].start", "spans[2].end", "spans[3].end"]
    assert "past the end of the text (27 code points)" in errors[0]["message"]
    assert "empty span" in errors[2]["message"]


def test_non_integer_offsets():
    assert fields(check([{"start": "1", "end": 2.0, "label": "GPE"}, {"start": True, "end": 2, "label": "GPE"}])) == [
        "spans[0].end", "spans[0].start", "spans[1].start"]


def test_unknown_label_lists_the_known_ones():
    [error] = check([{"start": 0, "end": 3, "label": "ORG"}])
    assert error == {"field": "spans[0].label", "message": "unknown label 'ORG' (project labels: GPE, PERSON)"}


def test_quoted_text_must_match_code_point_offsets():
    # UTF-16 offsets of "met" are one more than its code point offsets (the emoji is two units).
    start = TEXT.index("met")
    assert check([{"start": start, "end": start + 3, "label": "PERSON", "text": "met"}]) == []
    [error] = check([{"start": start + 1, "end": start + 4, "label": "PERSON", "text": "met"}])
    assert error["field"] == "spans[0].text" and "code points" in error["message"]


def test_repeated_ids_and_duplicates():
    errors = check([{"id": 1, "start": 0, "end": 3, "label": "PERSON"},
                    {"id": 1, "start": 11, "end": 14, "label": "PERSON"},
                    {"start": 0, "end": 3, "label": "PERSON"}])
    assert fields(errors) == ["spans[1].id", "spans[2]"]
    assert "spans[0]" in errors[0]["message"] and "duplicate of spans[0]" in errors[1]["message"]


def test_int_and_string_ids_are_different_values():
    assert check([{"id": 1, "start": 0, "end": 3, "label": "PERSON"},
                  {"id": "1", "start": 11, "end": 14, "label": "PERSON"}]) == []


def test_overlaps_where_forbidden_name_the_later_span_in_the_body():
    spans = [{"start": 11, "end": 14, "label": "PERSON"}, {"start": 0, "end": 12, "label": "PERSON"},
             {"start": 20, "end": 22, "label": "GPE"}, {"start": 20, "end": 22, "label": "PERSON"}]
    errors = check(spans)
    assert fields(errors) == ["spans[1].start", "spans[3].start"]
    assert "overlaps spans[0] at [11, 14)" in errors[0]["message"]
    assert "overlaps spans[2] at [20, 22)" in errors[1]["message"]
    assert check(spans, allow_overlap=True) == []


def test_touching_spans_do_not_overlap():
    assert check([{"start": 0, "end": 3, "label": "PERSON"}, {"start": 3, "end": 5, "label": "PERSON"}]) == []


def test_nested_spans_overlap():
    errors = check([{"start": 0, "end": 14, "label": "PERSON"}, {"start": 4, "end": 5, "label": "GPE"},
                    {"start": 11, "end": 14, "label": "PERSON"}])
    assert fields(errors) == ["spans[1].start", "spans[2].start"]


def test_many_spans_are_checked_quickly():
    text = "ab " * 20_000
    spans = [{"id": n, "start": 3 * n, "end": 3 * n + 2, "label": "GPE"} for n in range(20_000)]
    assert spans_check(spans=spans, text=text, labels=LABELS, allow_overlap=False) == []
