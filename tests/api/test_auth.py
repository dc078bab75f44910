"""POST auth/token/; token and session authentication; CSRF for the browser."""
import pytest
from rest_framework.test import APIClient


@pytest.mark.django_db
class TestToken:
    def test_password_gives_a_token_that_authenticates(self, users):
        client = APIClient()
        response = client.post("/api/v1/auth/token/", {"username": "alice", "password": "alice-pw"}, format="json")
        assert response.status_code == 200
        token = response.json()["token"]
        again = client.post("/api/v1/auth/token/", {"username": "alice", "password": "alice-pw"}, format="json")
        assert again.json()["token"] != token  # a new personal token each time; both work
        for key in (token, again.json()["token"]):
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
            assert client.get("/api/v1/projects/").status_code == 200

    def test_form_body_works_too(self, users):
        response = APIClient().post("/api/v1/auth/token/", {"username": "bob", "password": "bob-pw"})
        assert response.status_code == 200 and response.json()["token"]

    @pytest.mark.parametrize("body", [
        {"username": "alice", "password": "wrong"},
        {"username": "nobody", "password": "alice-pw"},
    ])
    def test_bad_credentials_are_400_without_saying_which(self, users, body):
        response = APIClient().post("/api/v1/auth/token/", body, format="json")
        assert response.status_code == 400
        assert "unable to log in" in response.json()["detail"]

    def test_missing_and_unknown_fields_are_named(self, users):
        response = APIClient().post("/api/v1/auth/token/", {"username": "alice", "pasword": "x"}, format="json")
        assert response.status_code == 400
        assert {e["field"] for e in response.json()["errors"]} == {"pasword"}
        response = APIClient().post("/api/v1/auth/token/", {"username": "alice"}, format="json")
        assert response.json()["errors"] == [{"field": "password", "message": "This field is required."}]

    def test_inactive_user_gets_no_token(self, users):
        users["alice"].is_active = False
        users["alice"].save()
        assert APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": "alice-pw"},
                                format="json").status_code == 400

    def test_a_stale_token_header_does_not_block_logging_in(self, users):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
        assert client.post("/api/v1/auth/token/", {"username": "alice", "password": "alice-pw"},
                           format="json").status_code == 200

    def test_bad_token_is_401(self, db):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
        response = client.get("/api/v1/projects/")
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
class TestSession:
    def test_session_reads_and_writes_with_csrf_token(self, users, project, document):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(users["alice"])
        assert client.get(f"/api/v1/documents/{document.pk}/").status_code == 200
        body = {"spans": [], "relations": []}
        url = f"/api/v1/documents/{document.pk}/annotations/mine/"
        refused = client.put(url, body, format="json")
        assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
        client.get("/accounts/login/")  # sets the csrftoken cookie
        token = client.cookies["csrftoken"].value
        assert client.put(url, body, format="json", HTTP_X_CSRFTOKEN=token).status_code == 200
