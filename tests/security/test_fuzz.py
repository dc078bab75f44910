"""Property tests: whatever body is PUT as an annotation or POSTed as documents, the answer is never
a 5xx; a refusal is a JSON 4xx body and leaves what is stored as it was."""
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.models import Annotation, Document
from tests.security.conftest import API, TEXT, span_at, stored_counts

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])

# Characters that broke peer tools or databases: NUL, lone surrogates, combining marks, emoji, CR/LF, RTL.
NASTY = st.sampled_from(["\x00", "\ud800", "\udfff", "\u0301", "\U0001F600", "\r", "\n", "\u202e", "\ufeff", "\u2028"])
TEXTS = st.text(alphabet=st.characters() | NASTY, max_size=40)
KEYS = st.sampled_from(["spans", "relations", "version", "submit", "id", "start", "end", "label", "text", "score",
                        "head", "child", "title", "meta", "external_id", "kind", "author"]) | TEXTS
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-2 ** 70, max_value=2 ** 70)
           | st.floats(allow_nan=True, allow_infinity=True) | TEXTS)
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(KEYS, inner, max_size=4), max_leaves=12)
OFFSETS = st.integers(min_value=-3, max_value=len(TEXT) + 3) | SCALARS
LABELS = st.sampled_from(["PERSON", "ORG", "GPE", "person", "", "PERSON\x00", "works_for"]) | TEXTS
IDS = st.integers(min_value=-2, max_value=5) | st.sampled_from(["a", "b", ""]) | SCALARS

# Spans that fit the document, so that many bodies are stored (and versions move) between the refused ones.
WORDS = [("Zoë", "PERSON"), ("Ann Lee", "PERSON"), ("Acme Corp", "ORG"), ("北京", "GPE"), ("Paris", "GPE"),
         ("Cafe\u0301", "ORG")]
GOOD_SPANS = st.sampled_from(WORDS).map(lambda word: {**span_at(TEXT, word[0], word[1]), "id": word[0]})
SPANS = GOOD_SPANS | GOOD_SPANS | st.fixed_dictionaries({"start": OFFSETS, "end": OFFSETS, "label": LABELS},
                              optional={"id": IDS, "text": TEXTS | st.just("Ann Lee"), "score": SCALARS,
                                        "extra": SCALARS}) | JSON_VALUES
GOOD_RELATIONS = st.sampled_from([{"head": "Ann Lee", "child": "Acme Corp", "label": "works_for"},
                                  {"head": "Acme Corp", "child": "北京", "label": "located_in"}])
RELATIONS = st.fixed_dictionaries({"head": IDS, "child": IDS, "label": LABELS}, optional={"id": IDS}) | JSON_VALUES
# Bodies that are mostly right (so saves succeed and versions move), hostile ones, and any JSON at all.
LIKELY_ANNOTATIONS = st.fixed_dictionaries(
    {"spans": st.lists(GOOD_SPANS, max_size=4, unique_by=lambda span: span["id"])},
    optional={"relations": st.lists(GOOD_RELATIONS, max_size=2), "version": st.integers(min_value=0, max_value=6),
              "submit": st.booleans()})
HOSTILE_ANNOTATIONS = st.fixed_dictionaries(
    {"spans": st.lists(SPANS, max_size=5) | JSON_VALUES},
    optional={"relations": st.lists(GOOD_RELATIONS | RELATIONS, max_size=3) | JSON_VALUES,
              "version": st.integers(min_value=-1, max_value=4) | SCALARS,
              "submit": st.booleans() | SCALARS, "kind": SCALARS, "unknown": SCALARS})
ANNOTATION_BODIES = LIKELY_ANNOTATIONS | HOSTILE_ANNOTATIONS | JSON_VALUES

PLAIN_TEXTS = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200).filter(str.strip)
# A good text with one character databases or tokenizers choke on, somewhere in it.
SPIKED_TEXTS = st.tuples(PLAIN_TEXTS, NASTY, st.integers(min_value=0, max_value=200)).map(
    lambda parts: parts[0][:parts[2]] + parts[1] + parts[0][parts[2]:])
