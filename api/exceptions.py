"""One place that turns errors into the contract's JSON 4xx bodies.

Every error body is {"detail": "<what went wrong>", "errors": [{"field", "message"}, ...]}.
Validation errors keep DRF's per-field object beside those keys; fields are named as paths
(`spans[3].end`, `[2].text`), so a client can point at the exact place.
"""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import IntegrityError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from annotator.services.errors import ServiceError

# Errors about who is asking, not about what was sent: their `errors` list stays empty.
NO_FIELD_STATUSES = {status.HTTP_401_UNAUTHORIZED, status.HTTP_403_FORBIDDEN, status.HTTP_404_NOT_FOUND,
                     status.HTTP_405_METHOD_NOT_ALLOWED}


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        set_rollback()
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = f"the request body is larger than {limit} bytes (MAX_REQUEST_BYTES); send fewer items at once"
        return _plain(message, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, TooManyFieldsSent):
        return _plain("the request has too many form fields", status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        set_rollback()
        return _plain("the change conflicts with data stored meanwhile; reload and try again", status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        errors = list(flatten_errors(response.data))
        original = response.data if isinstance(response.data, dict) else {}
        response.data = {**original, "detail": summary(errors), "errors": errors}
    else:  # any other APIException, or Django's Http404 / PermissionDenied that DRF converted
        detail = str(response.data.get("detail", "")) if isinstance(response.data, dict) else str(response.data)
        errors = [] if response.status_code in NO_FIELD_STATUSES else [{"field": "", "message": detail}]
        response.data = {"detail": detail, "errors": errors}
    return response


def _plain(message: str, code: int) -> Response:
    return Response({"detail": message, "errors": [{"field": "", "message": message}]}, status=code)


def summary(errors: list[dict]) -> str:
    if not errors:
        return "invalid input"
    first = errors[0]
    text = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return text + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def flatten_errors(data, path: str = ""):
    """DRF's nested error structure as a flat list of {"field": "spans[3].end", "message": ...}."""
    if isinstance(data, dict):
        for key, value in data.items():
            sub = path if key == api_settings.NON_FIELD_ERRORS_KEY else _join(path, key)
            yield from flatten_errors(value, sub)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, (dict, list)):
                yield from flatten_errors(item, _join(path, index))
            else:
                yield {"field": path, "message": str(item)}
    else:
        yield {"field": path, "message": str(data)}
