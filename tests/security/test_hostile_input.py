"""Hostile input through the API: every refusal is a 4xx JSON body naming the field, never a 500,
and a refused request stores nothing (row counts and the saved annotation are unchanged).

Strings PostgreSQL cannot store (NUL) and strings that are not Unicode (lone surrogates) are
refused on SQLite too, so the two databases accept exactly the same data.
"""
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import Annotation, Document, Job
from tests.security.conftest import API, TEXT, assert_refused, span_at, stored_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(quiet, users):
    return quiet(users["carol"])


@pytest.fixture
def alice(quiet, users):
    return quiet(users["alice"])


@pytest.fixture
def saved(alice, document):
    """Alice's annotation of the document, saved once (version 1): refused requests must leave it as it is."""
    body = {"spans": [span_at(TEXT, "Ann Lee", "PERSON", id="a"), span_at(TEXT, "Acme Corp", "ORG", id="b")],
            "relations": [{"head": "a", "child": "b", "label": "works_for"}]}
    response = alice.put(f"{API}documents/{document.pk}/annotations/mine/", body, format="json")
    assert response.status_code == 200
    return response.json()


def annotation_state(document) -> list:
    return [(a.kind, a.author_id, a.version, a.status,
             sorted((s.start, s.end, s.label.name) for s in a.spans.all()), a.relations.count())
            for a in Annotation.objects.filter(document=document).order_by("id")]


def send(client, method: str, url: str, raw, content_type: str = "application/json"):
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    return client.generic(method.upper(), url, data, content_type=content_type)


# (name, caller, method, path) of every endpoint that takes a JSON body.
JSON_ENDPOINTS = [
    ("documents add", "carol", "post", "projects/{project}/documents/"),
    ("save mine", "alice", "put", "documents/{document}/annotations/mine/"),
    ("save gold", "bob", "put", "documents/{document}/gold/"),
    ("project change", "carol", "patch", "projects/{project}/"),
    ("members add", "carol", "post", "projects/{project}/members/"),
    ("prelabel", "carol", "post", "projects/{project}/prelabel/"),
    ("export start", "carol", "post", "projects/{project}/exports/"),
    ("token", None, "post", "auth/token/"),
]
MALFORMED = {
    "truncated": '{"spans": [',
    "trailing garbage": '{"spans": []} x',
    "single quotes": "{'spans': []}",
    "NaN": '{"spans": [], "version": NaN}',
    "Infinity": '{"text": Infinity}',
    "number too large to be finite": '{"text": "x", "meta": {"n": 1e999}, "version": -1e999}',
    "nested too deeply to parse": "[" * 100_000 + "]" * 100_000,
    "nested too deeply to store": '{"meta": ' + '{"a": ' * 900 + "1" + "}" * 900 + "}",
    "invalid UTF-8": b'{"text": "\xff\xfe caf\xe9"}',
    "NUL in a string": '{"text": "a\\u0000b", "username": "a\\u0000b", "spans": "\\u0000", "format": "\\u0000"}',
    "lone surrogate": '{"text": "a\\ud800b", "username": "\\udfff", "spans": "\\ud800", "format": "\\ud800"}',
    "NUL in a key": '{"a\\u0000": 1}',
}


ENDPOINT_CASES = [pytest.param(caller, method, path, body_name, id=f"{name}-{body_name}")
                  for name, caller, method, path in JSON_ENDPOINTS for body_name in MALFORMED]