LIKELY_DOCUMENTS = st.fixed_dictionaries({"text": PLAIN_TEXTS | SPIKED_TEXTS},
                                         optional={"title": st.text(max_size=20), "external_id": st.text(max_size=20),
                                                   "meta": st.dictionaries(st.text(max_size=5), SCALARS, max_size=3)})
HOSTILE_DOCUMENTS = st.fixed_dictionaries(
    {"text": PLAIN_TEXTS | TEXTS | SCALARS},
    optional={"title": PLAIN_TEXTS | TEXTS | SCALARS, "external_id": PLAIN_TEXTS | SCALARS,
              "meta": st.dictionaries(TEXTS, JSON_VALUES, max_size=3) | JSON_VALUES})
DOCUMENTS = LIKELY_DOCUMENTS | HOSTILE_DOCUMENTS | JSON_VALUES
DOCUMENT_BODIES = DOCUMENTS | st.lists(DOCUMENTS, max_size=4)


DEEP: list = []
for _level in range(600):
    DEEP = [DEEP]


def encode(body) -> bytes:
    # allow_nan: NaN and Infinity tokens reach the server too; ensure_ascii: lone surrogates as \\ud800 escapes.
    return json.dumps(body, allow_nan=True).encode("ascii")


def annotation_state(document) -> list:
    return [(a.kind, a.author_id, a.version, a.status, sorted(a.spans.values_list("start", "end", "label_id")),
             sorted(a.relations.values_list("head_id", "child_id", "label_id")))
            for a in Annotation.objects.filter(document=document).order_by("id")]


def assert_answered(response, allowed: set[int]) -> None:
    assert response.status_code < 500, response.content[:500]
    assert response.status_code in allowed, (response.status_code, response.content[:500])
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body["detail"], str) and isinstance(body["errors"], list), body


@pytest.mark.parametrize("caller, path", [("alice", "annotations/mine"), ("bob", "gold")])
def test_annotation_put_never_fails(caller, path, quiet, users, document):
    client = quiet(users[caller])
    url = f"{API}documents/{document.pk}/{path}/"

    @FUZZ
    @given(body=ANNOTATION_BODIES)
    @example(body={"spans": [{"id": "\ud800", "start": 0, "end": 3, "label": "PERSON"}], "version": 2 ** 70})
    @example(body={"spans": [{"start": 0, "end": 3, "label": "PERSON", "score": float("inf")}]})
    @example(body={"spans": [], "relations": [{"head": 10 ** 30, "child": "\x00", "label": "works_for"}]})
    def put(body):
        before, counts = annotation_state(document), stored_counts()
        response = client.generic("PUT", url, encode(body), content_type="application/json")
        assert_answered(response, {200, 400, 409, 413})
        if response.status_code != 200:
            assert annotation_state(document) == before and stored_counts() == counts

    put()


def test_documents_post_never_fails(quiet, users, project):
    client = quiet(users["carol"])
    url = f"{API}projects/{project.pk}/documents/"

    @FUZZ
    @given(body=DOCUMENT_BODIES)
    # Each of these answered 500 once (a lone surrogate broke the tokenizer; NUL, infinity and deep
    # nesting broke PostgreSQL's text and jsonb).
    @example(body={"text": "lone \ud800 surrogate"})
    @example(body=[{"text": "fine"}, {"text": "NUL \x00 inside", "title": "t\x00"}])
    @example(body={"text": "infinite meta", "meta": {"n": float("inf")}})
    @example(body={"text": "deep meta", "meta": DEEP})
    def post(body):
        counts = stored_counts()
        response = client.generic("POST", url, encode(body), content_type="application/json")
        assert_answered(response, {201, 400, 413})
        if response.status_code == 201:
            created = response.json()["created"]
            assert Document.objects.count() == counts["Document"] + created
        else:
            assert stored_counts() == counts

    post()
