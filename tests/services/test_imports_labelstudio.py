"""A Label Studio export comes in whole (two annotators, ground truth, two model versions, relations,
emoji text) and our labelstudio export of it carries the same spans and relations; predictions
imports apply the project's label_map."""
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from annotator.models import Annotation, Document, Job
from annotator.services.exports import export_build, export_create
from annotator.services.imports import import_documents_run, import_options_validate
from annotator.services.jobs import job_create, job_run

EXPORT = Path(__file__).parents[1] / "formats" / "data" / "labelstudio_export.json"


def run_import(project, path, *, as_="gold", created_by=None, **params):
    job = job_create(kind="import", project=project, created_by=created_by,
                     params={"path": str(path), "as": as_, **params})
    job_run(job_id=job.pk, work=import_documents_run)
    return Job.objects.get(pk=job.pk)


def body(annotation):
    text = annotation.document.text
    spans = {s.pk: (text[s.start:s.end], s.label.name) for s in annotation.spans.all()}
    relations = sorted((spans[r.head_id], spans[r.child_id], r.label.name) for r in annotation.relations.all())
    return sorted(spans.values()), relations


@pytest.fixture
def labelled_project(project, users):
    users["alice"].email = "alice@example.org"
    users["alice"].save(update_fields=["email"])
    project.label_map = {"PER": "PERSON"}
    project.save(update_fields=["label_map"])
    return project


@pytest.mark.django_db
def test_label_studio_export_imports_whole(labelled_project, users, tmp_path):
    job = run_import(labelled_project, EXPORT, created_by=users["carol"])
    assert job.status == "succeeded", job.errors
    assert job.result["format"] == "labelstudio"
    assert job.result["users_created"] == ["dana@example.org"]
    assert job.result["skipped"] == {"cancelled_annotations": 1, "relations_without_label": 1}
    assert job.result["labels_dropped"] == {"PERCENT": 1}
    dana = get_user_model().objects.get(username="dana@example.org")
    assert not dana.is_active and not dana.has_usable_password() and dana.email == "dana@example.org"

    wire = Document.objects.get(external_id="101")
    assert wire.meta == {"batch": "A", "source": "wire"}
    alice = Annotation.objects.get(document=wire, kind="annotation", author=users["alice"])  # matched by email
    assert alice.status == "submitted"
    assert body(alice) == ([("Microsoft", "ORG"), ("Satya Nadella", "PERSON")],
                           [(("Satya Nadella", "PERSON"), ("Microsoft", "ORG"), "works_for")])
    dana_work = Annotation.objects.get(document=wire, kind="annotation", author=dana)  # UTF-16 offsets converted
    gold = Annotation.objects.get(document=wire, kind="gold")
    assert gold.author == dana and body(gold) == body(dana_work)
    assert body(gold)[0] == [("Microsoft", "ORG"), ("Redmond", "GPE"), ("Satya Nadella", "PERSON")]
    assert len(body(gold)[1]) == 2

    predictions = {a.model: a for a in Annotation.objects.filter(document=wire, kind="prediction")}
    assert sorted(predictions) == ["ner-v1", "ner-v2"]
    assert predictions["ner-v2"].model_version == "ner-v2"
    v2 = [(wire.text[s.start:s.end], s.label.name, s.score) for s in predictions["ner-v2"].spans.all()]
    assert v2 == [("Satya Nadella", "PERSON", 0.95)]  # PER mapped by label_map, PERCENT dropped
    cjk = Document.objects.get(external_id="102")
    assert Annotation.objects.get(document=cjk, kind="gold").author == users["alice"]

    # Imported again: the same state, no second user, no duplicate annotations.
    again = run_import(labelled_project, EXPORT, created_by=users["carol"])
    assert again.status == "succeeded" and "users_created" not in again.result
    assert Annotation.objects.filter(document=wire).count() == 5

    export = export_create(project=labelled_project, format="labelstudio", split={"train": 1.0},
                           created_by=users["carol"])
    export_build(job_id=export.job_id)
    export.refresh_from_db()
    with zipfile.ZipFile(export.file.open("rb")) as archive:
        tasks = json.loads(archive.read("train.json"))
        assert "labeling_config.xml" in archive.namelist()
    by_text = {task["data"]["text"]: task for task in tasks}
    for document in (wire, cjk):
        [annotation] = by_text[document.text]["annotations"]
        result = annotation["result"]
        regions = {i["id"]: (i["value"]["text"], i["value"]["labels"][0]) for i in result if i["type"] == "labels"}
        relations = sorted((regions[i["from_id"]], regions[i["to_id"]], i["labels"][0])
                           for i in result if i["type"] == "relation")
        assert (sorted(regions.values()), relations) == body(Annotation.objects.get(document=document, kind="gold"))
        assert annotation["ground_truth"] is True
    exported = {p["model_version"]: sorted((i["value"]["text"], i["value"]["labels"][0], i["score"])
                                           for i in p["result"]) for p in by_text[wire.text]["predictions"]}
    assert exported == {"ner-v1": [("Microsoft", "ORG", 0.4), ("Satya Nadella", "PERSON", 0.9)],
                        "ner-v2": [("Satya Nadella", "PERSON", 0.95)]}


