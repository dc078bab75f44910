"""The answer to a login refused because of too many failures (django-axes' AXES_LOCKOUT_CALLABLE).

429 with `Retry-After`, the same whichever username was tried and whether its password was right,
so a locked-out caller learns nothing about which usernames exist. The API gets the contract's
error body; the login pages (the site's and the admin's) get a page saying when to come back.
"""
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

logger = logging.getLogger("annotator.security")


def lockout_seconds() -> int:
    """How long a lock lasts after the latest failure: the longest a caller may have to wait."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    seconds = lockout_seconds()
    logger.warning("login refused: too many failures (path %s, address %s)", request.path,
                   request.META.get("REMOTE_ADDR", ""))
    detail = f"too many failed logins; try again in {_minutes(seconds)}"
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": detail, "errors": []}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"detail": detail}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _minutes(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{(seconds + 59) // 60} minutes"
