"""The figures kept as work is saved equal the figures rebuilt from scratch, the stats read from them
equal the stats computed the old way (every annotation read, tests/reference), and each person's next
document under every queue order heads their whole queue, after random
sequences of saves and submissions by three people, gold saves by a reviewer, prediction imports of
two models (a re-import is a re-prelabel: the model's prediction replaced, its version changed),
gold imports, and deletions of documents and of annotations.

Texts mix emoji, CJK, combining marks and CRLF, so offsets are code points throughout.
"""
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from annotator.models import Annotation, Document, DocumentFigures, Membership, ProjectFigure, QueueOrder
from annotator.selectors.annotations import project_label_set
from annotator.selectors.queue import annotator_queue, next_document_for_annotator
from annotator.selectors.stats import project_stats
from annotator.services.annotation_import import annotations_import
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from annotator.services.documents import documents_add
from annotator.services.figures import document_figures_forget, document_figures_refresh, project_figures_rebuild
from annotator.services.projects import project_create
from tests.reference.stats_before_figures import project_stats_reference

TEXTS = ["Ana works for Acme in Paris.", "😀 Zoë visited 北京\r\nwith Acme.", "Ange\u0301la met 東京 Corp, then Bob.",
         "👩\u200d👩\u200d👧 family\r\nin Lyon"]
LABELS = ("PER", "ORG", "LOC")
RELATIONS = ("works_for", "near")  # "near" is symmetric
MODELS = ("spacy_a", "spacy_b")
PEOPLE = ("ann", "ben", "cho")
EXAMPLES = settings(max_examples=15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


@st.composite
def bodies(draw, with_decisions: bool = False):
    """Spans in the first 12 code points (every text is longer), unique, with relations between them;
    with decisions on some of them as suggestions of a model."""
    spans, seen = [], set()
    for index in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, 10))
        end = draw(st.integers(start + 1, 12))
        label = draw(st.sampled_from(LABELS))
        if (start, end, label) not in seen:
            seen.add((start, end, label))
            spans.append({"id": index, "start": start, "end": end, "label": label})
    relations, pairs = [], set()
    if len(spans) > 1:
        for _ in range(draw(st.integers(0, 2))):
            head, child = draw(st.sampled_from(spans)), draw(st.sampled_from(spans))
            label = draw(st.sampled_from(RELATIONS))
            if head is not child and (head["id"], child["id"], label) not in pairs:
                pairs.add((head["id"], child["id"], label))
                relations.append({"head": head["id"], "child": child["id"], "label": label})
    decisions, decided = [], set()
    if with_decisions:
        for span in spans[:draw(st.integers(0, 2))]:
            model = draw(st.sampled_from(MODELS))
            if (span["start"], span["end"], span["label"], model) not in decided:
                decided.add((span["start"], span["end"], span["label"], model))
                decisions.append({"start": span["start"], "end": span["end"], "label": span["label"], "model": model,
                                  "model_version": draw(st.sampled_from(["1", "2"])),
                                  "decision": draw(st.sampled_from(["accepted", "rejected"]))})
    return {"spans": spans, "relations": relations, "decisions": decisions}


documents = st.integers(0, len(TEXTS) - 1)
# People work on the first two documents, mostly submitting: pairs of submissions to compare.
saves = st.tuples(st.just("save"), st.integers(0, 1), st.sampled_from(PEOPLE), bodies(with_decisions=True),
                  st.sampled_from([True, True, False]))
operations = st.one_of(
    saves, saves, saves,  # three times as often as the rest
    st.tuples(st.just("gold"), documents, bodies(with_decisions=True)),
    *[st.tuples(st.just("predict"), st.lists(documents, min_size=1, max_size=3), st.sampled_from(MODELS),
                st.sampled_from(["1", "2"]), bodies())] * 2,
    st.tuples(st.just("import_gold"), st.lists(documents, min_size=1, max_size=2), bodies()),
    st.tuples(st.just("delete_document"), documents),
    st.tuples(st.just("delete_annotation"), documents),
)


