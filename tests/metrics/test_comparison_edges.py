"""Model versions side by side (annotator/metrics/comparison.py), as the stats page and the evaluate
command read them: scored on the gold documents every compared version predicted, in the registry's
order, each with its change from the version before it. Worked by hand below."""
from annotator.metrics.comparison import model_comparison
from annotator.metrics.records import AnnotationRecord, Decision, Relation, Span

PER, ORG = Span(0, 3, "PER"), Span(4, 8, "ORG")
WORKS_FOR = Relation(PER, ORG, "works_for")


def prediction(document_id, spans=(), relations=(), *, model="ner", version="1"):
    return AnnotationRecord(document_id, "prediction", tuple(spans), tuple(relations), model=model,
                            model_version=version)


GOLD = [AnnotationRecord(1, "gold", (PER, ORG), (WORKS_FOR,),
                         decisions=(Decision(0, 3, "PER", "ner", "1", "accepted"),
                                    Decision(4, 7, "ORG", "ner", "1", "rejected"),
                                    Decision(0, 2, "PER", "ner", "1", "accepted"))),
        AnnotationRecord(2, "gold", (Span(0, 2, "PER"),)),
        AnnotationRecord(3, "gold", (Span(0, 5, "ORG"),))]
PREDICTIONS = [
    # ner@1 predicted all three gold documents; its ORG is one character short on document 1.
    prediction(1, [PER, Span(4, 7, "ORG")]), prediction(2, [Span(0, 2, "PER")]), prediction(3),
    # ner@2 predicted documents 1 and 2 only, and found the relation; it missed document 2's PER.
    prediction(1, [PER, ORG], [WORKS_FOR], version="2"), prediction(2, version="2"),
    # zzz, a model the registry does not know, predicted nothing on 1 and 2.
    prediction(1, model="zzz"), prediction(2, model="zzz"),
    # A prediction on a document without gold takes no part.
    prediction(4, [Span(0, 1, "PER")], model="other", version="x"),
]


def test_versions_are_scored_on_the_gold_documents_they_all_predicted():
    result = model_comparison(PREDICTIONS + GOLD, order=["ner"])
    assert (result["documents"], result["document_ids"], result["labels"]) == (2, [1, 2], ["ORG", "PER"])
    # Unknown models first, then the registry's order, versions by key.
    assert [row["key"] for row in result["versions"]] == ["zzz@1", "ner@1", "ner@2"]
    _unknown, first, second = result["versions"]
    assert (first["model"], first["model_version"], first["gold_documents"], second["gold_documents"]) == \
        ("ner", "1", 3, 2)
    # ner@1 on documents 1 and 2: PER twice exact, ORG one short (relaxed only): 2 of 3 either way.
    assert first["exact"]["micro"] == {"p": 0.6667, "r": 0.6667, "f1": 0.6667}
    assert first["exact"]["per_label"]["ORG"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1}
    assert first["relaxed"]["micro"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert first["relations"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    # ner@2: two found, none wrong, document 2's PER missed; document 3 (only ner@1 predicted it) not counted.
    assert second["exact"]["micro"] == {"p": 1.0, "r": 0.6667, "f1": 0.8}
    assert second["relations"] == {"p": 1.0, "r": 1.0, "f1": 1.0}


def test_each_version_shows_its_change_from_the_one_before_and_the_decisions_on_its_suggestions():
    zzz, first, second = model_comparison(PREDICTIONS + GOLD, order=["ner"])["versions"]
    assert zzz["change"] is None
    assert first["change"] == {"from": "zzz@1", "f1": 0.6667}
    assert second["change"] == {"from": "ner@1", "f1": 0.1333}
    assert first["decisions"] == {"accepted": 2, "rejected": 1, "accept_rate": 0.6667}
    assert second["decisions"] == zzz["decisions"] == {"accepted": 0, "rejected": 0, "accept_rate": 0}


def test_the_registry_order_wins_over_the_names():
    keys = [row["key"] for row in model_comparison(PREDICTIONS + GOLD, order=["zzz", "ner"])["versions"]]
    assert keys == ["zzz@1", "ner@1", "ner@2"]
    keys = [row["key"] for row in model_comparison(PREDICTIONS + GOLD, order=["ner", "zzz"])["versions"]]
    assert keys == ["ner@1", "ner@2", "zzz@1"]


def test_a_reversed_relation_counts_only_for_a_symmetric_type():
    knows, reversed_knows = Relation(PER, ORG, "knows"), Relation(ORG, PER, "knows")
    records = [AnnotationRecord(1, "gold", (PER, ORG), (knows,)), prediction(1, [PER, ORG], [reversed_knows])]
    [row] = model_comparison(records)["versions"]
    assert row["relations"]["f1"] == 0.0
    [row] = model_comparison(records, symmetric_relation_labels=frozenset({"knows"}))["versions"]
    assert row["relations"]["f1"] == 1.0


def test_versions_sharing_no_gold_document_are_listed_with_nothing_scored():
    records = [AnnotationRecord(1, "gold", (PER,)), AnnotationRecord(2, "gold", (PER,)),
               prediction(1, [PER]), prediction(2, [PER], version="2")]
    result = model_comparison(records)
    assert (result["documents"], result["document_ids"], result["labels"]) == (0, [], [])
    assert [(row["key"], row["gold_documents"], row["exact"]["micro"]["f1"]) for row in result["versions"]] == [
        ("ner@1", 1, 0.0), ("ner@2", 1, 0.0)]


def test_labels_are_those_of_every_version_even_one_only_the_first_predicted():
    records = [AnnotationRecord(1, "gold", (PER,)), prediction(1, [PER, Span(10, 12, "GPE")]),
               prediction(1, [PER], version="2")]
    result = model_comparison(records)
    assert result["labels"] == ["GPE", "PER"]
    assert result["versions"][0]["exact"]["per_label"]["GPE"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 0}
