"""Reads of API tokens: a user's live tokens, newest first."""
from django.db.models import QuerySet

from annotator.models import ApiToken


def api_tokens_of(*, user) -> QuerySet[ApiToken]:
    """The user's tokens that are not revoked (expired ones are listed, marked by `expires_at`)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-id")
