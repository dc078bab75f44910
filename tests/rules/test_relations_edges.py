"""Relation rules at their edges: direction of non-symmetric types, one wrong end, every problem
reported, and the messages an annotator reads."""
from annotator.rules import RelationTypeRule, annotation_check, relations_check

SPANS = [{"id": "p", "label": "PERSON"}, {"id": "o", "label": "ORG"}, {"id": "g", "label": "GPE"},
         {"id": "p2", "label": "PERSON"}]
TYPES = {
    "works_for": RelationTypeRule(head_types=frozenset({"PERSON"}), child_types=frozenset({"ORG"})),
    "related": RelationTypeRule(),
    "knows": RelationTypeRule(head_types=frozenset({"PERSON"})),
    "partner_of": RelationTypeRule(head_types=frozenset({"PERSON"}), child_types=frozenset({"ORG"}), symmetric=True),
}


def check(relations, relation_types=TYPES):
    return relations_check(relations=relations, spans=SPANS, relation_types=relation_types)


def fields(errors):
    return [e["field"] for e in errors]


def test_the_reversed_pair_of_a_non_symmetric_type_is_a_different_relation():
    assert check([{"head": "p", "child": "o", "label": "related"}, {"head": "o", "child": "p", "label": "related"}]) == []


def test_the_reversed_pair_of_a_symmetric_type_is_a_duplicate_naming_the_first():
    assert check([{"head": "p", "child": "o", "label": "partner_of"},
                  {"head": "o", "child": "p", "label": "partner_of"}]) == [
        {"field": "relations[1]", "message": "duplicate of relations[0]"}]


def test_one_wrong_end_is_enough_to_refuse_a_relation():
    errors = check([{"head": "p", "child": "g", "label": "works_for"}, {"head": "g", "child": "o", "label": "works_for"}])
    assert errors == [
        {"field": "relations[0]", "message": "relation type 'works_for' cannot go from PERSON to GPE "
                                             "(allowed: head PERSON; child ORG)"},
        {"field": "relations[1]", "message": "relation type 'works_for' cannot go from GPE to ORG "
                                             "(allowed: head PERSON; child ORG)"},
    ]


def test_an_open_end_allows_any_type_and_says_any():
    assert check([{"head": "p", "child": "g", "label": "knows"}, {"head": "p", "child": "p2", "label": "knows"}]) == []
    [error] = check([{"head": "o", "child": "p", "label": "knows"}])
    assert error["message"] == "relation type 'knows' cannot go from ORG to PERSON (allowed: head PERSON; child any)"


def test_a_symmetric_type_still_refuses_wrong_types_in_both_directions():
    assert check([{"head": "o", "child": "p", "label": "partner_of"}]) == []
    assert fields(check([{"head": "p", "child": "g", "label": "partner_of"},
                         {"head": "g", "child": "p", "label": "partner_of"}])) == ["relations[0]", "relations[1]"]


def test_a_refused_relation_does_not_make_a_later_correct_one_a_duplicate():
    assert fields(check([{"head": "o", "child": "p", "label": "works_for"},
                         {"head": "p", "child": "o", "label": "works_for"}])) == ["relations[0]"]


def test_every_bad_relation_is_reported_when_the_first_one_is_bad():
    errors = check([{"head": "x", "child": "y", "label": "likes"},
                    {"head": "p", "child": "o", "label": "works_for"},
                    {"head": "p", "child": "p", "label": "related"},
                    {"head": "p", "child": "o", "label": "works_for"}])
    assert errors == [
        {"field": "relations[0].label",
         "message": "unknown relation type 'likes' (project relation types: knows, partner_of, related, works_for)"},
        {"field": "relations[0].head", "message": "no span with id 'x' in this body"},
        {"field": "relations[0].child", "message": "no span with id 'y' in this body"},
        {"field": "relations[2].child", "message": "a relation cannot join a span to itself"},
        {"field": "relations[3]", "message": "duplicate of relations[1]"},
    ]


def test_an_unknown_type_between_existing_spans_is_named_once():
    assert check([{"head": "p", "child": "o", "label": "likes"}, {"head": "p", "child": "o", "label": "likes"}]) == [
        {"field": "relations[0].label",
         "message": "unknown relation type 'likes' (project relation types: knows, partner_of, related, works_for)"},
        {"field": "relations[1].label",
         "message": "unknown relation type 'likes' (project relation types: knows, partner_of, related, works_for)"},
    ]


def test_a_project_without_relation_types_says_none_and_a_non_string_type_is_unknown():
    [error] = check([{"head": "p", "child": "o", "label": ["works_for"]}], relation_types={})
    assert error == {"field": "relations[0].label",
                     "message": "unknown relation type ['works_for'] (project relation types: none)"}


def test_spans_without_ids_cannot_be_relation_ends_and_the_first_span_of_an_id_counts():
    spans = [{"start": 0, "end": 1, "label": "PERSON"}, {"id": "a", "label": "PERSON"}, {"id": "a", "label": "GPE"},
             {"id": "b", "label": "ORG"}]
    assert relations_check(relations=[{"head": "a", "child": "b", "label": "works_for"}], spans=spans,
                           relation_types=TYPES) == []
    assert fields(relations_check(relations=[{"head": None, "child": "b", "label": "works_for"}], spans=spans,
                                  relation_types=TYPES)) == ["relations[0].head"]


def test_annotation_check_reports_at_most_a_hundred_problems():
    spans = [{"start": 0, "end": 1, "label": "NOPE"} for _ in range(150)]
    errors = annotation_check(spans=spans, relations=[], text="ab", labels={"A"}, relation_types={},
                              allow_overlap=True)
    assert len(errors) == 100 and errors[0]["field"] == "spans[0].label"


def test_the_message_lists_every_allowed_type_and_says_any_for_an_open_head():
    types = {"based_in": RelationTypeRule(head_types=frozenset({"PERSON", "ORG"}), child_types=frozenset({"GPE"})),
             "employs": RelationTypeRule(child_types=frozenset({"PERSON", "ORG"}))}
    assert [e["message"] for e in check([{"head": "g", "child": "o", "label": "based_in"},
                                         {"head": "p", "child": "g", "label": "employs"}], types)] == [
        "relation type 'based_in' cannot go from GPE to ORG (allowed: head ORG, PERSON; child GPE)",
        "relation type 'employs' cannot go from PERSON to GPE (allowed: head any; child ORG, PERSON)",
    ]


def test_annotation_check_lets_overlapping_spans_through_where_the_project_allows_them():
    spans = [{"id": "a", "start": 0, "end": 3, "label": "PERSON"}, {"id": "b", "start": 0, "end": 8, "label": "ORG"}]
    kwargs = {"spans": spans, "relations": [{"head": "a", "child": "b", "label": "works_for"}], "text": "Ada Corp",
                  "labels": {"PERSON", "ORG"}, "relation_types": TYPES}
    assert annotation_check(**kwargs, allow_overlap=True) == []
    assert [e["field"] for e in annotation_check(**kwargs, allow_overlap=False)] == ["spans[1].start"]
