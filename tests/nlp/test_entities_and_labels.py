"""Span records from Docs (ents, or a scored span group) and the label map rules."""
import spacy
from spacy.tokens import Doc, Span, SpanGroup

from annotator.nlp import EntityRecord, LabelMapper, doc_entities


def make_doc():
    nlp = spacy.blank("en")
    return nlp("Maria Okafor works for Siemens in Berlin")


def test_doc_ents_become_records_without_scores():
    doc = make_doc()
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 4, 5, "ORG")]
    assert doc_entities(doc) == [EntityRecord(0, 12, "PERSON", None), EntityRecord(23, 30, "ORG", None)]


def test_a_scored_span_group_keeps_scores_and_resolves_overlap_when_asked():
    doc: Doc = make_doc()
    group = SpanGroup(doc, name="sc", spans=[Span(doc, 0, 2, "PERSON"), Span(doc, 1, 2, "PERSON"),
                                             Span(doc, 6, 7, "GPE")])
    group.attrs["scores"] = [0.9, 0.4, 0.75]
    doc.spans["sc"] = group
    records = doc_entities(doc, spans_key="sc")
    assert records == [EntityRecord(0, 12, "PERSON", 0.9), EntityRecord(6, 12, "PERSON", 0.4),
                       EntityRecord(34, 40, "GPE", 0.75)]
    assert doc_entities(doc, spans_key="sc", allow_overlap=False) == [records[0], records[2]]


def test_label_mapper_rules():
    mapper = LabelMapper(label_map={"PERSON": "PER", "NORP": None, "DATE": "WHEN"},
                         project_labels=["PER", "ORG", "GPE"])
    assert mapper.map("PERSON") == "PER"  # mapped
    assert mapper.map("ORG") == "ORG"  # unmapped, same name in the project: kept
    assert mapper.map("NORP") is None  # mapped to nothing: dropped on purpose
    assert mapper.map("DATE") is None  # mapped to a type the project lacks: dropped
    assert mapper.map("CARDINAL") is None and mapper.map("CARDINAL") is None  # unknown: dropped
    assert mapper.dropped == {"NORP": 1, "DATE": 1, "CARDINAL": 2}
    assert mapper.target("CARDINAL") is None and mapper.dropped["CARDINAL"] == 2  # target() counts nothing
    assert LabelMapper(label_map=None, project_labels=[]).map("PERSON") is None
