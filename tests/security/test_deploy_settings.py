"""Production settings: `check --deploy` is clean with HTTPS=1, cookies are secure only over HTTPS,
HSTS is configurable, and an insecure secret key is reported. Each check runs `manage.py` in a
fresh process, since settings are read from the environment once, at start."""
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SECURITY_SETTINGS = ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
                     "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                     "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SECURE_CONTENT_TYPE_NOSNIFF",
                     "X_FRAME_OPTIONS", "ALLOWED_HOSTS"]
# Variables this file sets, and test-only ones (the browser tests allow Django's ORM in async code):
# the test run's own values must not leak into the checked process.
OWN = {"SECRET_KEY", "DEBUG", "HTTPS", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
       "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "BEHIND_PROXY", "ALLOWED_HOSTS",
       "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in OWN}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), HTTPS="1", ALLOWED_HOSTS="annotate.example.org")
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180)


def security_settings(env: dict) -> dict:
    code = ("import json; from django.conf import settings as s; "
            f"print(json.dumps({{name: getattr(s, name) for name in {SECURITY_SETTINGS!r}}}))")
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_secure_by_default():
    values = security_settings(production())
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] and values["X_FRAME_OPTIONS"] == "DENY"
    assert values["ALLOWED_HOSTS"] == ["annotate.example.org"]


def test_the_local_system_serves_plain_http():
    """`make run`: DEBUG off, no HTTPS: cookies must work over http://127.0.0.1, nothing redirects."""
    values = security_settings(production(HTTPS=None, ALLOWED_HOSTS=None))
    assert values["DEBUG"] is False
    assert not values["SESSION_COOKIE_SECURE"] and not values["CSRF_COOKIE_SECURE"]
    assert not values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] == 0
    assert "127.0.0.1" in values["ALLOWED_HOSTS"]


def test_each_choice_has_its_own_variable():
    values = security_settings(production(SECURE_HSTS_SECONDS="3600", SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
                                          SECURE_HSTS_PRELOAD="0", SECURE_SSL_REDIRECT="0", BEHIND_PROXY="1"))
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert not values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and not values["SECURE_HSTS_PRELOAD"]
    assert not values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    insecure = security_settings(production(SECURE_COOKIES="0"))
    assert not insecure["SESSION_COOKIE_SECURE"] and not insecure["CSRF_COOKIE_SECURE"]


@pytest.mark.parametrize("key, why", [("too-short-but-set", "less than 50 characters"),
                                      ("a" * 60, "less than 5 unique characters"),
                                      ("django-insecure-" + secrets.token_urlsafe(50), "django-insecure- prefix")],
                         ids=["short", "few-characters", "django-insecure"])
def test_check_deploy_reports_an_insecure_secret_key(key, why):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production(SECRET_KEY=key))
    assert result.returncode != 0, why
    assert "security.W009" in result.stdout + result.stderr, why


def test_check_deploy_reports_http_only_settings():
    # Without HTTPS the same check lists what a public deployment lacks: the test above is not vacuous.
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production(HTTPS=None))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= set(
        part.strip("():") for part in output.split() if part.strip("():").startswith("security.W"))


@pytest.mark.django_db
def test_https_requests_get_hsts_and_secure_cookies(settings, client, django_user_model):
    """With the values HTTPS=1 chooses: plain http is redirected; https answers carry HSTS and secure cookies.
    (Django's admin login: a page that sets both cookies and is not ours to change.)"""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    plain = client.get("/admin/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    api = client.get("/api/v1/projects/", secure=True)
    assert api.status_code == 401 and api["Strict-Transport-Security"].startswith("max-age=31536000")
    django_user_model.objects.create_user(username="zoë", password="zoë-pw", is_staff=True)
    login = client.get("/admin/login/", secure=True)
    assert login["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert login.cookies["csrftoken"]["secure"]
    token = login.cookies["csrftoken"].value
    response = client.post("/admin/login/", {"username": "zoë", "password": "zoë-pw", "csrfmiddlewaretoken": token,
                                             "next": "/admin/"},
                           secure=True, HTTP_REFERER="https://testserver/admin/login/")
    assert response.status_code == 302, response.content[:300]
    assert response.cookies["sessionid"]["secure"] and response.cookies["sessionid"]["httponly"]
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
