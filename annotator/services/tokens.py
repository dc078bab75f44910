"""Personal API tokens: made (the key is returned once and only its digest is stored), revoked, and
traded for their user when a request presents one (`Authorization: Token <key>`)."""
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from annotator.models import ApiToken, AuditAction
from annotator.rules.tokens import token_digest, token_refusal
from annotator.services.audit import audit_record
from annotator.services.errors import InvalidInput

# A used token's `last_used_at` is written at most this often (a request reads it; writing it on
# every request would make every read a write).
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown to its owner once; never stored


def api_token_create(*, user, name: str, read_only: bool = False, expires_at: datetime | None = None) -> IssuedToken:
    """A new token for `user`: 40 hex characters (160 random bits), stored as its SHA-256 digest."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("a token needs a name", errors=[{"field": "name", "message": "must not be empty"}])
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput("the expiry is in the past", errors=[{"field": "expires_at", "message": "must be later than now"}])
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= settings.API_TOKENS_PER_USER:
        raise InvalidInput(f"you already have {active} tokens (the most one person may hold); revoke one first",
                           errors=[{"field": "name", "message": "too many tokens"}])
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=key[:8], digest=token_digest(key),
                                    read_only=read_only, expires_at=expires_at)
    audit_record(action=AuditAction.TOKEN_CREATED, user=user, obj=token,
                 details={"name": token.name, "read_only": read_only,
                          "expires_at": expires_at.isoformat() if expires_at else None})
    return IssuedToken(token=token, key=key)


def api_token_issue(*, user, name: str = "api", read_only: bool = False, expires_at: datetime | None = None) -> str:
    """The key of a new token of `user` (a script's login, and tests' API clients)."""
    return api_token_create(user=user, name=name, read_only=read_only, expires_at=expires_at).key


def api_token_login_expiry() -> datetime | None:
    """When a token made by a username and password (`POST auth/token/`) expires: API_TOKEN_LOGIN_DAYS, 0 = never."""
    days = settings.API_TOKEN_LOGIN_DAYS
    return timezone.now() + timedelta(days=days) if days else None


def api_token_revoke(*, token: ApiToken, by=None) -> ApiToken:
    """Revoke a token: it authenticates nothing from now on (kept, so the audit trail can name it).
    `by`: who revoked it (default: the current request's user)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action=AuditAction.TOKEN_REVOKED, user=by, obj=token,
                     details={"name": token.name, "owner": token.user.get_username()})
    return token


class TokenRefused(Exception):
    """A presented key is unknown, revoked or expired; the message says which (for its holder)."""


def api_token_authenticate(*, key: str) -> ApiToken:
    """The live token with this key, its user loaded; raises TokenRefused otherwise."""
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
    if token is None:
        raise TokenRefused("invalid token")
    now = timezone.now()
    refusal = token_refusal(expires_at=token.expires_at, revoked_at=token.revoked_at, now=now)
    if refusal:
        raise TokenRefused(refusal)
    if not token.user.is_active:
        raise TokenRefused("user inactive or deleted")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
