"""Managers in the browser: a project created with its label set, an import with line errors, and an
assignment that changes what alice is given next. Screenshots of each page go to SHOTS."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotator.models import (Annotation, AnnotationKind, Assignment, Document, DocumentStatus, EntityType, Project,
                              RelationType, Span)

SHOTS = Path(os.environ.get("I16_SHOTS", Path(__file__).resolve().parents[2] / "test-artifacts"))


def shot(page, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def test_staff_create_a_project_with_its_label_set(page, login, make_user):
    make_user("root", is_staff=True)
    login("root")
    shot(page, "home")
    page.click("#new-project")
    page.fill("#id_name", "Contracts")
    page.fill("#id_description", "Supply contracts, 2026")
    page.fill("#id_guidelines", "# Parties\nMark **every** party, with its 😀 emoji if any.")
    page.fill("#id_annotators_per_document", "2")
    shot(page, "new-project")
    page.click("#create-project")
    page.wait_for_url("**/labels/")
    expect(page.locator("#messages")).to_contain_text("Project 'Contracts' created")
    for name, key in [("PARTY", "p"), ("DATE", "p")]:
        page.fill("#entity-add-name", name)
        page.fill("#entity-add-hotkey", key)
        page.click("#entity-add-button")
    # The second one clashes: refused with the owner named, and what was typed is kept.
    expect(page.locator("#messages")).to_contain_text("hotkey 'p' already belongs to 'PARTY'")
    expect(page.locator("#entity-add-name")).to_have_value("DATE")
    shot(page, "labels-hotkey-clash")
    page.fill("#entity-add-hotkey", "d")
    page.click("#entity-add-button")
    expect(page.locator("#entity-types tbody tr")).to_have_count(2)
    page.fill("#relation-add-name", "signed_on")
    page.check("tfoot input[form=relation-add][name=head_types][value=PARTY]")
    page.check("tfoot input[form=relation-add][name=child_types][value=DATE]")
    page.click("#relation-add-button")
    expect(page.locator("#messages")).to_contain_text("Relation type 'signed_on' added.")
    shot(page, "labels")

    project = Project.objects.get(name="Contracts")
    assert [(t.name, t.hotkey) for t in EntityType.objects.filter(project=project)] == [("PARTY", "p"), ("DATE", "d")]
    relation = RelationType.objects.get(project=project)
    assert ([t.name for t in relation.head_types.all()], [t.name for t in relation.child_types.all()]) == (
        ["PARTY"], ["DATE"])
    assert (project.guidelines, project.annotators_per_document) == (
        "# Parties\nMark **every** party, with its 😀 emoji if any.", 2)
    page.click("nav.mg-tabs >> text=Settings")
    expect(page.locator("#id_name")).to_have_value("Contracts")
    shot(page, "settings")

    # A label in use: deleting it is refused with the count; renaming it relabels its span.
    text = "Acme Ltd 😀 and Zoë\r\nsigned."
    document = Document.objects.create(project=project, text=text, content_hash="c1")
    gold = Annotation.objects.create(document=document, kind=AnnotationKind.GOLD)
    Span.objects.create(annotation=gold, start=0, end=8, label=EntityType.objects.get(project=project, name="PARTY"))
    page.click("nav.mg-tabs >> text=Labels")
    party = page.locator("#entity-types tr[data-name=PARTY]")
    party.locator("button", has_text="Delete").click()
    expect(page.locator("#messages")).to_contain_text("'PARTY' is used by 1 span in 1 document")
    shot(page, "labels-delete-refused")
    party.locator("input[name=name]").fill("SIGNATORY")
    party.locator("button", has_text="Save").click()
    expect(page.locator("#messages")).to_contain_text("renamed from 'PARTY'")
    assert Span.objects.get(annotation=gold).label.name == "SIGNATORY"
    page.goto(f"/projects/{project.pk}/")
    expect(page.locator("#manage-link")).to_be_visible()
    shot(page, "project-page")


def test_an_import_of_a_bad_file_shows_its_line_errors(page, login, project, users, eager, tmp_path):
    bad = tmp_path / "articles.jsonl"
    bad.write_text('{"text": "Fine 😀 text."}\n{"title": "no text"}\n{"text": 12}\nnot json\n', encoding="utf-8")
    login("carol")
    page.goto(f"/projects/{project.pk}/")
    page.click("#import-link")
    expect(page.locator("#import-start")).to_be_disabled()
    page.set_input_files("#import-file", str(bad))
    expect(page.locator("#import-chosen")).to_contain_text("articles.jsonl")
    shot(page, "import-chosen")
    page.click("#import-start")
    expect(page.locator("#import-status")).to_have_attribute("data-status", "failed")
    # The first bad record stops the reader: line 2, whose `text` is missing, named in its own columns.
    cells = page.locator("#import-errors tbody tr").first.locator("td")
    expect(cells.nth(0)).to_have_text("articles.jsonl")
    expect(cells.nth(1)).to_have_text("2")
    expect(cells.nth(2)).to_have_text("text")
    shot(page, "import-errors")
    assert not Document.objects.filter(project=project).exists()  # nothing half-imported

    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "Zoë met 東京 officials.\\r\\nThey agreed."}\n{"text": "Second."}\n', encoding="utf-8")
    page.set_input_files("#import-file", str(good))
    page.click("#import-start")
    expect(page.locator("#import-status")).to_have_attribute("data-status", "succeeded")
    expect(page.locator("#import-detail")).to_have_text("2 documents created")
    expect(page.locator("#import-errors")).to_be_hidden()
    assert Document.objects.filter(project=project).first().text == "Zoë met 東京 officials.\r\nThey agreed."
    shot(page, "import-done")


def test_the_import_page_follows_the_job_while_it_runs(page, login, project, users, tmp_path):
    """No worker here: the test plays it through the ORM, and the page's bar follows."""
    from annotator.models import Job, JobKind, JobStatus

    upload = tmp_path / "four.jsonl"
    upload.write_text("".join(f'{{"text": "Article {i} 東京."}}\n' for i in range(4)), encoding="utf-8")
    login("carol")
    page.goto(f"/projects/{project.pk}/import/")
    page.set_input_files("#import-file", str(upload))
    page.click("#import-start")
    status = page.locator("#import-status")
    expect(status).to_have_attribute("data-status", "queued")
    job = Job.objects.get(project=project, kind=JobKind.IMPORT)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, total=4, done=2)
    expect(page.locator("#import-detail")).to_have_text("2 of 4 documents")
    expect(page.locator("#import-progress")).to_have_attribute("value", "50")
    shot(page, "import-running")
    page.click("#import-cancel")
    expect(page.locator("#import-cancel")).to_be_hidden()
    job.refresh_from_db()
    assert job.cancel_requested
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, done=4,
                                         result={"created": 3, "duplicates": 1, "annotations": 0})
    expect(status).to_have_attribute("data-status", "succeeded")
    expect(page.locator("#import-detail")).to_have_text("3 documents created, 1 duplicate skipped")


