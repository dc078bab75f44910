"""Relation rules at their edges, as a manager writing rules and an annotator reading suggestions see
them: what a rule may name, which spans a rule links when several could be meant, and where a gap stops."""
import pytest

from annotator.rules.relation_suggestions import RelationRule, RuleError, relation_rules_parse, suggest_relations

TYPES = {"works_for": (["PERSON"], ["ORG"]), "related": ([], []), "located_in": (["ORG", "GPE"], ["GPE"])}
WORKS_FOR = RelationRule("works_for", "PERSON", "ORG", ("director of",))


def spans_in(text, *pairs):
    return [(text.index(words), text.index(words) + len(words), label) for words, label in pairs]


def test_names_and_words_are_trimmed_and_words_lowered_when_parsed():
    [rule] = relation_rules_parse([{"label": " works_for ", "head": " PERSON", "child": "ORG ",
                                    "words": ["  Director OF ", "Head of"]}], relation_types=TYPES)
    assert rule == RelationRule("works_for", "PERSON", "ORG", ("director of", "head of"))


def test_a_relation_type_that_allows_any_types_takes_a_rule_between_any_labels():
    [rule] = relation_rules_parse([{"label": "related", "head": "GPE", "child": "PERSON", "words": ["near"]}],
                                  relation_types=TYPES)
    assert (rule.head, rule.child) == ("GPE", "PERSON")


@pytest.mark.parametrize("item, field, message", [
    ("works_for", "relation_rules[0]", "must be an object {label, head, child, words}"),
    ({"head": "PERSON", "child": "ORG", "words": ["of"]}, "relation_rules[0].label", "must be a non-empty string"),
    ({"label": "works_for", "head": "  ", "child": "ORG", "words": ["of"]}, "relation_rules[0].head",
     "must be a non-empty string"),
    ({"label": "works_for", "head": "PERSON", "child": 3, "words": ["of"]}, "relation_rules[0].child",
     "must be a non-empty string"),
    ({"label": "works_for", "head": "PERSON", "child": "ORG", "words": "of"}, "relation_rules[0].words",
     "must be a non-empty list of non-empty strings"),
    ({"label": "works_for", "head": "PERSON", "child": "ORG", "words": ["of", " "]}, "relation_rules[0].words",
     "must be a non-empty list of non-empty strings"),
    ({"label": "works_for", "head": "PERSON", "child": "ORG", "words": ["of", 7]}, "relation_rules[0].words",
     "must be a non-empty list of non-empty strings"),
    ({"label": "works_for", "head": "PERSON", "child": "GPE", "words": ["of"]}, "relation_rules[0].child",
     "works_for does not allow GPE as its child"),
    ({"label": "owns", "head": "PERSON", "child": "ORG", "words": ["of"]}, "relation_rules[0].label",
     "no relation type 'owns' in this project"),
])
def test_a_wrong_rule_is_named_with_its_field_and_what_is_wrong(item, field, message):
    with pytest.raises(RuleError) as caught:
        relation_rules_parse([item], relation_types=TYPES)
    assert (caught.value.field, caught.value.message) == (field, message)
    assert str(caught.value) == f"{field}: {message}"


def test_the_second_rule_is_named_by_its_own_index():
    good = {"label": "works_for", "head": "PERSON", "child": "ORG", "words": ["of"]}
    with pytest.raises(RuleError) as caught:
        relation_rules_parse([good, {**good, "head": "GPE"}], relation_types=TYPES)
    assert caught.value.field == "relation_rules[1].head"
    assert relation_rules_parse([], relation_types=TYPES) == []


def test_the_words_match_whatever_their_case_in_the_text():
    text = "Ana Costa, DIRECTOR OF Oxfam"
    spans = spans_in(text, ("Ana Costa", "PERSON"), ("Oxfam", "ORG"))
    assert suggest_relations(text, spans, [WORKS_FOR], max_gap=30) == [(0, 1, "works_for")]


