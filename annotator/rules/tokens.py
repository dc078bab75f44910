"""Pure rules about API tokens: their digest and whether one may be used now."""
import hashlib
from datetime import datetime


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_refusal(*, expires_at: datetime | None, revoked_at: datetime | None, now: datetime) -> str | None:
    """Why a stored token cannot authenticate now, or None when it can."""
    if revoked_at is not None:
        return "this token was revoked"
    if expires_at is not None and expires_at <= now:
        return "this token has expired"
    return None
