"""Browser tests: Debian's Chromium driven by Playwright against a live Django server.

The server runs in a thread of the test process (pytest-django's `live_server`) on the
file-backed SQLite test database, so data the test creates with the ORM is what the
browser sees, and what the browser saves is what the test reads back. People log in
through the real login form. Screenshots go to test-artifacts/ (git-ignored).
"""
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
BUNDLE = ROOT / "frontend" / "dist" / "assets" / "editor.js"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (make chromium, or set CHROMIUM_PATH)")
    if not BUNDLE.exists():
        pytest.fail("the editor bundle is not built: run `make frontend` (cd frontend && npm ci && npm run build)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def watch(page) -> list[str]:
    """Collects the page's JavaScript errors and Content-Security-Policy violations (Chromium reports
    each blocked script, style, image or connection as a console error "Refused to ... Content
    Security Policy ..."); a test fails on any of them."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(f"CSP violation: {message.text}")
            if "Content Security Policy" in message.text else None)
    page.errors = errors
    return errors


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = watch(page)
    yield page
    context.close()
    assert not errors, f"JavaScript errors or CSP violations on the page: {errors}"


@pytest.fixture
def login(page):
    """Logs `username` in through the login form (passwords are `<name>-pw`, see tests/conftest.py)."""
    def log_in(username: str):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", f"{username}-pw")
        page.click("button[type=submit]")
        page.wait_for_url("**/")
        return page
    return log_in


@pytest.fixture
def screenshot(page, request):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str):
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path))
        return path
    return take


def open_editor(page, url: str):
    """Goes to an editor page (or a URL that redirects to one) and waits until it is ready."""
    page.goto(url)
    page.wait_for_selector("#editor[data-state=ready]")
    return page


@pytest.fixture
def fresh_page(browser, live_server, transactional_db):
    """Makes pages in fresh browser contexts (another browser: its own localStorage), logged in as
    `logged_in_like` is (its session cookie). JavaScript errors on any of them fail the test, as for `page`."""
    made = []

    def make(logged_in_like=None):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_server.url)
        if logged_in_like is not None:
            context.add_cookies(logged_in_like.context.cookies())
        extra = context.new_page()
        extra.set_default_timeout(10_000)
        watch(extra)
        made.append((context, extra))
        return extra

    yield make
    errors = [error for _context, extra in made for error in extra.errors]
    for context, _extra in made:
        context.close()
    assert not errors, f"JavaScript errors or CSP violations on the page: {errors}"
