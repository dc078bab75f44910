"""Every page under the strict Content-Security-Policy in Chromium: no violation anywhere (the `page`
fixture fails a test on any), and the policy really blocks an injected inline script."""
import os
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from annotator.models import Document
from annotator.services.annotations import annotation_mine_save
from annotator.services.documents import documents_add
from annotator.services.tokens import api_token_issue
from tests.e2e.conftest import open_editor, watch

pytestmark = pytest.mark.e2e

SHOTS = "/work/notes/shots/i20"
TEXT = "Zoe\u0308 🎉 Maria Okafor works for Oxfam in 北京.\r\nDaniel met her."


def shoot(page, name: str):
    if os.path.isdir(SHOTS):
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_every_page_runs_under_the_policy(page, login, project, users):
    documents_add(project=project, records=[{"text": TEXT, "title": "CSP"}])
    document = Document.objects.get(project=project)
    annotation_mine_save(document=document, user=users["alice"], relations=[], submit=True,
                         spans=[{"id": 1, "start": 8, "end": 20, "label": "PERSON"}])  # the review queue lists it
    api_token_issue(user=users["carol"], name="training pipeline", read_only=True)
    get_user_model().objects.filter(username="carol").update(is_staff=True, is_superuser=True)
    login("carol")
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe" not in policy
    assert "camera=()" in response.headers["permissions-policy"]
    pages = [
        ("home", "/"), ("project", f"/projects/{project.pk}/"), ("dashboard", f"/projects/{project.pk}/dashboard/"),
        ("review-queue", f"/projects/{project.pk}/review/"), ("tokens", "/account/tokens/"),
        ("admin", "/admin/"), ("admin-projects", "/admin/annotator/project/"),
        ("admin-project", f"/admin/annotator/project/{project.pk}/change/"),
        ("admin-document", f"/admin/annotator/document/{document.pk}/change/"),
        ("admin-tokens", "/admin/annotator/apitoken/"),
        ("api-docs", "/api/v1/docs/"), ("api-browsable", "/api/v1/projects/?format=api"),
        ("api-browsable-document", f"/api/v1/documents/{document.pk}/?format=api"),
    ]
    for name, url in pages:
        answer = page.goto(url)
        assert answer.status == 200, (name, answer.status)
        assert "content-security-policy" in answer.headers, name
        page.wait_for_load_state("networkidle")
        shoot(page, f"csp-{name}")
        assert not page.errors, (name, page.errors)
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Annotator API")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    shoot(page, "csp-annotate")
    page.goto(f"/documents/{document.pk}/review/")
    page.wait_for_selector("#editor[data-state=ready]")
    shoot(page, "csp-review")
    page.goto("/account/tokens/")
    page.fill("#id_name", "laptop")
    page.click("text=Make token")
    expect(page.locator("code.token-key")).to_have_text(re.compile(r"^[0-9a-f]{40}$"))
    shoot(page, "csp-token-made")


def test_login_pages_under_the_policy(page, users):
    page.goto("/accounts/login/")
    shoot(page, "csp-login")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    expect(page.locator(".error-text")).to_be_visible()
    shoot(page, "csp-login-failed")


def test_the_policy_blocks_inline_script_and_the_tests_see_it(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url)
    probe = context.new_page()
    errors = watch(probe)
    probe.goto("/accounts/login/")
    with probe.expect_console_message(lambda message: "inline script" in message.text):
            probe.evaluate("""() => {
            const script = document.createElement('script');
            script.textContent = 'window.__ran = true';
            document.body.append(script);
        }""")
    assert probe.evaluate("() => window.__ran === true") is False
    context.close()
    assert any("inline script" in error for error in errors), errors


def test_audit_trail_and_lockout_pages(page, login, project, users, settings):
    """A failed login, the manager's audit page (filtered, with its CSV link), then the lockout page."""
    page.goto("/accounts/login/")
    page.fill("#id_username", "mallory")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    login("carol")
    page.goto(f"/projects/{project.pk}/")
    page.click("#audit-link")
    expect(page.locator("#audit-events tr[data-action=member_added]")).to_have_count(3)
    shoot(page, "audit-manager")
    page.select_option("#id_action", "member_added")
    page.click("text=Filter")
    expect(page.locator("#audit-events tbody tr")).to_have_count(3)
    assert "format=csv" in page.locator("#audit-csv").get_attribute("href")
    page.click("text=Log out")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/accounts/login/")
        page.fill("#id_username", "carol")
        page.fill("#id_password", "wrong")
        page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Too many failed logins")
    shoot(page, "locked-out")
