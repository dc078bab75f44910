"""API tokens: the token a script gets for a username and password (`POST auth/token/`)."""
from rest_framework.authtoken.models import Token


def api_token_issue(*, user) -> str:
    """The user's API token, made on first use (one per user; the same key on every call)."""
    token, _created = Token.objects.get_or_create(user=user)
    return token.key
