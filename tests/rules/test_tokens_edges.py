"""API tokens (annotator/rules/tokens.py): a token is stored by its digest, and refused once revoked
or expired, with the reason the API gives."""
from datetime import UTC, datetime, timedelta

from annotator.rules.tokens import token_digest, token_refusal

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_the_digest_is_the_sha256_of_the_key_and_differs_per_key():
    assert token_digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert token_digest("é") == "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"  # of its UTF-8
    assert len({token_digest(key) for key in ("a", "b", "é", "😀")}) == 4


def test_a_token_neither_revoked_nor_expired_is_accepted():
    assert token_refusal(expires_at=None, revoked_at=None, now=NOW) is None
    assert token_refusal(expires_at=NOW + timedelta(seconds=1), revoked_at=None, now=NOW) is None


def test_a_token_expires_at_its_expiry_time_itself():
    assert token_refusal(expires_at=NOW, revoked_at=None, now=NOW) == "this token has expired"
    assert token_refusal(expires_at=NOW - timedelta(days=1), revoked_at=None, now=NOW) == "this token has expired"


def test_revocation_is_named_first_even_when_the_token_has_also_expired():
    assert token_refusal(expires_at=None, revoked_at=NOW, now=NOW) == "this token was revoked"
    assert token_refusal(expires_at=NOW - timedelta(days=1), revoked_at=NOW + timedelta(days=1),
                         now=NOW) == "this token was revoked"