@pytest.mark.parametrize("caller, method, path, body_name", ENDPOINT_CASES)
def test_malformed_json_is_400_and_stores_nothing(caller, method, path, body_name, quiet, users, project, document,
                                                  saved):
    client = quiet(users[caller] if caller else None)
    url = API + path.format(project=project.pk, document=document.pk)
    before, annotations = stored_counts(), annotation_state(document)
    body = assert_refused(send(client, method, url, MALFORMED[body_name]), 400)
    assert stored_counts() == before and annotation_state(document) == annotations
    if body_name in ("NUL in a string", "lone surrogate", "NUL in a key"):
        # Parsed, but not storable: the error names where.
        assert body["errors"][0]["field"], body


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=xyz", "application/octet-stream"])
@pytest.mark.parametrize("caller, method, path", [("carol", "post", "projects/{project}/documents/"),
                                                  ("alice", "put", "documents/{document}/annotations/mine/"),
                                                  ("bob", "put", "documents/{document}/gold/")])
def test_other_content_types_are_415(caller, method, path, content_type, quiet, users, project, document, saved):
    url, client = API + path.format(project=project.pk, document=document.pk), quiet(users[caller])
    before = stored_counts()
    assert_refused(send(client, method, url, '{"text": "x", "spans": []}', content_type), 415)
    assert stored_counts() == before


def test_json_to_the_multipart_import_is_415(carol, project):
    before = stored_counts()
    assert_refused(send(carol, "post", f"{API}projects/{project.pk}/imports/", '{"file": "x"}'), 415)
    assert stored_counts() == before


def test_a_charset_that_does_not_match_the_bytes_is_400(carol, project):
    before = stored_counts()
    response = send(carol, "post", f"{API}projects/{project.pk}/documents/", '{"text": "x"}',
                    "application/json; charset=utf-16")
    assert_refused(response, 400)
    assert stored_counts() == before


# --- Annotation offsets ----------------------------------------------------------------------------

BAD_OFFSETS = [
    ("past the end", {"start": 0, "end": len(TEXT) + 1}, "end"),
    ("start past the end", {"start": len(TEXT) + 5, "end": len(TEXT) + 6}, "start"),
    ("negative", {"start": -1, "end": 3}, "start"),
    ("reversed", {"start": 5, "end": 2}, "end"),
    ("empty", {"start": 3, "end": 3}, "end"),
    ("integral float", {"start": 0.0, "end": 3}, "start"),
    ("float", {"start": 0, "end": 2.5}, "end"),
    ("string", {"start": "0", "end": 3}, "start"),
    ("boolean", {"start": 0, "end": True}, "end"),
    ("null", {"start": None, "end": 3}, "start"),
    ("list", {"start": [0], "end": 3}, "start"),
    ("object", {"start": 0, "end": {"n": 3}}, "end"),
    ("huge", {"start": 0, "end": 10 ** 30}, "end"),
    ("beyond 64 bits negative", {"start": -(2 ** 64), "end": 3}, "start"),
]


@pytest.mark.parametrize("kind", ["annotations/mine", "gold"])
@pytest.mark.parametrize("name, offsets, field", BAD_OFFSETS, ids=[case[0] for case in BAD_OFFSETS])
def test_bad_offsets_are_400_naming_the_span(name, offsets, field, kind, quiet, users, document, saved):
    client = quiet(users["alice" if kind == "annotations/mine" else "bob"])
    client.get(f"{API}documents/{document.pk}/")  # its token exists before counting
    good = span_at(TEXT, "Paris", "GPE")
    body = {"spans": [good, {**offsets, "label": "PERSON"}], "relations": [], "version": saved["version"]}
    before, annotations = stored_counts(), annotation_state(document)
    response = client.put(f"{API}documents/{document.pk}/{kind}/", body, format="json")
    assert_refused(response, 400, field=f"spans[1].{field}")
    assert stored_counts() == before and annotation_state(document) == annotations


@pytest.mark.parametrize("version, status", [(-1, 400), (1.0, 400), ("1", 400), (True, 400), (10 ** 30, 409),
                                             (0, 409), (2, 409)])
def test_bad_or_stale_versions_change_nothing(version, status, alice, document, saved):
    before, annotations = stored_counts(), annotation_state(document)
    response = alice.put(f"{API}documents/{document.pk}/annotations/mine/",
                         {"spans": [], "relations": [], "version": version}, format="json")
    assert_refused(response, status, field="version")
    assert stored_counts() == before and annotation_state(document) == annotations


