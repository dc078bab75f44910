"""Migration 0008: DRF's readable tokens become hashed personal tokens; each old key keeps working
and no readable key is left in the database."""
import pytest
from rest_framework.test import APIClient

from tests.migrations.test_0006_history import executor_leaf, migrate

BEFORE = [("annotator", "0007_labels_in_use_restrict"), ("authtoken", "0004_alter_tokenproxy_options")]
AFTER = [("annotator", "0008_security")]


@pytest.mark.django_db(transaction=True)
def test_old_keys_keep_working_stored_as_digests():
    old = migrate(BEFORE)
    User, Token = old.get_model("auth", "User"), old.get_model("authtoken", "Token")
    try:
        alice = User.objects.create(username="alice-old")
        key = "0123456789abcdef0123456789abcdef01234567"
        Token.objects.create(user=alice, key=key)

        new = migrate(AFTER)
        assert not new.get_model("authtoken", "Token").objects.exists()
        stored = new.get_model("annotator", "ApiToken").objects.get(user_id=alice.pk)
        assert (stored.name, stored.prefix, stored.expires_at, stored.read_only) == ("migrated", "01234567", None, False)
        assert key not in stored.digest

        migrate(executor_leaf())
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert client.get("/api/v1/projects/").status_code == 200
    finally:
        migrate(executor_leaf())
