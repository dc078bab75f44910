"""Writing the audit trail (annotator/models/audit.py).

Who acted and from which address come from the request being served: AuditRequestMiddleware
(annotator/middleware.py) keeps the request in a context variable for its duration, so services and
signal handlers deep below a view record them without a request argument; outside a request
(commands, workers) both are empty unless given.
"""
import logging
from contextvars import ContextVar

from annotator.models import AuditEvent

logger = logging.getLogger("annotator.audit")
current_request: ContextVar = ContextVar("audit_request", default=None)


def audit_record(*, action: str, user=None, username: str | None = None, project=None, obj=None,
                 details: dict | None = None, address: str | None = None) -> AuditEvent:
    """Append one event. `project` is a Project (or None), `obj` the object acted on (or None);
    `user` and `address` default to the current request's."""
    request = current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if address is None and request is not None:
        from annotator.middleware import client_address

        address = client_address(request)
    if username is None:
        username = user.get_username() if user is not None and user.is_authenticated else ""
    event = AuditEvent.objects.create(
        action=action, user=user if user is not None and user.is_authenticated else None, username=username[:150],
        address=address,
        project_ref=project.pk if project is not None else None,
        project_name=project.name[:200] if project is not None else "",
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        details=details or {},
    )
    logger.info("audit: %s by %s from %s on %s %s", action, username or "-", event.address or "-",
                event.object_type or "-", event.object_id or "-")
    return event
