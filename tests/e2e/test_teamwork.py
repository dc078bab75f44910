"""A team's day in Chromium, the annotator and reviewer side: alice asks a question and flags a
document, skips another and goes on to her next one; bob finds the flagged document in his queue,
answers and resolves; the project page counts open threads; active time is counted while alice
works and not while her tab is hidden."""
import pytest
from playwright.sync_api import expect

from annotator.models import Annotation, Document, DocumentSkip, Thread
from annotator.selectors.queue import annotator_queue
from annotator.services.documents import documents_add
from tests.e2e.conftest import open_editor

pytestmark = pytest.mark.e2e

SHOTS = "/work/notes/shots/i16a"
TEXT = "Zoe\u0308 🎉 Maria Okafor works for the Kenya Ports Authority in 北京.\r\nDaniel Weber met her."


def test_comment_flag_skip_and_review(page, login, project, users):
    project.guidelines = "# How to label\n\nTag **people** as `PERSON`.\n\n- Organisations: `ORG`\n- Places: `GPE`"
    project.save(update_fields=["guidelines"])
    first, second = documents_add(project=project, records=[{"text": TEXT, "title": "Okafor"},
                                                            {"text": "A second article about Nairobi."}]).ids

    login("alice")
    open_editor(page, f"/documents/{first}/annotate/")
    guidelines = page.locator(".panel--guidelines .guidelines")
    expect(guidelines.locator("h1")).to_have_text("How to label")
    expect(guidelines).not_to_contain_text("**")

    # A question in the Comments panel.
    page.fill(".thread-form__body", "Is 北京 a GPE when it means the government?")
    page.click("[data-action=comment]")
    expect(page.locator(".thread")).to_have_count(1)
    expect(page.locator(".panel--threads .panel__count")).to_have_text("1 open")

    # Flag for review from the work bar, with a reason.
    page.click("[data-action=flag]")
    page.fill(".workbar__reason", "'Kenya Ports Authority' or 'Ports'?")
    page.keyboard.press("Enter")
    expect(page.locator(".thread--flag")).to_have_count(1)
    expect(page.locator(".panel--threads .panel__count")).to_have_text("2 open · 1 flagged")
    page.screenshot(path=f"{SHOTS}/editor-comments-flag.png")
    assert Thread.objects.filter(document_id=first, flag=True).count() == 1

    # Skip, with a reason: the editor goes on to alice's next document.
    page.click("[data-action=skip]")
    page.fill(".workbar__reason", "Not in English")
    page.screenshot(path=f"{SHOTS}/editor-skip-reason.png")
    page.click("[data-action=confirm]")
    page.wait_for_url(f"**/documents/{second}/annotate/")
    page.wait_for_selector("#editor[data-state=ready]")
    assert DocumentSkip.objects.get(document_id=first, user=users["alice"]).reason == "Not in English"
    assert [d.pk for d in annotator_queue(project=project, user=users["alice"])] == [second]
    assert Document.objects.get(pk=first).status == "new"  # skipped for alice only

    # The project page counts the open threads.
    page.goto(f"/projects/{project.pk}/")
    expect(page.locator("#open-threads")).to_contain_text("2 open comment threads · 1 flagged for review")
    expect(page.locator("#guidelines strong")).to_have_text("people")
    page.screenshot(path=f"{SHOTS}/project-page.png", full_page=True)

    # bob: the flagged document is in his queue before anyone submitted it.
    page.context.clear_cookies()
    login("bob")
    page.goto(f"/projects/{project.pk}/review/?only=flagged")
    rows = page.locator("#review-queue tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-document-id", str(first))
    expect(rows.first.locator("[data-open-threads]")).to_contain_text("flagged")
    page.screenshot(path=f"{SHOTS}/review-queue-flagged.png", full_page=True)
    rows.first.get_by_role("link", name="Review").click()
    page.wait_for_selector("#editor[data-state=ready]")
    expect(page.locator("[data-action=skip]")).to_have_count(0)
    flag = page.locator(".thread--flag")
    flag.locator(".thread__reply-body").fill("'Kenya Ports Authority' as one ORG.")
    flag.locator(".thread__reply button").click()
    expect(flag.locator(".comment")).to_have_count(2)
    page.screenshot(path=f"{SHOTS}/review-comments.png")
    flag.locator("[data-action=resolve]").click()
    expect(page.locator(".panel--threads .panel__count")).to_have_text("1 open")
    assert Thread.objects.get(document_id=first, flag=True).resolved_by == users["bob"]
    page.goto(f"/projects/{project.pk}/review/?only=flagged")
    expect(page.locator("#review-queue-empty")).to_be_visible()
    page.goto(f"/projects/{project.pk}/review/?only=open_threads")
    expect(page.locator("#review-queue tbody tr")).to_have_count(1)


