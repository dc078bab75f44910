"""Document rules are pure: a record in, every problem out (field and reason); limits are settings."""
import pytest

from annotator.rules import DOCUMENT_FIELDS, document_check


def fields(errors):
    return [e["field"] for e in errors]


def test_a_good_record_has_no_problems():
    assert document_check({"text": "Zoë met 北京 😀.", "title": "t", "meta": {"a": [1]}, "external_id": "x-1"}) == []
    assert document_check({"text": "x", "title": None, "meta": None, "external_id": None}) == []


@pytest.mark.parametrize("record, field, message", [
    ({"title": "no text"}, "text", "required, must be a string"),
    ({"text": 5}, "text", "required, must be a string"),
    ({"text": ""}, "text", "must not be empty"),
    ({"text": " \r\n\t"}, "text", "must not be empty"),
    ({"text": "x", "title": 3}, "title", "must be a string"),
    ({"text": "x", "external_id": {}}, "external_id", "must be a string"),
    ({"text": "x", "meta": []}, "meta", "must be an object"),
    ({"text": "x", "title": "t" * 501}, "title", "longer than 500 characters"),
    ({"text": "x", "external_id": "e" * 201}, "external_id", "longer than 200 characters"),
])
def test_each_problem_names_its_field(record, field, message):
    assert document_check(record) == [{"field": field, "message": message}]


def test_lengths_at_the_limits_are_fine():
    assert document_check({"text": "x", "title": "t" * 500, "external_id": "e" * 200}) == []


def test_not_an_object():
    for record in (None, "text", ["text"], 5):
        assert document_check(record) == [{"field": "", "message": "expected an object with a 'text' field"}]


def test_unknown_fields_are_named_in_order_before_the_rest():
    errors = document_check({"txt": "typo", "_line": 3, "tags": [], "meta": 1})
    assert fields(errors) == ["_line", "tags", "txt", "text", "meta"]
    assert errors[0]["message"] == "unknown field"


def test_the_caller_says_which_fields_a_record_may_have():
    record = {"text": "x", "_line": 3, "spans": []}
    assert fields(document_check(record, fields=DOCUMENT_FIELDS | {"_line"})) == ["spans"]
    assert document_check(record, fields=None) == []  # a file's record carries its annotations


def test_text_limit_is_the_setting_at_call_time(settings):
    settings.MAX_DOCUMENT_CHARS = 10
    assert document_check({"text": "x" * 10}) == []
    assert document_check({"text": "x" * 11}) == [
        {"field": "text", "message": "11 characters is over the limit of 10 (MAX_DOCUMENT_CHARS)"}]


@pytest.mark.parametrize("record, field, words", [
    ({"text": "a\x00b"}, "text", "NUL character (\\u0000) at index 1"),
    ({"text": "lone \ud800 high"}, "text", "lone surrogate (\\ud800) at index 5"),
    ({"text": "reversed \ude00\ud83d pair"}, "text", "lone surrogate (\\ude00)"),
    ({"text": "x", "title": "t\x00"}, "title", "NUL"),
    ({"text": "x", "external_id": "\udfff"}, "external_id", "lone surrogate"),
    ({"text": "x", "meta": {"source": {"page": "p\x00"}}}, "meta.source.page", "NUL"),
    ({"text": "x", "meta": {"n": [1, 2, float("inf")]}}, "meta.n[2]", "not a finite number"),
    ({"text": "x", "meta": {"nan": float("nan")}}, "meta.nan", "not a finite number"),
    ({"text": "x", "meta": {"k\x00ey": 1}}, "meta.k\\u0000ey", "key contains a NUL"),
])
def test_what_a_database_cannot_store_is_named_by_field(record, field, words):
    (error,) = document_check(record)
    assert error["field"] == field and words in error["message"], error
    assert "\x00" not in error["message"] + error["field"]  # the error itself can be stored
    error["message"].encode("utf-8")


def test_pairs_combining_marks_controls_and_large_finite_numbers_are_storable():
    record = {"text": "Zoë 😀 Cafe\u0301 \u0001\u001f \ufeff \u2028 \r\n", "title": "北京",
              "meta": {"n": 1e308, "deep": [[{"a": -0.0}]], "none": None, "yes": True}}
    assert document_check(record) == []
