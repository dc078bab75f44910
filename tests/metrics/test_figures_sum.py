"""The stats read from counters summed over documents (annotator/metrics/figures.py, figures_read.py)
equal the stats computed from every annotation at once (quality.py, decisions.py, comparison.py,
agreement.py): the same dicts, for random projects of a few documents with predictions of several
model versions, people's drafts and submissions with decisions on suggestions, and gold.

People are counted by id and named on reading: ids are numbered against the names' order, so a pair
stored as (1, 2) is shown as ("ann", "cho") only after swapping its sides."""
from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.metrics import annotator_agreement, prelabel_quality, review_decisions
from annotator.metrics.comparison import model_comparison
from annotator.metrics.agreement import document_disagreement
from annotator.metrics.figures import (counters_difference, document_counters, gold_signature, review_disagreement,
                                       submitted_count)
from annotator.metrics.figures_read import (annotator_agreement_read, comparison_signature, kind_counts_read,
                                            model_comparison_read, prelabel_quality_read, review_decisions_read)
from annotator.metrics.records import (ANNOTATION, DRAFT, GOLD, PREDICTION, SUBMITTED, AnnotationRecord, Decision,
                                       Relation, Span)

LABELS = ("PER", "ORG", "LOC")
RELATIONS = ("works_for", "near")
SYMMETRIC = frozenset({"near"})
MODELS = (("spacy", "1"), ("spacy", "2"), ("", ""), ("rules", ""))  # ("", "") reads unknown@unknown
PEOPLE = {3: "ann", 1: "ben", 2: "cho"}  # ids against the names' order
TOKENS = ((0, 2), (3, 5), (5, 8), (9, 12))


@st.composite
def body(draw):
    spans = tuple(sorted({Span(start, draw(st.integers(start + 1, 12)), draw(st.sampled_from(LABELS)))
                          for start in draw(st.lists(st.integers(0, 11), max_size=4))}))
    relations = ()
    if len(spans) > 1:
        relations = tuple(sorted({Relation(draw(st.sampled_from(spans)), draw(st.sampled_from(spans)),
                                           draw(st.sampled_from(RELATIONS))) for _ in range(draw(st.integers(0, 2)))}))
    return spans, tuple(relation for relation in relations if relation.head != relation.child)


@st.composite
def decisions(draw):
    chosen = draw(st.lists(st.tuples(st.sampled_from([Span(0, 2, "PER"), Span(3, 8, "ORG"), Span(9, 12, "PER")]),
                                     st.sampled_from(MODELS), st.sampled_from(["accepted", "rejected", "edited"])),
                           max_size=3, unique_by=lambda item: (item[0], item[1])))
    return tuple(Decision(span.start, span.end, span.label, model, version, decision)
                 for span, (model, version), decision in chosen)


@st.composite
def document(draw, document_id: int):
    """A document's records in id order: predictions (one per model version), people's annotations
    (one each, draft or submitted), at most one gold."""
    records = []
    for model, version in draw(st.lists(st.sampled_from(MODELS), max_size=3, unique=True)):
        spans, relations = draw(body())
        records.append(AnnotationRecord(document_id, PREDICTION, spans, relations, model=model, model_version=version))
    for person in draw(st.lists(st.sampled_from(sorted(PEOPLE)), max_size=3, unique=True)):
        spans, relations = draw(body())
        records.append(AnnotationRecord(document_id, ANNOTATION, spans, relations, author=person,
                                        status=draw(st.sampled_from([DRAFT, SUBMITTED])), decisions=draw(decisions())))
    if draw(st.booleans()):
        spans, relations = draw(body())
        records.append(AnnotationRecord(document_id, GOLD, spans, relations, author=draw(st.sampled_from(sorted(PEOPLE))),
                                        decisions=draw(decisions())))
    return draw(st.permutations(records))  # id order is any order of kinds


@st.composite
def projects(draw):
    count = draw(st.integers(1, 5))
    return {document_id: draw(document(document_id)) for document_id in range(1, count + 1)}


def summed(project) -> Counter:
    totals = Counter()
    for records in project.values():
        totals.update(document_counters(records, tokens=TOKENS, symmetric_relation_labels=SYMMETRIC))
    return totals


