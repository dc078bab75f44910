"""Relation rules (pure): a rule links a head span to a following child span when one of its words is
between them, within the gap and the sentence; rules are checked against the relation types."""
import pytest

from annotator.rules.relation_suggestions import RuleError, relation_rules_parse, suggest_relations

TYPES = {"works_for": (["PERSON"], ["ORG"]), "located_in": (["ORG", "GPE"], ["GPE"])}
RULES = relation_rules_parse([{"label": "works_for", "head": "PERSON", "child": "ORG", "words": ["Director of"]},
                              {"label": "located_in", "head": "ORG", "child": "GPE", "words": [" in "]}],
                             relation_types=TYPES)


def spans_in(text, *pairs):
    return [(text.index(words), text.index(words) + len(words), label) for words, label in pairs]


def test_rules_fire_between_the_right_spans_in_code_points():
    text = "🙂 Zoë Okafor, the director of Siemens in 東京, met Kenji.\r\nKenji Watanabe, director of Toyota."
    spans = spans_in(text, ("Zoë Okafor", "PERSON"), ("Siemens", "ORG"), ("東京", "GPE"), ("Kenji Watanabe", "PERSON"),
                     ("Toyota", "ORG"))
    assert suggest_relations(text, spans, RULES, max_gap=60) == [(0, 1, "works_for"), (3, 4, "works_for"),
                                                                 (1, 2, "located_in")]


def test_no_relation_across_a_sentence_a_line_or_a_long_gap():
    text = "Maria Okafor retired. She was director of Siemens.\nAna Costa\nDirector of Oxfam"
    spans = spans_in(text, ("Maria Okafor", "PERSON"), ("Siemens", "ORG"), ("Ana Costa", "PERSON"), ("Oxfam", "ORG"))
    assert suggest_relations(text, spans, RULES, max_gap=60) == []
    near = "Ana Costa, director of Oxfam"
    assert suggest_relations(near, spans_in(near, ("Ana Costa", "PERSON"), ("Oxfam", "ORG")), RULES, max_gap=5) == []


@pytest.mark.parametrize("raw, field", [
    ({"label": "x"}, "relation_rules"),
    ([{"label": "owns", "head": "PERSON", "child": "ORG", "words": ["owns"]}], "relation_rules[0].label"),
    ([{"label": "works_for", "head": "GPE", "child": "ORG", "words": ["of"]}], "relation_rules[0].head"),
    ([{"label": "works_for", "head": "PERSON", "child": "ORG", "words": []}], "relation_rules[0].words"),
])
def test_a_wrong_rule_names_its_field(raw, field):
    with pytest.raises(RuleError) as caught:
        relation_rules_parse(raw, relation_types=TYPES)
    assert caught.value.field == field
