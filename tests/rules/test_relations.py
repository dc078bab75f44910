"""Relation rules: ends in the body, allowed entity types, no self-relations, no duplicates."""
from annotator.rules import RelationTypeRule, annotation_check, relations_check

SPANS = [{"id": "p", "label": "PERSON"}, {"id": "o", "label": "ORG"}, {"id": 3, "label": "GPE"},
         {"id": "o2", "label": "ORG"}]
TYPES = {
    "works_for": RelationTypeRule(head_types=frozenset({"PERSON"}), child_types=frozenset({"ORG"})),
    "located_in": RelationTypeRule(head_types=frozenset({"ORG", "GPE"}), child_types=frozenset({"GPE"})),
    "related": RelationTypeRule(),
    "partner_of": RelationTypeRule(head_types=frozenset({"PERSON"}), child_types=frozenset({"ORG"}), symmetric=True),
}


def check(relations):
    return relations_check(relations=relations, spans=SPANS, relation_types=TYPES)


def fields(errors):
    return [e["field"] for e in errors]


def test_allowed_relations():
    assert check([{"head": "p", "child": "o", "label": "works_for"}, {"head": "o", "child": 3, "label": "located_in"},
                  {"head": 3, "child": "p", "label": "related"}]) == []


def test_missing_ends_and_unknown_types():
    errors = check([{"head": "x", "child": "o", "label": "works_for"}, {"head": "p", "child": 99, "label": "works_for"},
                    {"head": "p", "child": "o", "label": "likes"}])
    assert fields(errors) == ["relations[0].head", "relations[1].child", "relations[2].label"]
    assert errors[0]["message"] == "no span with id 'x' in this body"
    assert "project relation types: located_in, partner_of, related, works_for" in errors[2]["message"]


def test_type_constraints_name_the_allowed_types():
    [error] = check([{"head": "o", "child": "p", "label": "works_for"}])
    assert error["field"] == "relations[0]"
    assert error["message"] == ("relation type 'works_for' cannot go from ORG to PERSON "
                                "(allowed: head PERSON; child ORG)")


def test_symmetric_types_go_both_ways_and_count_once():
    assert check([{"head": "o", "child": "p", "label": "partner_of"}]) == []
    errors = check([{"head": "p", "child": "o", "label": "partner_of"},
                    {"head": "o", "child": "p", "label": "partner_of"}])
    assert fields(errors) == ["relations[1]"]


def test_duplicates_and_self_relations():
    errors = check([{"head": "p", "child": "o", "label": "works_for"},
                    {"head": "p", "child": "o", "label": "works_for"},
                    {"head": "o", "child": "o", "label": "related"}])
    assert fields(errors) == ["relations[1]", "relations[2].child"]


def test_same_ends_with_another_type_is_not_a_duplicate():
    assert check([{"head": "o", "child": 3, "label": "located_in"},
                  {"head": "o", "child": 3, "label": "related"}]) == []


def test_annotation_check_reports_spans_then_relations():
    errors = annotation_check(
        spans=[{"id": "a", "start": 0, "end": 3, "label": "PERSON"},
               {"id": "b", "start": 2, "end": 9, "label": "NOPE"}],
        relations=[{"head": "a", "child": "c", "label": "works_for"}],
        text="Ann at Acme", labels={"PERSON", "ORG"}, relation_types=TYPES, allow_overlap=False)
    assert fields(errors) == ["spans[1].label", "spans[1].start", "relations[0].child"]
