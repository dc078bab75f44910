"""Token tags, kappa, relation matching and pre-label quality at their edges, as the stats page
shows them: competing spans, spans on whitespace, the undefined kappa cases, symmetric relation
types, and models without gold or a name."""
import pytest

from annotator.metrics import (
    AnnotationRecord,
    Relation,
    Span,
    cohen_kappa,
    iob2_tags,
    prelabel_quality,
    relation_counts,
)
from annotator.metrics.records import model_key

TOKENS = [(0, 3), (4, 8), (9, 12), (13, 17)]  # "Ann Lee met Acme"


def test_the_longest_span_wins_a_token_then_the_earliest_then_the_smaller_label():
    assert iob2_tags(TOKENS, [Span(4, 12, "B"), Span(0, 8, "A")]) == ["B-A", "I-A", "O", "O"]
    assert iob2_tags(TOKENS, [Span(4, 8, "Z"), Span(4, 8, "A")]) == ["O", "B-A", "O", "O"]
    assert iob2_tags(TOKENS, [Span(0, 12, "X"), Span(4, 8, "Y")]) == ["B-X", "I-X", "I-X", "O"]


def test_a_span_inside_a_token_claims_the_token_and_one_on_whitespace_tags_nothing():
    assert iob2_tags(TOKENS, [Span(5, 6, "P")]) == ["O", "B-P", "O", "O"]
    assert iob2_tags(TOKENS, [Span(3, 4, "P"), Span(12, 13, "Q")]) == ["O", "O", "O", "O"]
    assert iob2_tags(TOKENS, [Span(2, 5, "P")]) == ["B-P", "I-P", "O", "O"]
    assert iob2_tags([], [Span(0, 3, "P")]) == []


def test_kappa_edges():
    assert cohen_kappa([], []) == 0.0
    assert cohen_kappa(["O", "O"], ["O", "O"]) == 1.0
    assert cohen_kappa(["B-A", "O"], ["O", "B-A"]) == -1.0
    assert cohen_kappa(["B-A", "O", "O", "O"], ["B-A", "O", "B-A", "O"]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="tag sequences differ in length: 2 and 1"):
        cohen_kappa(["O", "O"], ["O"])


def test_a_symmetric_relation_matches_in_either_direction_and_a_directed_one_does_not():
    a, b = Span(0, 3, "PER"), Span(4, 8, "PER")
    forward, backward = Relation(a, b, "knows"), Relation(b, a, "knows")
    assert relation_counts([forward], [backward], symmetric_labels=frozenset({"knows"})).micro.matched == 1
    directed = relation_counts([forward], [backward]).micro
    assert (directed.matched, directed.predicted, directed.reference) == (0, 1, 1)
    both = relation_counts([forward, backward], [forward], symmetric_labels=frozenset({"knows"})).micro
    assert (both.matched, both.predicted, both.reference) == (1, 1, 1)


def test_prelabel_quality_counts_only_documents_with_gold_and_names_unknown_models():
    gold = AnnotationRecord(document_id=1, kind="gold", spans=(Span(0, 3, "PER"), Span(4, 8, "PER")))
    near = AnnotationRecord(document_id=1, kind="prediction", spans=(Span(0, 2, "PER"),), model="m", model_version="2")
    no_gold = AnnotationRecord(document_id=2, kind="prediction", spans=(Span(0, 3, "PER"),), model="m",
                               model_version="2")
    nameless = AnnotationRecord(document_id=1, kind="prediction", spans=(Span(0, 3, "PER"),))
    result = prelabel_quality([gold, near, no_gold, nameless])
    assert list(result) == ["m@2", "unknown@unknown"]
    assert result["m@2"]["documents"] == 1
    assert result["m@2"]["exact"]["micro"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert result["m@2"]["relaxed"]["micro"] == {"p": 1.0, "r": 0.5, "f1": 0.6667}
    assert result["unknown@unknown"]["exact"]["per_label"]["PER"] == {"p": 1.0, "r": 0.5, "f1": 0.6667, "support": 2}
    assert model_key("m", "") == "m@unknown" and model_key("", "1") == "unknown@1"


def test_a_span_losing_a_token_does_not_stop_later_spans_from_being_tagged():
    assert iob2_tags(TOKENS, [Span(0, 12, "X"), Span(4, 8, "Y"), Span(13, 17, "Z")]) == ["B-X", "I-X", "I-X", "B-Z"]


def test_prelabel_quality_counts_every_document_and_symmetric_relations_either_way():
    a, b = Span(0, 3, "PER"), Span(4, 8, "PER")
    records = []
    for doc in (1, 2):
        records.append(AnnotationRecord(document_id=doc, kind="gold", spans=(a, b), relations=(Relation(a, b, "knows"),)))
        records.append(AnnotationRecord(document_id=doc, kind="prediction", spans=(a, b),
                                        relations=(Relation(b, a, "knows"),), model="m", model_version="1"))
    assert prelabel_quality(records)["m@1"]["documents"] == 2
    assert prelabel_quality(records)["m@1"]["relations"]["f1"] == 0.0
    assert prelabel_quality(records, symmetric_relation_labels=frozenset({"knows"}))["m@1"]["relations"]["f1"] == 1.0


def test_review_decisions_skip_predictions_and_count_every_later_annotation():
    from annotator.metrics import Decision, review_decisions

    decision = Decision(0, 3, "PER", "m", "1", "accepted")
    records = [AnnotationRecord(document_id=1, kind="prediction"),
               AnnotationRecord(document_id=1, kind="annotation", decisions=(decision,)),
               AnnotationRecord(document_id=2, kind="gold", decisions=(Decision(0, 3, "PER", "m", "1", "rejected"),))]
    figures = review_decisions(records)["m@1"]
    assert (figures["accepted"], figures["rejected"], figures["documents"]) == (1, 1, 2)