@pytest.mark.parametrize("unassigned_too", [True])
def test_assignment_changes_alices_queue(page, login, project, users, fresh_page, unassigned_too):
    documents = [Document.objects.create(project=project, text=f"Article {i}.", content_hash=f"a{i}",
                                         status=DocumentStatus.PRELABELED if i < 2 else DocumentStatus.NEW)
                 for i in range(4)]
    login("carol")
    page.goto(f"/projects/{project.pk}/team/")
    row = page.locator("#assignments tr[data-username=alice]")
    row.locator("input[name=count]").fill("1")
    row.locator("select[name=statuses]").select_option("new")
    row.locator("button", has_text="Assign").click()
    expect(page.locator("#messages")).to_contain_text("1 document assigned to alice.")
    expect(row.locator("[data-field=assigned]")).to_have_text("1")
    shot(page, "team")
    assert list(Assignment.objects.values_list("document_id", flat=True)) == [documents[2].pk]

    alice = fresh_page()
    alice.goto("/accounts/login/")
    alice.fill("#id_username", "alice")
    alice.fill("#id_password", "alice-pw")
    alice.click("button[type=submit]")
    alice.wait_for_url("**/")
    alice.goto(f"/projects/{project.pk}/next/")
    alice.wait_for_url(f"**/documents/{documents[2].pk}/annotate/")
    # The managers' pages are not for her: the 403 page says which role they need.
    answer = alice.goto(f"/projects/{project.pk}/team/")
    assert answer.status == 403
    expect(alice.locator("#forbidden")).to_contain_text("This page is for managers")
    shot(alice, "team-forbidden-for-annotator", full_page=False)


