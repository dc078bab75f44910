"""How fast the editor is on a long document: 10,000 words, 1,000 spans, 100 relations.

Not part of the test suite (timings never go into tests; it lives in bench/, outside the suite's
testpaths); a pytest run of its own, with the browser tests' fixtures (Chromium, live server,
named users), run explicitly:

    .venv/bin/python -m pytest -q -s -p no:cacheprovider bench/measure_editor.py

It prints the figures and writes them to test-artifacts/editor-measure.json. Times are
taken in Chromium with performance.now():
- first render: navigation start -> editor ready (text, spans, side lists drawn), and the
  part of it spent drawing (after the API answers arrived);
- per edit: `handler`, the key handler alone (state, text DOM, span classes); `work`, all
  the work of the edit (handler, what it defers to the next frame: side lists, scrolling,
  arcs, then the browser's style and layout); `frame`, until the next frame is painted,
  which includes waiting for that frame (up to 16.7 ms at 60 Hz).
"""
import json
import random
import statistics
import time

import pytest

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Document, Membership, Relation, Span
from annotator.services.documents import documents_add
from annotator.services.projects import project_create
from bench.corpus import article
from tests.e2e.conftest import ARTIFACTS, open_editor

# The browser tests' fixtures (Chromium, page, login, named users): outside tests/, their conftests
# do not apply by themselves.
pytest_plugins = ["tests.conftest", "tests.e2e.conftest"]
pytestmark = pytest.mark.e2e

WORDS = 10_000
SPANS = 1_000
RELATIONS = 100
EDITS = 25


def corpus_text(words: int) -> str:
    """A generated news article of the benchmark corpus (the shared generator's, seed 7)."""
    return article(random.Random(7), words)


KEY_TIMER = """async ([init, repeat]) => {
    const handler = [], work = [], frame = [];
    for (let i = 0; i < repeat; i++) {
        // Catch what the editor defers to the next frame, to time it without the wait for the frame.
        const deferred = [];
        const raf = window.requestAnimationFrame;
        window.requestAnimationFrame = (callback) => deferred.push(callback);
        const t0 = performance.now();
        document.body.dispatchEvent(new KeyboardEvent('keydown', {bubbles: true, cancelable: true, ...init}));
        const t1 = performance.now();
        window.requestAnimationFrame = raf;
        for (const callback of deferred) callback(performance.now());
        void document.body.offsetHeight;  // style and layout, now
        const t2 = performance.now();
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const t3 = performance.now();
        handler.push(t1 - t0); work.push(t2 - t0); frame.push(t3 - t0);
    }
    return {handler, work, frame};
}"""


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
        "max_ms": round(ordered[-1], 2),
        "n": len(ordered),
    }


def press(page, key: str, **modifiers):
    return page.evaluate(KEY_TIMER, [{"key": key, **modifiers}, 1])


def test_measure_editor(page, login, users):
    project = project_create(
        name="Long documents",
        entity_types=[{"name": "PERSON", "hotkey": "p"}, {"name": "ORG", "hotkey": "o"},
                      {"name": "GPE", "hotkey": "g"}],
        relation_types=[{"name": "related"}],
        allow_overlap=False,
    )
    Membership.objects.create(user=users["alice"], project=project, role="annotator")
    text = corpus_text(WORDS)
    started = time.perf_counter()
    (document_id,) = documents_add(project=project, records=[{"text": text, "title": "Ten thousand words"}]).ids
    document = Document.objects.get(pk=document_id)
    tokens = document.tokens
    words = len(text.split())
    # Every 5th word token is a span (so free tokens lie between spans), labels in turn.
    word_tokens = [t for t in tokens if text[t[0]:t[1]].isalpha()]
    chosen = word_tokens[::max(1, len(word_tokens) // SPANS)][:SPANS]
    labels = {t.name: t for t in project.entity_types.all()}
    names = list(labels)
    annotation = Annotation.objects.create(document=document, kind=AnnotationKind.ANNOTATION, author=users["alice"],
                                           status=AnnotationStatus.DRAFT)
    spans = Span.objects.bulk_create([Span(annotation=annotation, start=s, end=e, label=labels[names[i % 3]])
                                      for i, (s, e) in enumerate(chosen)])
    related = project.relation_types.get()
    Relation.objects.bulk_create([Relation(annotation=annotation, head=spans[i], child=spans[i + 1], label=related)
                                  for i in range(0, RELATIONS * 10, 10)])
    setup_seconds = time.perf_counter() - started

    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    page.wait_for_timeout(300)  # let the first arcs be drawn
    marks = page.evaluate("""() => {
        const entry = (name) => performance.getEntriesByName(name)[0]?.startTime;
        return {ready: entry('editor:ready'), fetched: entry('editor:fetched'), loadStart: entry('editor:load-start')};
    }""")
    drawn = page.evaluate("""() => ({
        marks: document.querySelectorAll('.text mark').length,
        blocks: document.querySelectorAll('.text .block').length,
        chunks: document.querySelectorAll('.text .chunk').length,
        arcs: document.querySelectorAll('.text svg .arc__label').length,
        rows: document.querySelectorAll('.row').length,
    })""")

    # Per edit, at many places: Tab to the next span, → to the free token after it, label it (add),
    # then Ctrl+Z (undo) and Ctrl+Shift+Z (redo), and a cursor move.
    add, undo, redo, move = ({"handler": [], "work": [], "frame": []} for _ in range(4))
    for step in range(EDITS):
        if step:  # continue from the span added last time (undo and redo leave nothing selected)
            page.evaluate(f"document.querySelector('mark[data-span-ids~=\"n{step}\"]').click()")
        # Spread the edits over the document: 37 spans further each time.
        page.evaluate("for (let i = 0; i < 37; i++) "
                      "document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'Tab', bubbles: true}))")
        for bucket, result in ((move, press(page, "ArrowRight")),
                               (add, press(page, "p")),
                               (undo, press(page, "z", ctrlKey=True)),
                               (redo, press(page, "z", ctrlKey=True, shiftKey=True))):
            for key in bucket:
                bucket[key].extend(result[key])
    spans_after = page.evaluate("document.querySelector('.panel--spans .panel__count').textContent")

    figures = {
        "document": {"words": words, "code_points": len(text), "spans": len(chosen), "relations": RELATIONS},
        "drawn": drawn,
        "first_render_ms": {
            "navigation_to_ready": round(marks["ready"], 1),
            "api_answers_to_ready": round(marks["ready"] - marks["fetched"], 1),
            "bundle_start_to_api_answers": round(marks["fetched"] - marks["loadStart"], 1),
        },
        "add_span": {k: summary(v) for k, v in add.items()},
        "undo": {k: summary(v) for k, v in undo.items()},
        "redo": {k: summary(v) for k, v in redo.items()},
        "cursor_move": {k: summary(v) for k, v in move.items()},
        "spans_after_edits": int(spans_after),
        "setup_seconds": round(setup_seconds, 1),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "editor-measure.json").write_text(json.dumps(figures, indent=2))
    page.screenshot(path=str(ARTIFACTS / "editor-measure.png"))
    print(json.dumps(figures, indent=2))
    assert drawn["marks"] >= SPANS
    assert int(spans_after) == len(chosen) + EDITS  # every add was redone
