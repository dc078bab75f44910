"""Review decision rules at their edges: a decision on the very first characters, model names at
their length limits or holding what cannot be stored, and the messages a reviewer reads."""
from annotator.rules import decisions_check
from annotator.rules.decisions import MAX_MODEL_CHARS, MAX_MODEL_VERSION_CHARS

TEXT = "Zoë 😀 met Ann"
LABELS = {"PERSON"}


def decision(**fields) -> dict:
    return {"start": 0, "end": 3, "label": "PERSON", "model": "m", "model_version": "1", "decision": "accepted",
            **fields}


def check(*decisions):
    return decisions_check(decisions=list(decisions), text=TEXT, labels=LABELS)


def test_a_decision_on_the_first_characters_and_one_ending_at_the_text_end_are_good():
    assert check(decision(), decision(start=10, end=13, text="Ann")) == []


def test_model_names_at_the_limit_are_good_and_one_character_more_is_named():
    assert check(decision(model="m" * MAX_MODEL_CHARS, model_version="v" * MAX_MODEL_VERSION_CHARS)) == []
    assert check(decision(model="m" * (MAX_MODEL_CHARS + 1), model_version="v" * (MAX_MODEL_VERSION_CHARS + 1))) == [
        {"field": "decisions[0].model", "message": "longer than 500 characters"},
        {"field": "decisions[0].model_version", "message": "longer than 100 characters"},
    ]


def test_a_model_or_version_that_cannot_be_stored_is_named_with_where():
    assert check(decision(model="en\x00core", model_version="3\ud800")) == [
        {"field": "decisions[0].model",
         "message": "contains a NUL character (\\u0000) at index 2, which cannot be stored"},
        {"field": "decisions[0].model_version",
         "message": "contains a lone surrogate (\\ud800) at index 1, which is not Unicode text; send the character "
                    "itself, or both halves of its pair"},
    ]


def test_a_missing_or_null_model_version_is_allowed_but_not_a_number():
    without = decision()
    del without["model_version"]
    assert check(without) == []
    assert check(decision(model_version=None)) == []
    assert check(decision(model_version="")) == []
    assert check(decision(model_version=3)) == [{"field": "decisions[0].model_version", "message": "must be a string"}]


def test_negative_zero_and_past_the_end_offsets():
    # A negative start is named once: no second "empty span" error about the same offsets.
    assert check(decision(start=-1, end=0)) == [{"field": "decisions[0].start", "message": "-1 is negative"}]
    assert check(decision(start=0, end=0)) == [
        {"field": "decisions[0].end", "message": "empty span: end 0 must be greater than start 0"}]
    assert check(decision(start=13, end=14)) == [
        {"field": "decisions[0].end", "message": "14 is past the end of the text (13 code points)"}]
    assert check(decision(start=13, end=13)) == [
        {"field": "decisions[0].end", "message": "empty span: end 13 must be greater than start 13"}]


def test_a_project_without_labels_says_none():
    assert decisions_check(decisions=[decision()], text=TEXT, labels=set()) == [
        {"field": "decisions[0].label", "message": "unknown label 'PERSON' (project labels: none)"}]


def test_every_bad_decision_is_reported_when_the_first_is_bad():
    assert [e["field"] for e in check(decision(decision="maybe"), decision(), decision(model=""))] == [
        "decisions[0].decision", "decisions[2].model"]
