"""The size rule of an annotation body: lengths only, so a huge body is refused before its items are read."""
from annotator.rules import annotation_size_check, annotation_span_limit


def test_within_the_limit(settings):
    settings.MAX_SPANS_PER_ANNOTATION = 2
    assert annotation_span_limit() == 2
    assert annotation_size_check(spans=[{}, {}], relations=[{}, {}]) == []


def test_over_the_limit_names_the_list(settings):
    settings.MAX_SPANS_PER_ANNOTATION = 2
    assert annotation_size_check(spans=[{}] * 3, relations=[]) == [
        {"field": "spans", "message": "3 spans is over the limit of 2 (MAX_SPANS_PER_ANNOTATION)"}]
    assert [e["field"] for e in annotation_size_check(spans=[{}] * 3, relations=[{}] * 4)] == ["spans", "relations"]


def test_values_that_are_not_lists_are_left_to_the_shape_checks(settings):
    settings.MAX_SPANS_PER_ANNOTATION = 2
    assert annotation_size_check(spans="xxxxx", relations=None) == []
    assert annotation_size_check(spans={"a": 1, "b": 2, "c": 3}, relations=5) == []
