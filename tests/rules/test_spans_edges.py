"""Span rules at their edges: every problem is reported (not just the first), mixed int/float
offsets, overlap and duplicate checks that a user of the editor would run into."""
from annotator.rules import spans_check

TEXT = "Zoë 😀 met Ann in 北京.\r\nCafe\u0301"
LABELS = {"PERSON", "GPE"}


def check(spans, allow_overlap=False):
    return spans_check(spans=spans, text=TEXT, labels=LABELS, allow_overlap=allow_overlap)


def fields(errors):
    return [e["field"] for e in errors]


def test_a_float_end_with_an_integer_start_is_refused_on_the_end_alone():
    assert check([{"start": 0, "end": 3.0, "label": "PERSON"}]) == [
        {"field": "spans[0].end", "message": "must be an integer"}]
    assert check([{"start": 0.0, "end": 3, "label": "PERSON"}]) == [
        {"field": "spans[0].start", "message": "must be an integer"}]


def test_every_bad_span_is_reported_when_the_first_one_is_bad():
    errors = check([{"start": -1, "end": 3, "label": "PERSON"},
                    {"start": 0, "end": 3, "label": "PERSON"},
                    {"start": 0, "end": 999, "label": "NOPE"},
                    {"start": 7, "end": 7, "label": "GPE"}])
    assert errors == [
        {"field": "spans[0].start", "message": "-1 is negative"},
        {"field": "spans[2].end", "message": "999 is past the end of the text (27 code points)"},
        {"field": "spans[2].label", "message": "unknown label 'NOPE' (project labels: GPE, PERSON)"},
        {"field": "spans[3].end", "message": "empty span: end 7 must be greater than start 7"},
    ]


def test_both_bad_offsets_of_one_span_are_reported():
    assert fields(check([{"start": -3, "end": 500, "label": "GPE"}])) == ["spans[0].end", "spans[0].start"]
    assert fields(check([{"start": "0", "end": -1, "label": "GPE"}])) == ["spans[0].end", "spans[0].start"]


def test_a_negative_end_is_named_negative_not_empty():
    assert check([{"start": 2, "end": -1, "label": "GPE"}]) == [{"field": "spans[0].end", "message": "-1 is negative"}]


def test_a_span_ending_exactly_at_the_text_end_after_combining_marks_is_good():
    start = TEXT.index("Cafe")
    assert check([{"start": start, "end": len(TEXT), "label": "GPE", "text": "Cafe\u0301"}]) == []
    assert check([{"start": start, "end": len(TEXT) + 1, "label": "GPE"}])[0]["field"] == "spans[0].end"


def test_quoted_text_is_checked_only_on_good_offsets_and_the_message_quotes_both():
    start = TEXT.index("北京")
    [error] = check([{"start": start, "end": start + 2, "label": "GPE", "text": "北"}])
    assert error == {"field": "spans[0].text",
                     "message": f"'北' does not match the document text '北京' at [{start}, {start + 2}) "
                                "(offsets are Unicode code points)"}
    # Bad offsets: the offsets are named, the text is not compared with a slice that does not exist.
    assert fields(check([{"start": start, "end": 999, "label": "GPE", "text": "北京"}])) == ["spans[0].end"]


def test_a_span_with_bad_offsets_takes_part_in_no_duplicate_or_overlap_check():
    assert fields(check([{"start": 0, "end": 3, "label": "PERSON"},
                         {"start": 0, "end": 999, "label": "PERSON"},
                         {"start": 1, "end": 999, "label": "PERSON"}])) == ["spans[1].end", "spans[2].end"]


def test_same_offsets_with_another_label_is_not_a_duplicate_but_overlaps_where_forbidden():
    spans = [{"start": 0, "end": 3, "label": "PERSON"}, {"start": 0, "end": 3, "label": "GPE"}]
    assert check(spans, allow_overlap=True) == []
    assert check(spans) == [{"field": "spans[1].start", "message": "overlaps spans[0] at [0, 3); "
                                                                  "this project does not allow overlapping spans"}]


