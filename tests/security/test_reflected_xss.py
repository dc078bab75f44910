"""Reflected XSS probe: every page of the site (each named URL of annotator/urls.py, the admin's
lists and the API's HTML pages) asked with script payloads in every query parameter it reads and in
its path: no answer carries a payload unescaped in HTML."""
import pytest
from django.test import Client
from django.urls import get_resolver

from annotator.models import AuditEvent, Membership
from annotator.services.tokens import api_token_create

PAYLOADS = ['<script>alert("xss")</script>', '"><img src=x onerror=alert(1)>', "'><svg/onload=alert(1)>",
            "</textarea><script>alert(2)</script>"]
ALL = "".join(PAYLOADS)  # every vector in one value: one request per page and parameter
# Every query parameter a page reads, plus one none reads.
PARAMS = ["q", "status", "ordering", "single_pass", "page", "next", "action", "username", "project", "address",
          "since", "until", "format", "part", "lang", "search", "only", "o", "p", "x"]


def pages(project, document, token_id) -> dict[str, str]:
    """Each named page of annotator/urls.py, with real ids."""
    return {
        "home": "/", "healthz": "/healthz",
        "project_detail": f"/projects/{project.pk}/", "project_next": f"/projects/{project.pk}/next/",
        "project_review_queue": f"/projects/{project.pk}/review/",
        "project_review_next": f"/projects/{project.pk}/review/next/",
        "project_dashboard": f"/projects/{project.pk}/dashboard/",
        "project_my_work": f"/projects/{project.pk}/my-work/", "project_new": "/projects/new/",
        "project_settings": f"/projects/{project.pk}/settings/", "project_labels": f"/projects/{project.pk}/labels/",
        "project_team": f"/projects/{project.pk}/team/", "project_import": f"/projects/{project.pk}/import/",
        "document_annotate": f"/documents/{document.pk}/annotate/",
        "document_review": f"/documents/{document.pk}/review/",
        "account_tokens": "/account/tokens/", "account_token_revoke": f"/account/tokens/{token_id}/revoke/",
        "audit_trail": "/audit/",
        "login": "/accounts/login/", "logout": "/accounts/logout/",
        "password_change": "/accounts/password_change/", "password_change_done": "/accounts/password_change/done/",
        "password_reset": "/accounts/password_reset/", "password_reset_done": "/accounts/password_reset/done/",
        "password_reset_complete": "/accounts/reset/done/",
    }


EXTRA = ["/admin/", "/admin/annotator/project/", "/admin/annotator/document/", "/admin/annotator/auditevent/",
         "/admin/annotator/apitoken/", "/admin/auth/user/", "/api/v1/projects/?format=api",
         "/api/v1/docs/", "/admin/login/"]


def assert_escaped(response, url):
    body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
    for payload in [*PAYLOADS, ALL]:
        if payload in body:
            assert response["Content-Type"].startswith(("application/json", "text/csv")), (url, payload)


@pytest.fixture
def site(users, project, document, staff):
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    Membership.objects.create(user=staff, project=project, role="manager")
    token = api_token_create(user=staff, name="probe").token
    client = Client()
    client.force_login(staff)
    return client, pages(project, document, token.pk)


@pytest.mark.django_db
def test_the_probe_covers_every_named_page(site):
    _client, named = site
    from annotator import urls

    ours = {p.name for p in urls.urlpatterns if getattr(p, "name", None)}
    auth = {p.name for p in get_resolver("django.contrib.auth.urls").url_patterns if p.name}
    assert ours - set(named) == set() and auth - set(named) == {"password_reset_confirm"}


@pytest.mark.django_db
def test_query_parameters_are_never_reflected_unescaped(site):
    client, named = site
    payload = ALL
    for url in [*named.values(), *EXTRA]:
        if url in ("/accounts/logout/",) or "revoke" in url:
            continue  # POST only, would end the session / revoke the probe's token
        separator = "&" if "?" in url else "?"
        for param in PARAMS:
            full = f"{url}{separator}{param}={payload}"
            response = client.get(full, follow=False)
            assert response.status_code < 500, full
            assert_escaped(response, full)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_paths_and_forms_are_never_reflected_unescaped(site, payload):
    client, _named = site
    for url in [f"/projects/{payload}/", f"/api/v1/{payload}", f"/admin/annotator/project/{payload}/change/",
                f"/static/{payload}", f"/{payload}"]:
        response = client.get(url)
        assert response.status_code < 500 and response.status_code != 200 or url.startswith("/admin"), url
        assert_escaped(response, url)
    # Posted values shown back: the tokens form, the login form (anonymous), an audit row and its CSV.
    assert_escaped(client.post("/account/tokens/", {"name": payload}), "tokens form")
    anonymous = Client()
    assert_escaped(anonymous.post("/accounts/login/", {"username": payload, "password": "x", "next": payload}), "login")
    assert AuditEvent.objects.filter(username=payload[:150]).exists()
    assert_escaped(client.get("/audit/"), "audit page")
    assert_escaped(client.get(f"/audit/?username={payload}"), "audit filter")


def test_the_check_itself_catches_a_reflected_payload():
    from django.http import HttpResponse

    with pytest.raises(AssertionError):
        assert_escaped(HttpResponse(f"<p>{PAYLOADS[0]}</p>", content_type="text/html"), "a broken page")