def test_one_bad_span_refuses_the_whole_body(alice, document, saved):
    spans = [span_at(TEXT, word, label) for word, label in (("Zoë", "PERSON"), ("Paris", "GPE"), ("北京", "GPE"))]
    spans.append({"start": 0, "end": 3, "label": "NOT_A_LABEL"})
    annotations = annotation_state(document)
    response = alice.put(f"{API}documents/{document.pk}/annotations/mine/",
                         {"spans": spans, "relations": [], "version": saved["version"]}, format="json")
    assert_refused(response, 400, field="spans[3].label")
    assert annotation_state(document) == annotations


def test_relations_to_missing_or_hostile_ids(alice, document, saved):
    body = {"spans": [span_at(TEXT, "Ann Lee", "PERSON", id="a"), span_at(TEXT, "Acme Corp", "ORG", id="b")],
            "relations": [{"head": "a", "child": 10 ** 30, "label": "works_for"},
                          {"head": "", "child": "b", "label": "works_for"},
                          {"head": 1.5, "child": "b", "label": "works_for"}],
            "version": saved["version"]}
    annotations = annotation_state(document)
    response = alice.put(f"{API}documents/{document.pk}/annotations/mine/", body, format="json")
    body = assert_refused(response, 400)
    fields = {error["field"] for error in body["errors"]}
    assert {"relations[1].head", "relations[2].head"} <= fields
    assert annotation_state(document) == annotations


# --- Unicode in document text ------------------------------------------------------------------------

def post_documents(client, project, raw: str):
    return send(client, "post", f"{API}projects/{project.pk}/documents/", raw)


@pytest.mark.parametrize("field, value", [("text", "nul \\u0000 inside"), ("text", "lone \\ud800 high"),
                                          ("text", "lone \\udc00 low"), ("text", "reversed pair \\ude00\\ud83d"),
                                          ("title", "t\\u0000"), ("external_id", "e\\ud800"),
                                          ("meta", '{"k": "v\\u0000"}'), ("meta", '{"k\\ud800": 1}'),
                                          ("meta", '{"n": [1, 2, 1e400]}'),
                                          ("meta", '{"a": ' * 150 + "1" + "}" * 150)])
def test_unstorable_text_is_400_naming_the_field_in_a_list(field, value, carol, project):
    # `value` is JSON text as a client would send it: escapes stay escapes until the server parses them.
    value = value if field == "meta" else f'"{value}"'
    second = {"text": '"The second document."', field: value}
    raw = '[{"text": "A good first document."}, {%s}]' % ", ".join(f'"{k}": {v}' for k, v in second.items())
    before = stored_counts()
    body = assert_refused(post_documents(carol, project, raw), 400)
    assert body["errors"][0]["field"].startswith(f"[1].{field}"), body
    assert stored_counts() == before


def test_surrogate_pairs_combining_marks_and_controls_are_stored_exactly(carol, alice, project):
    texts = ["Emoji \U0001F600 and \U0001F468\u200D\U0001F469\u200D\U0001F467 family.",  # sent as surrogate pairs
             "Cafe\u0301 with a combining accent, Z\u0335\u0327a\u0336\u0321l\u0334g\u0337o\u0338.",
             "Caf\u00e9 precomposed (not a duplicate of the decomposed one).",
             "Controls \u0001\u001f, a BOM \ufeff, a line separator \u2028 and right-to-left \u202e text.",
             "CRLF\r\nand tab\there."]
    raw = json.dumps([{"text": text} for text in texts])  # ensure_ascii: astral characters as \\ud83d\\ude00 pairs
    assert "\\ud83d\\ude00" in raw
    response = post_documents(carol, project, raw)
    assert response.status_code == 201, response.content
    ids = response.json()["ids"]
    assert response.json()["created"] == len(texts)
    assert [Document.objects.get(pk=pk).text for pk in ids] == texts
    # Offsets are code points: the emoji is one, the combining accent another.
    emoji = texts[0].index("\U0001F600")
    response = alice.put(f"{API}documents/{ids[0]}/annotations/mine/",
                         {"spans": [{"start": emoji, "end": emoji + 1, "label": "ORG", "text": "\U0001F600"}]},
                         format="json")
    assert response.status_code == 200 and response.json()["spans"][0]["text"] == "\U0001F600"
    response = alice.put(f"{API}documents/{ids[1]}/annotations/mine/",
                         {"spans": [{"start": 0, "end": 5, "label": "ORG", "text": "Cafe\u0301"}]}, format="json")
    assert response.status_code == 200 and response.json()["spans"][0]["end"] == 5
    assert alice.get(f"{API}documents/{ids[3]}/").json()["text"] == texts[3]