def test_duplicates_are_refused_even_where_overlaps_are_allowed_and_name_the_first_copy():
    errors = check([{"start": 4, "end": 5, "label": "GPE"}, {"start": 0, "end": 3, "label": "PERSON"},
                    {"start": 0, "end": 3, "label": "PERSON"}], allow_overlap=True)
    assert errors == [{"field": "spans[2]", "message": "duplicate of spans[1] (PERSON at [0, 3))"}]


def test_a_duplicate_is_reported_once_not_also_as_an_overlap():
    assert fields(check([{"start": 0, "end": 3, "label": "PERSON"}, {"start": 0, "end": 3, "label": "PERSON"}])) == [
        "spans[1]"]


def test_an_overlap_with_a_long_earlier_span_is_found_past_shorter_ones():
    # The long span reaches past the short one in between: the last span still overlaps it.
    errors = check([{"start": 0, "end": 20, "label": "PERSON"}, {"start": 2, "end": 3, "label": "GPE"},
                    {"start": 10, "end": 12, "label": "GPE"}])
    assert errors[-1] == {"field": "spans[2].start", "message": "overlaps spans[0] at [0, 20); "
                                                               "this project does not allow overlapping spans"}


def test_an_earlier_span_in_the_body_that_starts_later_is_quoted_not_named():
    [error] = check([{"start": 5, "end": 9, "label": "GPE"}, {"start": 0, "end": 6, "label": "PERSON"}])
    assert error["field"] == "spans[1].start" and error["message"].startswith("overlaps spans[0] at [5, 9);")


def test_errors_come_in_body_order_with_numeric_indexes():
    spans = [{"start": 0, "end": 1, "label": "GPE"} if n != 2 else {"start": 0, "end": 1, "label": "NOPE"}
             for n in range(12)]
    spans = [dict(s, start=n, end=n + 1) for n, s in enumerate(spans)]
    spans[10]["label"] = "ALSO_NOPE"
    spans[11]["end"] = 1000
    assert fields(check(spans)) == ["spans[2].label", "spans[10].label", "spans[11].end"]


def test_repeated_id_is_reported_for_each_later_use():
    errors = check([{"id": "a", "start": 0, "end": 1, "label": "GPE"}, {"id": "a", "start": 2, "end": 3, "label": "GPE"},
                    {"id": "a", "start": 4, "end": 5, "label": "GPE"}])
    assert errors == [{"field": "spans[1].id", "message": "id 'a' is already used by spans[0]"},
                      {"field": "spans[2].id", "message": "id 'a' is already used by spans[0]"}]


def test_no_labels_at_all_says_none():
    [error] = spans_check(spans=[{"start": 0, "end": 1, "label": "X"}], text="ab", labels=set(), allow_overlap=True)
    assert error["message"] == "unknown label 'X' (project labels: none)"


def test_an_empty_span_at_the_very_end_is_called_empty_not_past_the_end():
    end = len(TEXT)
    assert check([{"start": end, "end": end, "label": "GPE"}]) == [
        {"field": "spans[0].end", "message": f"empty span: end {end} must be greater than start {end}"}]
    assert check([{"start": 0.0, "end": end, "label": "GPE"}]) == [
        {"field": "spans[0].start", "message": "must be an integer"}]


def test_empty_spans_take_part_in_no_duplicate_or_overlap_check():
    assert fields(check([{"start": 0, "end": 10, "label": "PERSON"}, {"start": 4, "end": 4, "label": "GPE"},
                         {"start": 4, "end": 4, "label": "GPE"}])) == ["spans[1].end", "spans[2].end"]


def test_among_spans_ending_together_the_earliest_starting_one_is_quoted():
    errors = check([{"start": 0, "end": 10, "label": "PERSON"}, {"start": 2, "end": 10, "label": "GPE"},
                    {"start": 5, "end": 6, "label": "GPE"}])
    assert [e["message"].split(";")[0] for e in errors] == ["overlaps spans[0] at [0, 10)", "overlaps spans[0] at [0, 10)"]
