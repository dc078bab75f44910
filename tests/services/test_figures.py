"""The kept figures follow what changes them outside a save: a document deleted in the admin, an entity
type renamed, a relation type made symmetric; and `rebuild_figures` restores them from the annotations."""
import pytest
from django.core.management import call_command
from django.urls import reverse

from annotator.models import Document, ProjectFigure
from annotator.selectors.annotations import project_label_set
from annotator.selectors.stats import project_stats
from annotator.services.annotation_import import annotations_import
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from annotator.services.documents import documents_add
from annotator.services.labels import entity_type_update, relation_type_update
from tests.reference.stats_before_figures import project_stats_reference

TEXT = "😀 Zoë works for 北京 Acme\r\nin Paris."


def span(text: str, piece: str, label: str, key: int) -> dict:
    start = text.index(piece)  # code points: the emoji is one
    return {"id": key, "start": start, "end": start + len(piece), "label": label}


@pytest.fixture
def worked(project, users):
    """Two documents with a prediction and gold; alice and bob submitted the first."""
    ids = documents_add(project=project, records=[{"text": TEXT}, {"text": "Ana met Bo in Lyon."}]).ids
    first, second = Document.objects.filter(pk__in=ids).order_by("id")
    zoe, acme = span(TEXT, "Zoë", "PERSON", 1), span(TEXT, "Acme", "ORG", 2)
    works = {"head": 1, "child": 2, "label": "works_for"}
    backwards = {"head": 2, "child": 1, "label": "works_for"}
    annotations_import(kind="prediction", document_ids=ids, labels=project_label_set(project=project),
                       bodies=[{"spans": [zoe, acme], "relations": [backwards]}, {"spans": []}],
                       model="spacy_x", model_version="1")
    for document in (first, second):
        annotation_gold_save(document=document, user=users["carol"], spans=[zoe, acme] if document == first else [],
                             relations=[works] if document == first else [])
    annotation_mine_save(document=first, user=users["alice"], spans=[zoe, acme], relations=[works], submit=True)
    annotation_mine_save(document=first, user=users["bob"], spans=[zoe], relations=[], submit=True)
    return first, second


def same_as_reference(project) -> dict:
    stats = project_stats(project=project)
    reference = project_stats_reference(project=project)
    for figures in (stats, reference):
        for row in figures["annotators"]:
            row.pop("last_7_days"), row.pop("last_30_days")
    assert stats == reference
    return stats


def test_a_document_deleted_in_the_admin_leaves_the_stats(worked, project, users, admin_client):
    first, _second = worked
    assert same_as_reference(project)["prelabel_quality"]["spacy_x@1"]["documents"] == 2
    response = admin_client.post(reverse("admin:annotator_document_delete", args=[first.pk]), {"post": "yes"})
    assert response.status_code == 302
    stats = same_as_reference(project)
    assert stats["prelabel_quality"]["spacy_x@1"]["documents"] == 1
    assert stats["agreement"] == {"pairs": [], "vs_gold": []}
    assert stats["annotations"] == {"prediction": 1, "annotation": 0, "gold": 1}


def test_a_renamed_entity_type_is_named_anew_in_the_stats(worked, project):
    person = project.entity_types.get(name="PERSON")
    entity_type_update(entity_type=person, name="PER")
    stats = same_as_reference(project)
    assert set(stats["prelabel_quality"]["spacy_x@1"]["exact"]["per_label"]) == {"PER", "ORG"}
    assert set(stats["agreement"]["pairs"][0]["per_label"]) == {"PER", "ORG"}


def test_a_relation_type_made_symmetric_matches_relations_either_way(worked, project):
    before = same_as_reference(project)["prelabel_quality"]["spacy_x@1"]["relations"]
    assert before["f1"] == 0.0  # the prediction has the relation backwards
    relation_type_update(relation_type=project.relation_types.get(name="works_for"), symmetric=True)
    assert same_as_reference(project)["prelabel_quality"]["spacy_x@1"]["relations"]["f1"] == 1.0


def test_rebuild_figures_restores_figures_lost_or_never_kept(worked, project):
    kept = same_as_reference(project)
    ProjectFigure.objects.filter(project=project).delete()  # as after upgrading: nothing kept yet
    Document.objects.filter(project=project).update(figure_disagreement=0.0, figure_submitted=0)
    assert project_stats(project=project)["prelabel_quality"] == {}
    call_command("rebuild_figures", "--project", str(project.pk))
    assert same_as_reference(project) == kept
    first, _second = worked
    assert Document.objects.get(pk=first.pk).figure_submitted == 2
