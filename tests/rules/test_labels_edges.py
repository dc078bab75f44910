"""What a label (entity or relation type) may be called and bound to (annotator/rules/labels.py), as
the label pages and the API report it: every problem at once, each naming its field."""
import pytest

from annotator.rules.labels import label_errors

OTHERS = [("PERSON", "p"), ("ORG", "o"), ("GPE", "")]


def test_a_fine_label_has_no_errors_and_surrounding_spaces_do_not_count():
    assert label_errors(name="  LOC ", hotkey="l", color="#7aa2f7", others=OTHERS) == []
    assert label_errors(name="LOC", others=OTHERS) == []


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_a_name_is_required(name):
    assert label_errors(name=name, others=OTHERS) == [{"field": "name", "message": "required"}]


def test_a_name_another_type_has_is_refused_even_with_spaces_around_it():
    assert label_errors(name=" ORG ", others=OTHERS) == [
        {"field": "name", "message": "another type is already called 'ORG'"}]
    assert label_errors(name="org", others=OTHERS) == []  # names are case-sensitive


@pytest.mark.parametrize("hotkey", ["ab", " ", "\t"])
def test_a_hotkey_is_one_key_and_not_a_space(hotkey):
    assert label_errors(name="LOC", hotkey=hotkey, others=OTHERS) == [
        {"field": "hotkey", "message": "one key, not a space"}]


def test_the_editors_help_key_and_another_types_key_are_refused():
    assert label_errors(name="LOC", hotkey="?", others=OTHERS) == [
        {"field": "hotkey", "message": "'?' is kept for the editor's help"}]
    assert label_errors(name="LOC", hotkey="o", others=OTHERS) == [
        {"field": "hotkey", "message": "'o' already belongs to 'ORG'"}]
    assert label_errors(name="LOC", hotkey="P", others=OTHERS) == []  # keys are case-sensitive too


def test_a_type_without_a_hotkey_owns_none():
    # GPE has no key: an empty key is no key, never a clash.
    assert label_errors(name="LOC", hotkey="", others=OTHERS) == []


@pytest.mark.parametrize("color", ["#abc", "#AABBCC", "#aabbcc80", "teal", "rebeccapurple"])
def test_colours_a_page_may_use(color):
    assert label_errors(name="LOC", color=color, others=OTHERS) == []


@pytest.mark.parametrize("color", ["", "#ab", "#abcd", "#abcde", "#aabbccd", "#gggggg", "red;", "ab",
                                   "url(x)", "#aabbcc\n", "a" * 21])
def test_anything_else_is_refused_as_a_colour(color):
    assert label_errors(name="LOC", color=color, others=OTHERS) == [
        {"field": "color", "message": "a colour such as #7aa2f7"}]


def test_every_problem_is_reported_at_once_in_field_order():
    errors = label_errors(name="PERSON", hotkey="o", color="nope!", others=OTHERS)
    assert [error["field"] for error in errors] == ["name", "hotkey", "color"]
