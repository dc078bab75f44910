"""What a database can store, at the edges: the nesting limit exactly, where a problem is named
(paths, escaped keys), a bad value at the top, and the full messages a user reads."""
from annotator.rules import document_check
from annotator.rules.storable import MAX_JSON_DEPTH, text_unstorable, value_unstorable


def nested(levels: int, leaf="x"):
    value = leaf
    for _ in range(levels):
        value = {"a": value}
    return value


def test_nesting_up_to_the_limit_is_stored_and_one_level_more_is_named():
    assert value_unstorable(nested(MAX_JSON_DEPTH)) is None
    path, reason = value_unstorable(nested(MAX_JSON_DEPTH + 1))
    assert reason == "nested more than 100 levels deep"
    assert path == ".".join(["a"] * MAX_JSON_DEPTH)


def test_lists_count_as_levels_too_and_are_named_by_index():
    value = [1, [2, {"k": [None, True, 1.5, "ok", "bad\x00"]}]]
    assert value_unstorable(value) == ("[1][1].k[4]", ("contains a NUL character (\\u0000) at index 3, "
                                                         "which cannot be stored"))


def test_a_bad_value_at_the_top_is_named_by_an_empty_path():
    assert value_unstorable(float("nan")) == ("", "number out of range: not a finite number")
    assert value_unstorable("\ud800") == ("", ("contains a lone surrogate (\\ud800) at index 0, which is not Unicode "
                                              "text; send the character itself, or both halves of its pair"))
    assert value_unstorable(1e308) is None and value_unstorable(None) is None and value_unstorable(True) is None


def test_a_bad_key_is_named_escaped_under_its_parent():
    assert value_unstorable({"source": {"we\udfffird": 1}}) == (
        "source.we\\udfffird", ("key contains a lone surrogate (\\udfff) at index 2, which is not Unicode text; "
                               "send the character itself, or both halves of its pair"))


def test_non_string_keys_are_named_by_index_and_infinite_numbers_are_refused_anywhere():
    assert value_unstorable({1: {"x": float("-inf")}}) == ("[1].x", "number out of range: not a finite number")


def test_text_with_non_ascii_but_storable_characters_is_storable():
    assert text_unstorable("Zoë 😀 北京 Cafe\u0301") == ""
    assert text_unstorable("plain") == ""
    assert text_unstorable("a\x00b") == "contains a NUL character (\\u0000) at index 1, which cannot be stored"
    assert text_unstorable("Zoë\x00") == "contains a NUL character (\\u0000) at index 3, which cannot be stored"


def test_a_document_meta_that_is_not_an_object_is_named_once():
    assert document_check({"text": "ok", "meta": "a\x00b"}) == [{"field": "meta", "message": "must be an object"}]


def test_a_document_meta_problem_is_named_by_its_path():
    assert document_check({"text": "ok", "meta": {"tags": ["fine", float("inf")]}}) == [
        {"field": "meta.tags[1]", "message": "number out of range: not a finite number"}]