def named(project) -> list[AnnotationRecord]:
    """Every record with its author's name, as the stats computed from every annotation see them."""
    return [replace(record, author=PEOPLE.get(record.author)) for records in project.values() for record in records]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(projects(), st.sampled_from([(), ("rules", "spacy"), ("spacy",)]))
def test_figures_summed_over_documents_read_back_as_the_stats_of_every_annotation(project, order):
    totals = summed(project)
    records = named(project)
    assert prelabel_quality_read(totals) == prelabel_quality(records, symmetric_relation_labels=SYMMETRIC)
    assert review_decisions_read(totals) == review_decisions(records)
    shared = [pk for pk, items in project.items() if gold_signature(items) == comparison_signature(totals)]
    assert model_comparison_read(totals, shared_ids=shared, order=order) == model_comparison(
        records, order=order, symmetric_relation_labels=SYMMETRIC)
    assert annotator_agreement_read(totals, usernames=PEOPLE) == annotator_agreement(
        records, tokens_by_document=dict.fromkeys(project, TOKENS), symmetric_relation_labels=SYMMETRIC)
    assert kind_counts_read(totals, kinds=(PREDICTION, ANNOTATION, GOLD)) == {
        kind: sum(record.kind == kind for record in records) for kind in (PREDICTION, ANNOTATION, GOLD)}
    assert all(value > 0 for value in totals.values())  # no zero counter is kept


@settings(max_examples=40, deadline=None, derandomize=True)
@given(projects(), st.data())
def test_a_document_changed_or_removed_moves_the_totals_by_its_difference_alone(project, data):
    totals = summed(project)
    pk = data.draw(st.sampled_from(sorted(project)))
    old = document_counters(project[pk], tokens=TOKENS, symmetric_relation_labels=SYMMETRIC)
    changed = {**project, pk: data.draw(document(pk))}
    new = document_counters(changed[pk], tokens=TOKENS, symmetric_relation_labels=SYMMETRIC)
    moved = totals + Counter()  # a copy
    for key, value in counters_difference(new, old).items():
        moved[key] += value
    assert +moved == summed(changed)
    assert counters_difference(old, old) == {} and 0 not in counters_difference(new, old).values()
    removed = Counter(totals)
    removed.update(counters_difference({}, old))
    assert +removed == summed({key: value for key, value in project.items() if key != pk})


@settings(max_examples=40, deadline=None, derandomize=True)
@given(document(7))
def test_a_documents_queue_figures_are_its_disagreement_and_submitted_count(records):
    records = [replace(record, author=PEOPLE.get(record.author)) for record in records]
    assert review_disagreement(records) == document_disagreement(records).get(7, 0.0)
    assert submitted_count(records) == sum(r.kind == ANNOTATION and r.status == SUBMITTED for r in records)
    assert gold_signature(records) == (None if not any(r.kind == GOLD for r in records) else "\n".join(
        sorted({r.model_key for r in records if r.kind == PREDICTION})))


def test_a_gold_document_of_no_prediction_has_an_empty_signature_and_a_pair_is_shown_by_name_order():
    gold = AnnotationRecord(1, GOLD, (Span(0, 2, "PER"),), author=3)
    assert gold_signature([gold]) == "" and gold_signature([replace(gold, kind=ANNOTATION)]) is None
    ann = AnnotationRecord(1, ANNOTATION, (Span(0, 2, "PER"),), author=3, status=SUBMITTED)  # ann, id 3
    ben = AnnotationRecord(1, ANNOTATION, (Span(0, 2, "PER"), Span(3, 5, "ORG")), author=1, status=SUBMITTED)
    totals = document_counters([ann, ben], tokens=TOKENS)
    [pair] = annotator_agreement_read(totals, usernames=PEOPLE)["pairs"]
    assert (pair["a"], pair["b"]) == ("ann", "ben")
    assert pair["per_label"]["ORG"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1}  # only ben drew it
    assert annotator_agreement_read(totals, usernames={1: "ben"}) == {"pairs": [], "vs_gold": []}  # ann deleted
