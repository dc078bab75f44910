from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.services.tokens import api_token_issue, api_token_login_expiry
from api.parsers import FORM_PARSERS
from api.serializers.auth import TokenInputSerializer, TokenSerializer
from api.serializers.base import ErrorSerializer


class TokenView(APIView):
    """Trade a username and password for a new API token of that user (expiring after API_TOKEN_LOGIN_DAYS)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = FORM_PARSERS

    @extend_schema(request=TokenInputSerializer,
                   responses={200: TokenSerializer, 400: OpenApiResponse(ErrorSerializer),
                              429: OpenApiResponse(ErrorSerializer, description="Too many failed logins for this "
                                                   "username or from this address; `Retry-After` says when to "
                                                   "try again.")},
                   auth=[], tags=["auth"], operation_id="auth_token_create")
    def post(self, request):
        body = TokenInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = authenticate(request._request, username=body.validated_data["username"],
                            password=body.validated_data["password"])
        if user is None:
            raise ValidationError({"non_field_errors": ["unable to log in with this username and password"]})
        # A login like the login page's (no session): the failure count starts again, last_login is set.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        key = api_token_issue(user=user, name=body.validated_data.get("name") or _client_name(request),
                              read_only=body.validated_data.get("read_only", False), expires_at=api_token_login_expiry())
        return Response({"token": key})


def _client_name(request) -> str:
    """A made token's default name: how it was made and by what client."""
    agent = request.META.get("HTTP_USER_AGENT", "").strip()
    return f"auth/token ({agent})"[:100] if agent else "auth/token"
