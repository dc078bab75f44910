"""`Authorization: Token <key>` with personal tokens (annotator/services/tokens.py): hashed, expiring,
optionally read-only. A read-only token authenticates safe methods only (reads and export downloads)."""
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import SAFE_METHODS

from annotator.services.tokens import TokenRefused, api_token_authenticate


class PersonalTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None and found[1].read_only and request.method not in SAFE_METHODS:
            # Raised here, not in a permission class, so no view can forget it.
            raise PermissionDenied("this token is read-only: it can read and download exports, not change anything")
        return found

    def authenticate_credentials(self, key):
        try:
            token = api_token_authenticate(key=key)
        except TokenRefused as refused:
            raise AuthenticationFailed(str(refused)) from None
        return token.user, token