def select_words(page, words: str, label: str | None = None):
    """Selects `words` in the text as a mouse drag would (the editor reads the selection on mouseup)."""
    page.evaluate("""(words) => {
        const text = document.querySelector('.text');
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(words);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            text.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
            return;
        }
    }""", words)
    if label is not None:
        page.keyboard.press(label)


def _hide(page):
    """What the browser does when the tab goes to the background (headless Chromium never does it by itself)."""
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
    }""")


def test_active_time_counts_work_and_not_a_hidden_idle_tab(page, login, project, users):
    document = documents_add(project=project, records=[{"text": TEXT, "title": "Okafor"}]).ids[0]
    login("alice")
    page.clock.install()
    open_editor(page, f"/documents/{document}/annotate/")
    # Two minutes of work: a key every 20 s (the fake clock moves, no real waiting).
    for _ in range(6):
        page.keyboard.press("ArrowRight")
        page.clock.run_for(20_000)
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("p")  # a span, so there is something to save
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status[data-kind=saved]")).to_contain_text("v1")
    worked = Annotation.objects.get(document_id=document, author=users["alice"]).time_spent
    assert 115 <= worked <= 125, worked

    # The tab goes to the background and stays there ten minutes; the save that follows adds nothing.
    _hide(page)
    page.clock.run_for(10 * 60_000)
    page.keyboard.press("Backspace")  # an edit made while hidden (a key event) is not activity
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status[data-kind=saved]")).to_contain_text("v2")
    annotation = Annotation.objects.get(document_id=document, author=users["alice"])
    assert annotation.version == 2
    assert annotation.time_spent - worked < 1, annotation.time_spent
    print(f"\nactive time: {worked:.3f} s after 2 min of work; +{annotation.time_spent - worked:.3f} s "
          f"after 10 min hidden")

    stats = page.request.get(f"/api/v1/projects/{project.pk}/stats/").json()
    alice = next(row for row in stats["annotators"] if row["username"] == "alice")
    assert alice["time_spent"] == pytest.approx(annotation.time_spent, abs=0.01)
    assert stats["time_per_document"][0]["document"] == document
    # The dashboard shows the figures: alice's time, and the document's.
    page.goto(f"/projects/{project.pk}/dashboard/")
    expect(page.locator(".document-time-table")).to_contain_text(f"#{document}")
    expect(page.locator(".document-time-table")).to_contain_text("alice 2")
    page.screenshot(path=f"{SHOTS}/dashboard-active-time.png", full_page=True)


def test_my_work_lists_drafts_submissions_and_skips_and_previous_next_walk_them(page, login, project, users):
    from annotator.services.annotations import annotation_mine_save
    from annotator.services.threads import document_skip

    ids = documents_add(project=project, records=[{"text": f"Article {n}: {TEXT}", "title": f"Article {n}"}
                                                  for n in range(1, 6)]).ids
    docs = [Document.objects.get(pk=pk) for pk in ids]
    annotation_mine_save(document=docs[0], user=users["alice"], spans=[], relations=[], submit=True)
    document_skip(document=docs[1], user=users["alice"], reason="Duplicate")
    annotation_mine_save(document=docs[2], user=users["alice"], spans=[], relations=[])

    login("alice")
    page.goto(f"/projects/{project.pk}/")
    page.click("#my-work-link")
    rows = page.locator("#my-work tbody tr")
    expect(rows).to_have_count(3)
    assert [rows.nth(i).get_attribute("data-status") for i in range(3)] == ["submitted", "skipped", "draft"]
    expect(page.locator("#my-progress")).to_contain_text(
        "1 submitted · 1 draft · 1 skipped · 3 waiting in your queue")
    page.screenshot(path=f"{SHOTS}/my-work.png", full_page=True)
    page.click("#work-filters [data-filter=skipped]")
    expect(rows).to_have_count(1)
    page.click("#work-filters [data-filter=all]")

    # Reopen the submitted document; Next walks my work, Previous comes back.
    rows.first.get_by_role("link", name="Reopen").click()
    page.wait_for_selector("#editor[data-state=ready]")
    expect(page.locator(".workbar__progress")).to_have_text("Document 1 of 5 · 3 left · 1 done today")
    page.screenshot(path=f"{SHOTS}/editor-progress.png")
    page.click("[data-action=next]")
    page.wait_for_url(f"**/documents/{ids[1]}/annotate/")
    page.wait_for_selector("#editor[data-state=ready]")
    expect(page.locator(".workbar__note")).to_contain_text("You skipped this document: “Duplicate”")
    page.click("[data-action=next]")
    page.wait_for_url(f"**/documents/{ids[2]}/annotate/")
    page.wait_for_selector("#editor[data-state=ready]")
    page.click("[data-action=previous]")
    page.wait_for_url(f"**/documents/{ids[1]}/annotate/")
    page.wait_for_selector("#editor[data-state=ready]")
    # Undo the skip: the document is back in alice's queue.
    page.click("[data-action=unskip]")
    expect(page.locator(".workbar__note")).to_have_text("Back in your queue.")
    assert not DocumentSkip.objects.filter(document_id=ids[1]).exists()


def test_relation_hotkey_and_messages_that_quote_the_words(page, login, project, users):
    from annotator.models import RelationType

    RelationType.objects.filter(project=project, name="works_for").update(hotkey="w")
    RelationType.objects.filter(project=project, name="located_in").update(hotkey="i")
    document = documents_add(project=project, records=[{"text": TEXT, "title": "Okafor"}]).ids[0]
    login("alice")
    open_editor(page, f"/documents/{document}/annotate/")

    select_words(page, "Maria Okafor", "p")
    select_words(page, "Kenya Ports Authority", "o")
    expect(page.locator(".text mark", has_text="Kenya Ports Authority")).to_have_attribute("data-label", "ORG")
    # An overlapping span is refused with the words, not offsets.
    select_words(page, "Ports", "g")
    expect(page.locator(".message")).to_contain_text("'Ports' (GPE) overlaps 'Kenya Ports Authority' (ORG)")
    page.screenshot(path=f"{SHOTS}/editor-overlap-words.png")
    page.keyboard.press("Escape")

    # Maria Okafor -> Kenya Ports Authority: r, click the child, then the project's hotkey w.
    page.locator(".text mark", has_text="Maria Okafor").click()
    page.keyboard.press("r")
    expect(page.locator(".selection-info--mode")).to_contain_text("Relation from ‘Maria Okafor’ (PERSON)")
    # A line follows the pointer from the head while the child is picked.
    page.mouse.move(500, 420)
    page.mouse.move(520, 430)
    line = page.locator(".pointer-line line")
    expect(page.locator(".pointer-line")).to_be_visible()
    assert (float(line.get_attribute("x2")), float(line.get_attribute("y2"))) == (520, 430)
    page.screenshot(path=f"{SHOTS}/editor-relation-pointer-line.png")
    page.locator(".text mark", has_text="Kenya Ports Authority").click()
    expect(page.locator(".selection-info--mode")).to_contain_text(
        "Relation ‘Maria Okafor’ (PERSON) → ‘Kenya Ports Authority’ (ORG)")
    page.screenshot(path=f"{SHOTS}/editor-relation-mode.png")
    expect(page.locator(".pointer-line")).to_be_hidden()
    chooser = page.locator(".relation-chooser")
    expect(chooser.locator(".popup__item")).to_have_text(["works_for1 / w"])
    page.keyboard.press("w")
    expect(page.locator("svg .arc__label text")).to_have_text(["works_for"])
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status[data-kind=saved]")).to_contain_text("v1")
    annotation = Annotation.objects.get(document_id=document, author=users["alice"])
    assert [r.label.name for r in annotation.relations.select_related("label")] == ["works_for"]


def test_label_first_mode(page, login, project, users):
    document = documents_add(project=project, records=[{"text": TEXT, "title": "Okafor"}]).ids[0]
    login("alice")
    open_editor(page, f"/documents/{document}/annotate/")
    # A label clicked with nothing selected: label-first mode, said above the text until Esc.
    page.locator(".sidebar .label-button[data-label=ORG]").click()
    expect(page.locator(".selection-info--mode")).to_contain_text("Label first")
    select_words(page, "Kenya Ports Authority")
    select_words(page, "Daniel Weber")
    expect(page.locator(".text mark[data-label=ORG]")).to_have_count(2)
    expect(page.locator(".label-menu")).to_be_hidden()
    page.screenshot(path=f"{SHOTS}/editor-label-first.png")
    # Its hotkey switches the label; Esc ends the mode, and a selection asks for a label again.
    page.keyboard.press("p")
    select_words(page, "Maria Okafor")
    expect(page.locator(".text mark", has_text="Maria Okafor")).to_have_attribute("data-label", "PERSON")
    page.keyboard.press("Escape")
    expect(page.locator(".selection-info--mode")).to_have_count(0)
    select_words(page, "met")
    expect(page.locator(".label-menu")).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status[data-kind=saved]")).to_contain_text("v1")
    annotation = Annotation.objects.get(document_id=document, author=users["alice"])
    assert sorted((TEXT[s.start:s.end], s.label.name) for s in annotation.spans.select_related("label")) == [
        ("Daniel Weber", "ORG"), ("Kenya Ports Authority", "ORG"), ("Maria Okafor", "PERSON")]
