"""The API tokens page: make a named token (its key shown once), see and revoke your own."""
import re

import pytest
from rest_framework.test import APIClient

from annotator.models import ApiToken
from annotator.services.tokens import api_token_issue

PAGE = "/account/tokens/"


def works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/projects/").status_code == 200


@pytest.mark.django_db
class TestTokensPage:
    def test_needs_a_login(self, client):
        assert client.get(PAGE).status_code == 302

    def test_make_a_read_only_token_shown_once(self, client, users):
        client.force_login(users["alice"])
        made = client.post(PAGE, {"name": "training pipeline", "read_only": "on", "expires_in": "30"})
        assert made.status_code == 200 and made["Cache-Control"] == "no-store"
        key = re.search(r'<code class="token-key">([0-9a-f]{40})</code>', made.content.decode()).group(1)
        assert works(key)
        token = ApiToken.objects.get(user=users["alice"], name="training pipeline")
        assert token.read_only and token.expires_at is not None
        again = client.get(PAGE).content.decode()
        assert key not in again and "training pipeline" in again and key[:8] in again

    def test_revoke_and_others_tokens_are_untouchable(self, client, users):
        mine, theirs = api_token_issue(user=users["alice"], name="laptop"), api_token_issue(user=users["bob"])
        client.force_login(users["alice"])
        assert "laptop" in client.get(PAGE).content.decode()
        their_id = ApiToken.objects.get(user=users["bob"]).pk
        client.post(f"/account/tokens/{their_id}/revoke/")
        assert works(theirs)
        my_id = ApiToken.objects.get(user=users["alice"]).pk
        assert client.post(f"/account/tokens/{my_id}/revoke/").status_code == 302
        assert not works(mine)
        assert "laptop" not in client.get(PAGE).content.decode()
        assert client.get(f"/account/tokens/{my_id}/revoke/").status_code == 405

    def test_a_name_is_required(self, client, users):
        client.force_login(users["alice"])
        page = client.post(PAGE, {"name": ""})
        assert page.status_code == 200 and "This field is required" in page.content.decode()
        assert not ApiToken.objects.exists()