def test_a_10_mb_text_is_refused_by_the_document_limit(carol, project, settings):
    assert settings.MAX_DOCUMENT_CHARS < 10_000_000
    before = stored_counts()
    response = carol.post(f"{API}projects/{project.pk}/documents/", {"text": "word " * 2_000_000}, format="json")
    body = assert_refused(response, 400, field="text")
    assert "MAX_DOCUMENT_CHARS" in body["errors"][0]["message"]
    assert stored_counts() == before


def test_a_text_at_the_document_limit_is_stored(carol, project, settings):
    settings.MAX_DOCUMENT_CHARS = 200_000
    text = ("Zoë met 北京 people. " * 20_000)[:200_000]
    response = carol.post(f"{API}projects/{project.pk}/documents/", {"text": text}, format="json")
    assert response.status_code == 201, response.content[:300]
    assert len(Document.objects.get(pk=response.json()["ids"][0]).text) == 200_000
    over = carol.post(f"{API}projects/{project.pk}/documents/", {"text": text + "!"}, format="json")
    assert_refused(over, 400, field="text")


# --- Request and upload size limits ------------------------------------------------------------------

def test_bodies_over_max_request_bytes_are_413_and_store_nothing(carol, alice, project, document, saved, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    before, annotations = stored_counts(), annotation_state(document)
    body = assert_refused(carol.post(f"{API}projects/{project.pk}/documents/", {"text": "x" * 200_000},
                                     format="json"), 413)
    assert "MAX_REQUEST_BYTES" in body["detail"]
    spans = [{"start": 0, "end": 3, "label": "PERSON", "text": "x" * 200_000}]
    assert_refused(alice.put(f"{API}documents/{document.pk}/annotations/mine/", {"spans": spans}, format="json"), 413)
    assert stored_counts() == before and annotation_state(document) == annotations


def test_uploads_over_max_upload_bytes_are_413_naming_the_file(carol, project, settings):
    from pathlib import Path

    settings.MAX_UPLOAD_BYTES = 1000
    before = stored_counts()
    upload = SimpleUploadedFile("big.jsonl", b'{"text": "an imported text"}\n' * 100)
    response = carol.post(f"{API}projects/{project.pk}/imports/", {"file": upload, "as": "documents"},
                          format="multipart")
    body = assert_refused(response, 413, field="file")
    assert "MAX_UPLOAD_BYTES" in body["detail"]
    assert stored_counts() == before and not Job.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("big.jsonl"))  # the file was not kept either


def test_too_many_documents_or_spans_are_413(carol, alice, project, document, settings):
    settings.MAX_DOCUMENTS_PER_REQUEST = 3
    settings.MAX_SPANS_PER_ANNOTATION = 2
    before = stored_counts()
    docs = [{"text": f"Document {n}."} for n in range(4)]
    assert_refused(carol.post(f"{API}projects/{project.pk}/documents/", docs, format="json"), 413)
    spans = [span_at(TEXT, word, "PERSON") for word in ("Zoë", "Ann", "Lee")]
    assert_refused(alice.put(f"{API}documents/{document.pk}/annotations/mine/", {"spans": spans}, format="json"), 413,
                   field="spans")
    assert stored_counts() == before


