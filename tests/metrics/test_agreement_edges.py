"""Agreement and the review queue's disagreement score at their edges: which prediction a lone
annotation is compared with, drafts and authorless work, documents shared by only some."""
from datetime import UTC, datetime, timedelta

from annotator.metrics import AnnotationRecord, Span, annotator_agreement, document_disagreement

T0 = datetime(2026, 12, 1, tzinfo=UTC)
A = (Span(0, 3, "PER"),)
B = (Span(4, 8, "ORG"),)


def rec(kind="annotation", spans=A, author="alice", doc=1, status="submitted", updated=None, **extra):
    return AnnotationRecord(document_id=doc, kind=kind, spans=spans, author=author, status=status,
                            updated_at=updated, **extra)


def test_a_lone_annotation_is_compared_with_the_most_recently_updated_prediction():
    older, newer = rec("prediction", spans=A, author=None, updated=T0), rec("prediction", spans=B, author=None,
                                                                            updated=T0 + timedelta(hours=1))
    assert document_disagreement([rec(spans=A), older, newer]) == {1: 1.0}
    assert document_disagreement([rec(spans=A), newer, older]) == {1: 1.0}


def test_a_prediction_with_a_time_wins_over_one_without():
    timed = rec("prediction", spans=A, author=None, updated=T0)
    untimed = rec("prediction", spans=B, author=None, updated=None)
    assert document_disagreement([rec(spans=A), untimed, timed]) == {1: 0.0}
    assert document_disagreement([rec(spans=A), timed, untimed]) == {1: 0.0}


def test_two_people_are_compared_with_each_other_not_with_the_prediction():
    scores = document_disagreement([rec(spans=A), rec(spans=A, author="bob"), rec("prediction", spans=B, author=None)])
    assert scores == {1: 0.0}
    three = document_disagreement([rec(spans=A), rec(spans=A, author="bob"), rec(spans=B, author="carol")])
    assert three == {1: 0.6667}


def test_drafts_do_not_count_and_a_lone_annotation_without_prediction_has_no_disagreement():
    assert document_disagreement([rec(status="draft"), rec(doc=2)]) == {2: 0.0}
    assert document_disagreement([rec(spans=()), rec(spans=(), author="bob", doc=1)]) == {1: 0.0}


def test_pairs_and_gold_only_over_shared_documents_and_only_submitted_work_with_an_author():
    annotations = [rec(doc=1), rec(doc=2, spans=B), rec(author="bob", doc=2), rec(author="bob", doc=3),
                   rec(author="carol", doc=1, status="draft"), rec(author=None, doc=1),
                   rec("gold", author="dan", doc=1, status="draft")]
    result = annotator_agreement(annotations, tokens_by_document={})
    assert [(p["a"], p["b"], p["documents"], p["span_f1"]) for p in result["pairs"]] == [("alice", "bob", 1, 0.0)]
    assert [(g["annotator"], g["documents"], g["span_f1"]) for g in result["vs_gold"]] == [("alice", 1, 1.0)]


def test_an_empty_annotation_against_a_non_empty_one_fully_disagrees():
    assert document_disagreement([rec(spans=()), rec(spans=A, author="bob")]) == {1: 1.0}


def test_agreement_counts_a_reversed_symmetric_relation_as_the_same_relation():
    a, b = Span(0, 3, "PER"), Span(4, 8, "PER")
    from annotator.metrics import Relation

    mine = rec(spans=(a, b), relations=(Relation(a, b, "knows"),))
    theirs = rec(spans=(a, b), author="bob", relations=(Relation(b, a, "knows"),))
    symmetric = annotator_agreement([mine, theirs], tokens_by_document={}, symmetric_relation_labels=frozenset({"knows"}))
    assert symmetric["pairs"][0]["relation_f1"] == 1.0
    assert annotator_agreement([mine, theirs], tokens_by_document={})["pairs"][0]["relation_f1"] == 0.0