@pytest.mark.django_db
def test_as_predictions_takes_only_the_predictions(labelled_project, users):
    job = run_import(labelled_project, EXPORT, as_="predictions")
    assert job.status == "succeeded", job.errors
    assert set(Annotation.objects.values_list("kind", flat=True)) == {"prediction"}
    assert not get_user_model().objects.filter(username="dana@example.org").exists()


@pytest.mark.django_db
def test_predictions_import_applies_label_map_and_names_its_model(labelled_project, tmp_path):
    path = tmp_path / "preds.jsonl"
    path.write_text(json.dumps({"text": "Ada Lovelace 😀 earned 5 percent.", "spans": [
        {"id": 1, "start": 0, "end": 12, "label": "PER", "score": 0.9},
        {"id": 2, "start": 23, "end": 32, "label": "PERCENT"}]}) + "\n", encoding="utf-8")
    job = run_import(labelled_project, path, as_="predictions", model="en_core_web_sm", model_version="3.8.0")
    assert job.status == "succeeded", job.errors
    assert job.result["labels_dropped"] == {"PERCENT": 1}
    assert (job.result["model"], job.result["model_version"]) == ("en_core_web_sm", "3.8.0")
    prediction = Annotation.objects.get(kind="prediction")
    assert (prediction.model, prediction.model_version) == ("en_core_web_sm", "3.8.0")
    assert [(s.start, s.end, s.label.name) for s in prediction.spans.all()] == [(0, 12, "PERSON")]


def test_model_version_is_refused_for_a_documents_import():
    from annotator.services.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        import_options_validate(format="auto", as_="documents", model=None, model_version="1")
    assert error.value.errors[0]["field"] == "model_version"


@pytest.mark.django_db
def test_the_imported_project_exports_to_hf_and_datasets_loads_it(labelled_project, users, tmp_path, monkeypatch):
    datasets = pytest.importorskip("datasets")
    from seqeval.metrics.sequence_labeling import get_entities

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    assert run_import(labelled_project, EXPORT, created_by=users["carol"]).status == "succeeded"
    export = export_create(project=labelled_project, format="hf", split={"train": 0.5, "dev": 0.5, "test": 0.0},
                           created_by=users["carol"])
    export_build(job_id=export.job_id)
    export.refresh_from_db()
    with zipfile.ZipFile(export.file.open("rb")) as archive:
        archive.extractall(tmp_path / "hf")
    loaded = datasets.load_dataset(str(tmp_path / "hf"), cache_dir=str(tmp_path / "cache"))
    names = loaded[next(iter(loaded))].features["ner_tags"].feature.names
    assert names == ["O", "B-PERSON", "I-PERSON", "B-ORG", "I-ORG", "B-GPE", "I-GPE"]
    found = set()
    for split in loaded:
        for row in loaded[split]:
            tags = [names[tag] for tag in row["ner_tags"]]
            found |= {(" ".join(row["tokens"][start:end + 1]), label) for label, start, end in get_entities(tags)}
    assert found == {("Satya Nadella", "PERSON"), ("Microsoft", "ORG"), ("Redmond", "GPE"), ("習近平", "PERSON"),
                     ("北京", "GPE")}
