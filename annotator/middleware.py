"""Request and response hooks of the security settings: the Permissions-Policy header (the CSP
comes from django-csp) and the client address the audit trail records."""
from django.conf import settings

from annotator.services.audit import current_request


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or behind a proxy (BEHIND_PROXY) the address the proxy
    appended last to X-Forwarded-For (earlier entries are whatever the client sent)."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AuditRequestMiddleware:
    """Makes the request (its user and address) known to audit_record for the duration of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
