"""Guessing passwords is throttled on every way in: POST /api/v1/auth/token/, the login page and the
admin login. At LOGIN_FAILURE_LIMIT failures of one username (from anywhere) or from one address
(for any usernames), every further attempt answers 429 with Retry-After, the right password too,
identically for existing and made-up usernames."""
import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

TOKEN = "/api/v1/auth/token/"
LIMIT = settings.AXES_FAILURE_LIMIT
COOLOFF = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", password="root-pw-long-enough")


def token_attempt(password, username="root", address="10.0.0.1"):
    return APIClient(REMOTE_ADDR=address).post(TOKEN, {"username": username, "password": password}, format="json")


@pytest.mark.django_db
class TestTokenEndpoint:
    def test_sixty_wrong_passwords_then_the_right_one(self, root):
        answers = [token_attempt(f"guess-{n}").status_code for n in range(60)]
        assert answers[:LIMIT - 1] == [400] * (LIMIT - 1)
        assert set(answers[LIMIT - 1:]) == {429}
        right = token_attempt("root-pw-long-enough")
        assert right.status_code == 429 and "token" not in right.json()
        assert right["Retry-After"] == COOLOFF
        assert "too many failed logins" in right.json()["detail"] and right.json()["errors"] == []

    def test_locked_out_caller_cannot_tell_real_usernames_from_made_up_ones(self, root):
        for n in range(LIMIT):  # locks this address, trying a different username each time
            token_attempt("x", username=f"user{n}", address="10.0.0.2")
        answers = [token_attempt(password, username=username, address="10.0.0.2")
                   for username, password in [("root", "root-pw-long-enough"), ("root", "wrong"),
                                              ("nobody", "root-pw-long-enough")]]
        assert {(a.status_code, a.content, a["Retry-After"]) for a in answers} == {
            (429, answers[0].content, COOLOFF)}

    def test_a_username_is_locked_from_every_address(self, root):
        for n in range(LIMIT):
            token_attempt("wrong", address=f"10.0.1.{n}")
        assert token_attempt("root-pw-long-enough", address="10.0.2.1").status_code == 429
        made_up = [token_attempt("wrong", username="ghost", address=f"10.0.3.{n}") for n in range(LIMIT + 1)]
        real = token_attempt("wrong", address="10.0.4.1")
        assert (made_up[-1].status_code, made_up[-1].content) == (real.status_code, real.content)

    def test_successful_logins_are_unaffected(self, root, users):
        for n in range(LIMIT - 1):
            assert token_attempt("wrong").status_code == 400
        assert token_attempt("root-pw-long-enough").status_code == 200  # and the count starts again
        for n in range(LIMIT - 1):
            assert token_attempt("wrong").status_code == 400
        assert token_attempt("root-pw-long-enough").status_code == 200
        # Someone else, elsewhere, while root is locked out.
        for n in range(LIMIT):
            token_attempt("wrong", address="10.9.9.9")
        assert token_attempt("alice-pw", username="alice", address="10.0.0.3").status_code == 200

    def test_the_lock_lifts_after_the_cool_off(self, root):
        for n in range(LIMIT):
            token_attempt("wrong")
        assert token_attempt("root-pw-long-enough").status_code == 429
        AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time
                                     - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
        assert token_attempt("root-pw-long-enough").status_code == 200

    def test_the_lockout_is_logged(self, root, caplog):
        with caplog.at_level(logging.WARNING, logger="annotator.security"):
            for n in range(LIMIT):
                token_attempt("wrong")
        assert any("too many failures" in record.getMessage() and "10.0.0.1" in record.getMessage()
                   for record in caplog.records)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
class TestLoginPages:
    def test_the_page_locks_too(self, root, url):
        client = Client(REMOTE_ADDR="10.0.5.1")
        for n in range(LIMIT - 1):
            response = client.post(url, {"username": "root", "password": f"guess-{n}"})
            assert response.status_code == 200  # the form again, with its error
        locked = client.post(url, {"username": "root", "password": "guess"})
        assert locked.status_code == 429 and locked["Retry-After"] == COOLOFF
        right = client.post(url, {"username": "root", "password": "root-pw-long-enough"})
        assert right.status_code == 429 and "_auth_user_id" not in client.session
        assert "Too many failed logins" in right.content.decode()

    def test_a_good_login_still_works(self, root, url):
        client = Client(REMOTE_ADDR="10.0.5.2")
        client.post(url, {"username": "root", "password": "wrong"})
        response = client.post(url, {"username": "root", "password": "root-pw-long-enough"})
        assert response.status_code == 302 and client.session["_auth_user_id"] == str(root.pk)
