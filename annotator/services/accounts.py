"""Accounts a project's manager makes for a new teammate, so a team starts without the Django admin."""
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction

from annotator.models import Membership, Project
from annotator.services.errors import Conflict, InvalidInput
from annotator.services.projects import member_set


def account_create(*, project: Project, username: str, role: str, email: str = "") -> tuple[Membership, str]:
    """A new user, member of `project` with `role`, and their first password (shown once to the manager,
    who passes it on; the person changes it at /accounts/password_change/). An existing username is
    a 409: add that person as a member instead."""
    username = username.strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise InvalidInput(f"username {username!r}: {exc.messages[0]}",
                           errors=[{"field": "username", "message": exc.messages[0]}]) from None
    users = get_user_model()
    if users.objects.filter(username__iexact=username).exists():
        raise Conflict(f"a user named {username!r} already exists: add them as a member",
                       errors=[{"field": "username", "message": "already exists"}])
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user = users.objects.create_user(username=username, email=email.strip(), password=password)
        membership = member_set(project=project, username=user.username, role=role)
    return membership, password
