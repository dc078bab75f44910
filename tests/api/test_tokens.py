"""Personal API tokens: several named ones per user, the key shown once and stored hashed, optional
expiry, a read-only scope, listed and revoked through GET/POST auth/tokens/ and DELETE auth/tokens/{id}/."""
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from annotator.models import ApiToken

TOKENS = "/api/v1/auth/tokens/"


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def login_token(username: str, **extra) -> str:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": f"{username}-pw", **extra},
                                format="json")
    assert response.status_code == 200, response.json()
    return response.json()["token"]


@pytest.mark.django_db
class TestPersonalTokens:
    def test_several_named_tokens_key_shown_once_stored_hashed(self, users, client_for):
        alice = client_for(users["alice"])
        made = [alice.post(TOKENS, {"name": name}, format="json") for name in ("training pipeline", "laptop")]
        assert [m.status_code for m in made] == [201, 201]
        keys = [m.json()["token"] for m in made]
        assert len(set(keys)) == 2 and all(len(key) == 40 for key in keys)
        for key in keys:
            assert not ApiToken.objects.filter(digest__contains=key).exists()
            assert not ApiToken.objects.filter(prefix=key).exists()  # only its first 8 characters are kept
            assert with_key(key).get("/api/v1/projects/").status_code == 200
        listed = alice.get(TOKENS).json()["results"]
        assert {t["name"] for t in listed} >= {"training pipeline", "laptop"}
        assert all("token" not in t for t in listed)
        assert {t["prefix"] for t in listed} >= {key[:8] for key in keys}

    def test_revoked_token_stops_working_and_leaves_the_list(self, users, client_for):
        alice = client_for(users["alice"])
        made = alice.post(TOKENS, {"name": "old"}, format="json").json()
        assert alice.delete(f"{TOKENS}{made['id']}/").status_code == 204
        refused = with_key(made["token"]).get("/api/v1/projects/")
        assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
        assert made["id"] not in [t["id"] for t in alice.get(TOKENS).json()["results"]]

    def test_nobody_sees_or_revokes_anothers_tokens(self, users, client_for):
        made = client_for(users["alice"]).post(TOKENS, {"name": "mine"}, format="json").json()
        carol = client_for(users["carol"])
        assert made["id"] not in [t["id"] for t in carol.get(TOKENS).json()["results"]]
        assert carol.delete(f"{TOKENS}{made['id']}/").status_code == 404
        assert with_key(made["token"]).get("/api/v1/projects/").status_code == 200

    def test_expired_token_is_refused(self, users, client_for):
        soon = (timezone.now() + timedelta(hours=1)).isoformat()
        made = client_for(users["alice"]).post(TOKENS, {"name": "brief", "expires_at": soon}, format="json").json()
        assert with_key(made["token"]).get("/api/v1/projects/").status_code == 200
        ApiToken.objects.filter(pk=made["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
        refused = with_key(made["token"]).get("/api/v1/projects/")
        assert refused.status_code == 401 and "expired" in refused.json()["detail"]

    def test_an_expiry_in_the_past_is_refused_naming_the_field(self, users, client_for):
        past = (timezone.now() - timedelta(days=1)).isoformat()
        response = client_for(users["alice"]).post(TOKENS, {"name": "x", "expires_at": past}, format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "expires_at"

    def test_read_only_token_reads_and_downloads_but_changes_nothing(self, users, client_for, project, document,
                                                                      built_export):
        key = client_for(users["bob"]).post(TOKENS, {"name": "pipeline", "read_only": True}, format="json").json()["token"]
        reader = with_key(key)
        assert reader.get(f"/api/v1/documents/{document.pk}/").status_code == 200
        assert reader.get(f"/api/v1/exports/{built_export.pk}/download/").status_code == 200
        for method, url, body in [("put", f"/api/v1/documents/{document.pk}/annotations/mine/",
                                   {"spans": [], "relations": []}),
                                  ("post", f"/api/v1/projects/{project.pk}/exports/", {"format": "jsonl"}),
                                  ("post", TOKENS, {"name": "escalate"}),
                                  ("delete", f"{TOKENS}1/", None)]:
            response = getattr(reader, method)(url, body, format="json")
            assert response.status_code == 403 and "read-only" in response.json()["detail"], (method, url)
        assert not document.annotations.exists()

    def test_password_login_makes_an_expiring_personal_token(self, users, settings):
        settings.API_TOKEN_LOGIN_DAYS = 30
        key = login_token("alice", name="nightly export")
        token = ApiToken.objects.get(user=users["alice"], name="nightly export")
        assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
        assert with_key(key).get("/api/v1/projects/").status_code == 200
        read_only = login_token("alice", read_only=True)
        assert with_key(read_only).post("/api/v1/auth/tokens/", {"name": "x"}, format="json").status_code == 403

    def test_limit_per_user(self, users, client_for, settings):
        settings.API_TOKENS_PER_USER = 2
        alice = client_for(users["alice"])  # the client's own token is the first
        assert alice.post(TOKENS, {"name": "second"}, format="json").status_code == 201
        refused = alice.post(TOKENS, {"name": "third"}, format="json")
        assert refused.status_code == 400 and "revoke one first" in refused.json()["detail"]

    def test_inactive_users_tokens_stop_working(self, users):
        key = login_token("alice")
        users["alice"].is_active = False
        users["alice"].save(update_fields=["is_active"])
        assert with_key(key).get("/api/v1/projects/").status_code == 401