def test_spans_given_out_of_order_are_linked_by_their_indexes_in_the_list_given():
    text = "Ana Costa, director of Oxfam"
    spans = spans_in(text, ("Oxfam", "ORG"), ("Ana Costa", "PERSON"))
    assert suggest_relations(text, spans, [WORKS_FOR], max_gap=30) == [(1, 0, "works_for")]


def test_a_child_before_its_head_or_overlapping_it_is_never_linked():
    text = "Oxfam director of Ana Costa"
    assert suggest_relations(text, spans_in(text, ("Oxfam", "ORG"), ("Ana Costa", "PERSON")), [WORKS_FOR],
                             max_gap=30) == []
    nested = "Ana Costa director of Oxfam"
    spans = [(0, 27, "PERSON"), (22, 27, "ORG")]  # a child inside its head
    assert suggest_relations(nested, spans, [WORKS_FOR], max_gap=30) == []


def test_a_gap_of_exactly_max_gap_characters_still_links():
    text = "Ana, director of Oxfam"
    spans = spans_in(text, ("Ana", "PERSON"), ("Oxfam", "ORG"))
    gap = len(", director of ")
    assert suggest_relations(text, spans, [WORKS_FOR], max_gap=gap) == [(0, 1, "works_for")]
    assert suggest_relations(text, spans, [WORKS_FOR], max_gap=gap - 1) == []


@pytest.mark.parametrize("between", ["! Director of ", "? Director of ", ". Director of ", "\rdirector of ",
                                     "\ndirector of "])
def test_a_sentence_end_or_line_break_in_the_gap_stops_the_rule(between):
    text = f"Ana Costa{between}Oxfam"
    spans = spans_in(text, ("Ana Costa", "PERSON"), ("Oxfam", "ORG"))
    assert suggest_relations(text, spans, [WORKS_FOR], max_gap=60) == []


def test_a_dot_inside_a_word_is_no_sentence_end():
    text = "Ana Costa, director of Acme.io Oxfam"
    spans = spans_in(text, ("Ana Costa", "PERSON"), ("Oxfam", "ORG"))
    assert suggest_relations(text, spans, [WORKS_FOR], max_gap=60) == [(0, 1, "works_for")]


def test_a_span_of_another_type_in_between_does_not_stop_the_rule_but_a_nearer_head_does():
    text = "Ana Costa of Lisbon, director of Oxfam"
    spans = spans_in(text, ("Ana Costa", "PERSON"), ("Lisbon", "GPE"), ("Oxfam", "ORG"))
    assert suggest_relations(text, spans, [WORKS_FOR], max_gap=60) == [(0, 2, "works_for")]
    two = "Ana Costa and Bo Li, director of Oxfam"
    spans = spans_in(two, ("Ana Costa", "PERSON"), ("Bo Li", "PERSON"), ("Oxfam", "ORG"))
    assert suggest_relations(two, spans, [WORKS_FOR], max_gap=60) == [(1, 2, "works_for")]


def test_a_head_links_to_every_child_after_it_within_the_gap_and_a_rule_twice_gives_one_suggestion():
    text = "Ana Costa, director of Oxfam and director of Unicef"
    spans = spans_in(text, ("Ana Costa", "PERSON"), ("Oxfam", "ORG"), ("Unicef", "ORG"))
    assert suggest_relations(text, spans, [WORKS_FOR, WORKS_FOR], max_gap=60) == [(0, 1, "works_for"),
                                                                                   (0, 2, "works_for")]


def test_a_child_of_the_wrong_type_or_without_the_words_is_not_linked():
    text = "Ana Costa, director of Lisbon"
    assert suggest_relations(text, spans_in(text, ("Ana Costa", "PERSON"), ("Lisbon", "GPE")), [WORKS_FOR],
                             max_gap=60) == []
    plain = "Ana Costa, friend of Oxfam"
    assert suggest_relations(plain, spans_in(plain, ("Ana Costa", "PERSON"), ("Oxfam", "ORG")), [WORKS_FOR],
                             max_gap=60) == []