# --- Unicode usernames -------------------------------------------------------------------------------

def test_unicode_usernames_log_in_and_join_projects(quiet, carol, make_user, project, document):
    name = "Zoë_北京.ñ"
    make_user(name)
    anonymous = quiet(None)
    token = anonymous.post(f"{API}auth/token/", {"username": name, "password": f"{name}-pw"}, format="json")
    assert token.status_code == 200, token.content
    form = anonymous.post(f"{API}auth/token/", {"username": name, "password": f"{name}-pw"})
    assert form.status_code == 200 and form.json()["token"] != token.json()["token"]  # a new personal token each
    added = carol.post(f"{API}projects/{project.pk}/members/", {"username": name, "role": "annotator"}, format="json")
    assert added.status_code == 201 and added.json()["username"] == name
    client = quiet(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    saved = client.put(f"{API}documents/{document.pk}/annotations/mine/",
                       {"spans": [span_at(TEXT, "Zoë", "PERSON")]}, format="json")
    assert saved.status_code == 200 and saved.json()["author"] == name


@pytest.mark.parametrize("username", ["Zoe\u0301_北京.ñ",  # the same name, decomposed: another name
                                      "\u202enosrep", "x" * 151, "", " ", "a\u0000b", "\U0001F600" * 10])
def test_unknown_or_hostile_usernames_are_4xx(username, quiet, carol, make_user, project):
    make_user("Zoë_北京.ñ")
    before = stored_counts()
    members = carol.post(f"{API}projects/{project.pk}/members/", {"username": username, "role": "annotator"},
                         format="json")
    assert_refused(members, 400, field="username")
    token = quiet(None).post(f"{API}auth/token/", {"username": username, "password": "Zoë_北京.ñ-pw"}, format="json")
    assert_refused(token, 400)
    assert stored_counts() == before


# --- Query strings and paths -------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["q=%00", "q=%ED%A0%80", "status=%00", "status=nonsense", "page=0", "page=-1",
                                   "page=99999999999999999999", "page=x", "page_size=99999999999999999999",
                                   "page_size=-5", "q=" + "a" * 5000])
def test_hostile_query_strings_are_answered_without_error(query, carol, project, document):
    response = carol.get(f"{API}projects/{project.pk}/documents/?{query}")
    assert response.status_code in (200, 400, 404), (query, response.content[:300])
    if response.status_code != 200:
        assert_refused(response, response.status_code)


@pytest.mark.parametrize("path", ["documents/99999999999999999999999/", "documents/-1/", "documents/1.5/",
                                  "documents/%00/", "documents/%F0%9F%98%80/", "projects/1e3/",
                                  "projects/0x1/documents/", "jobs/99999999999999999999999/cancel/",
                                  "exports/99999999999999999999999/download/?part=%00"])
def test_hostile_ids_in_paths_are_404(path, carol, document):
    method = "post" if path.endswith("cancel/") else "get"
    assert_refused(getattr(carol, method)(API + path), 404)


def test_hostile_export_parts_are_404(carol, built_export):
    for part in ("../../../etc/passwd", "%00", "train/../../x", "\u202e"):
        response = carol.get(f"{API}exports/{built_export.pk}/download/", {"part": part})
        assert_refused(response, 404)


@pytest.mark.parametrize("ids", [[2 ** 64], [10 ** 30], [-1], [0], [1.5], ["1"], [True], [None]])
def test_document_ids_that_are_no_ids_are_400(ids, carol, project, document):
    before = stored_counts()
    response = carol.post(f"{API}projects/{project.pk}/prelabel/", {"documents": ids}, format="json")
    body = assert_refused(response, 400)
    assert body["errors"][0]["field"].startswith("documents"), body
    assert stored_counts() == before