def apply(operation, *, project, documents_by_index, people, reviewer) -> None:
    kind, *args = operation
    alive = {index: document for index, document in documents_by_index.items()
             if Document.objects.filter(pk=document.pk).exists()}
    labels = project_label_set(project=project)
    if kind == "save" and args[0] in alive:
        index, person, body, submit = args
        annotation_mine_save(document=alive[index], user=people[person], spans=body["spans"],
                             relations=body["relations"], decisions=body["decisions"], submit=submit,
                             active_ms=1500 * (index + 1))
    elif kind == "gold" and args[0] in alive:
        index, body = args
        annotation_gold_save(document=alive[index], user=reviewer, spans=body["spans"], relations=body["relations"],
                             decisions=body["decisions"])
    elif kind == "predict":
        indexes, model, version, body = args
        ids = [alive[i].pk for i in indexes if i in alive]
        annotations_import(kind="prediction", document_ids=ids, bodies=[body] * len(ids), labels=labels,
                           model=model, model_version=version)
    elif kind == "import_gold":
        indexes, body = args
        ids = [alive[i].pk for i in indexes if i in alive]
        annotations_import(kind="gold", document_ids=ids, bodies=[body] * len(ids), labels=labels, author=reviewer)
    elif kind == "delete_document" and args[0] in alive:
        document = alive[args[0]]
        document_figures_forget(document_ids=[document.pk])  # as the admin's delete does
        document.delete()
    elif kind == "delete_annotation" and args[0] in alive:
        annotation = Annotation.objects.filter(document=alive[args[0]]).order_by("id").first()
        if annotation is not None:
            annotation.delete()
            document_figures_refresh(document_ids=[alive[args[0]].pk])


def kept(project) -> tuple:
    # A counter at 0 says nothing (the status triggers leave theirs, a rebuild writes none).
    return (sorted(ProjectFigure.objects.filter(project=project).exclude(value=0).values_list("key", "value")),
            sorted(DocumentFigures.objects.filter(project=project).values_list("document_id", "counters",
                                                                               "gold_signature")),
            sorted(Document.objects.filter(project=project).values_list(
                "id", "figure_disagreement", "figure_submitted", "figure_uncertainty", "figure_model_spread")))


def without_time(stats: dict) -> dict:
    """The "annotators" rows count recent work against the clock: compared apart from the rest."""
    return {key: value for key, value in stats.items() if key != "annotators"}


@pytest.fixture
def team(db, make_user):
    # Made out of name order: the kept figures key people by id, the stats order them by name.
    people = {name: make_user(name) for name in sorted(PEOPLE, reverse=True)}
    return people, make_user("rev")


@pytest.mark.django_db
@EXAMPLES
@given(first=bodies(with_decisions=True), second=bodies(with_decisions=True),
       steps=st.lists(operations, min_size=3, max_size=16))
def test_kept_figures_equal_rebuilt_ones_and_the_old_stats(team, first, second, steps):
    people, reviewer = team
    project = project_create(name="Figures", allow_overlap=True,
                             entity_types=[{"name": name} for name in LABELS],
                             relation_types=[{"name": "works_for"}, {"name": "near", "symmetric": True}])
    for person in people.values():
        Membership.objects.create(user=person, project=project, role="annotator")
    added = documents_add(project=project, records=[{"text": text} for text in TEXTS])
    documents_by_index = dict(enumerate(Document.objects.filter(pk__in=added.ids).order_by("id")))
    # Two people submit the first document first (a pair to compare), then anything happens.
    for step in [("save", 0, "cho", first, True), ("save", 0, "ann", second, True), *steps]:
        apply(step, project=project, documents_by_index=documents_by_index, people=people, reviewer=reviewer)

    stats = project_stats(project=project)
    reference = project_stats_reference(project=project)
    event(f"pairs of annotators compared: {bool(stats['agreement']['pairs'])}")
    event(f"versions side by side: {len(stats['model_comparison']['versions'])}")
    event(f"review decisions: {bool(stats['review_decisions'])}")
    assert without_time(stats) == without_time(reference)
    assert [{k: v for k, v in row.items() if not k.startswith("last_")} for row in stats["annotators"]] == [
        {k: v for k, v in row.items() if not k.startswith("last_")} for row in reference["annotators"]]

    # Each person's next document, found in a few steps through the kept figures, heads their whole queue.
    for how in QueueOrder.values:
        project.queue_order = how
        for person in people.values():
            queue = annotator_queue(project=project, user=person).first()
            assert next_document_for_annotator(project=project, user=person) == queue

    incremental = kept(project)
    project_figures_rebuild(project=project, batch_size=2)
    assert kept(project) == incremental