def test_dashboard_progress_moves_while_a_job_runs(page, login, project, users):
    """The test plays the pre-label worker through the ORM: documents become pre-labeled while the
    job still runs, and the progress by status follows before the job ends."""
    from annotator.models import Job, JobKind, JobStatus
    from annotator.services.assignments import documents_assign

    documents = [Document.objects.create(project=project, text=f"Article {i} 😀.", content_hash=f"d{i}")
                 for i in range(4)]
    documents_assign(project=project, username="alice", count=3)
    job = Job.objects.create(project=project, kind=JobKind.PRELABEL, status=JobStatus.RUNNING, total=4, done=0,
                             created_by=users["carol"])
    login("carol")
    page.goto(f"/projects/{project.pk}/dashboard/")
    page.wait_for_selector("#dashboard[data-state=ready]")
    prelabeled = page.locator(".status-row[data-status=prelabeled] .status-row__count")
    expect(prelabeled).to_have_text("0")
    expect(page.locator("#dash-assignments tbody tr").first).to_contain_text("alice")
    expect(page.locator("#dash-assignments tbody tr").first.locator("td").nth(1)).to_have_text("3")

    Document.objects.filter(pk__in=[d.pk for d in documents[:2]]).update(status=DocumentStatus.PRELABELED)
    Job.objects.filter(pk=job.pk).update(done=2)
    expect(prelabeled).to_have_text("2")
    job_row = page.locator(f".job[data-job-id='{job.pk}']")
    expect(job_row).to_have_attribute("data-status", "running")
    expect(job_row.locator(".job__count")).to_have_text("2 / 4 · 50%")
    shot(page, "dashboard-running")

    Document.objects.filter(project=project).update(status=DocumentStatus.PRELABELED)
    Job.objects.filter(pk=job.pk).update(done=4, status=JobStatus.SUCCEEDED)
    expect(job_row).to_have_attribute("data-status", "succeeded")
    expect(prelabeled).to_have_text("4")


def test_a_manager_brings_in_a_new_person_and_their_model_predictions(page, login, project, users, fresh_page, eager,
                                                                      tmp_path):
    """Without the admin: carol makes an account for a newcomer, who logs in with the first password shown once;
    then carol imports a model's predictions naming the model and its version."""
    import re

    login("carol")
    page.goto(f"/projects/{project.pk}/team/")
    form = page.locator("#account-add")
    form.locator("input[name=username]").fill("nadia")
    form.locator("select[name=role]").select_option("annotator")
    form.locator("button").click()
    message = page.locator("#messages").inner_text()
    password = re.search(r"First password, shown only now: (\S+) ", message).group(1)
    shot(page, "team-account-made", full_page=False)

    nadia = fresh_page()
    nadia.goto("/accounts/login/")
    nadia.fill("#id_username", "nadia")
    nadia.fill("#id_password", password)
    nadia.click("button[type=submit]")
    nadia.wait_for_url("**/")
    expect(nadia.locator(f"a[href='/projects/{project.pk}/']").first).to_be_visible()
    expect(nadia.locator("#account-link")).to_have_text("nadia")

    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text('{"text": "Zoë works at Acme 😀.", "spans": [{"start": 13, "end": 17, "label": "ORG"}]}\n',
                           encoding="utf-8")
    page.goto(f"/projects/{project.pk}/import/")
    expect(page.locator("#import-model-fields")).to_be_hidden()
    page.select_option("#import-as", "predictions")
    page.fill("#import-model", "ner-2026")
    page.fill("#import-model-version", "2.1")
    page.set_input_files("#import-file", str(predictions))
    shot(page, "import-predictions", full_page=False)
    page.click("#import-start")
    expect(page.locator("#import-status")).to_have_attribute("data-status", "succeeded")
    prediction = Annotation.objects.get(document__project=project, kind=AnnotationKind.PREDICTION)
    assert (prediction.model, prediction.model_version) == ("ner-2026", "2.1")
    assert [(s.start, s.end, s.label.name) for s in prediction.spans.all()] == [(13, 17, "ORG")]
