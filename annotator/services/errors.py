"""Domain errors that services raise; the API turns them into 4xx bodies."""


class ServiceError(Exception):
    """Base class: a request that cannot be carried out as asked."""

    status_code = 400

    def __init__(self, message: str, *, errors: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        # Each error names where ({"line": 7} or {"index": 2}), the field, and the reason.
        self.errors = errors or []

    def as_dict(self) -> dict:
        return {"detail": self.message, "errors": self.errors}


class InvalidInput(ServiceError):
    """Input that fails validation; nothing of it was stored."""


class LimitExceeded(ServiceError):
    status_code = 413


class Conflict(ServiceError):
    status_code = 409


class NotFound(ServiceError):
    """What was asked for is not there (the object itself is, and is visible to the caller)."""

    status_code = 404


class Forbidden(ServiceError):
    """The caller is a member but may not do this (their role, or it is not theirs)."""

    status_code = 403
