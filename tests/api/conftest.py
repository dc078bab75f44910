"""API test helpers: clients that authenticate with a token, and a few objects to act on."""
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

# Emoji (outside the BMP), CJK, a combining mark and CRLF: offsets are code points of this text.
TEXT = "Zoë 😀 met Ann Lee of Acme Corp in 北京.\r\nCafe\u0301 Paris"


def span_at(text: str, needle: str, label: str, id=None, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    span = {"start": start, "end": start + len(needle), "label": label}
    if id is not None:
        span["id"] = id
    return span


@pytest.fixture
def client_for(db):
    """client_for(user) -> an APIClient sending `Authorization: Token <key>`; client_for(None) -> anonymous."""

    from django.utils import timezone

    from annotator.models import ApiToken
    from annotator.services.tokens import api_token_issue

    keys: dict[int, str] = {}  # one token per user, however many clients a test makes

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            if user.pk not in keys:
                keys[user.pk] = api_token_issue(user=user)
                # As if used a moment ago: a token's first use writes last_used_at (then at most once a
                # minute), which would add a query to the first request the query-count tests measure.
                ApiToken.objects.filter(user=user).update(last_used_at=timezone.now())
            client.credentials(HTTP_AUTHORIZATION=f"Token {keys[user.pk]}")
        return client

    return make


@pytest.fixture
def document(project):
    from annotator.services.documents import documents_add

    result = documents_add(project=project, records=[{"text": TEXT, "title": "Unicode", "external_id": "u-1"}])
    return project.documents.get(pk=result.ids[0])


@pytest.fixture
def staff(make_user):
    return make_user("root", is_staff=True)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


EXPORT_FILES = {
    "manifest.json": b'{"format": "jsonl"}',
    "train.jsonl": b'{"id": 1, "text": "a"}\n',
    "dev.jsonl": b'{"id": 2, "text": "b"}\n',
    "test.jsonl": b'{"id": 3, "text": "c"}\n',
}


@pytest.fixture
def built_export(project, users):
    """An export whose file is built (as the export worker leaves it)."""
    from annotator.models import Export, Job, JobKind, JobStatus

    job = Job.objects.create(project=project, kind=JobKind.EXPORT, status=JobStatus.SUCCEEDED,
                             created_by=users["alice"])
    export = Export.objects.create(project=project, format="jsonl", job=job,  # succeeded: its job's status
                                   created_by=users["alice"], manifest={"counts": {}}, options={"seed": 0})
    export.file.save(f"export-{export.pk}.zip", ContentFile(zip_bytes(EXPORT_FILES)), save=False)
    export.size = export.file.size
    export.save()
    return export
