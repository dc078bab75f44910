"""Who may do what: membership scopes what is visible (see selectors.projects.with_caller_role),
and each action names the least role it needs (annotator < reviewer < manager; annotator/rules/roles.py)."""
from rest_framework.permissions import BasePermission

from annotator.rules.roles import role_at_least


class ProjectRole(BasePermission):
    """The caller's role in the object's project (the `caller_role` annotation) reaches the view's required role."""

    def has_object_permission(self, request, view, obj) -> bool:
        required = view.required_role(obj)
        role = getattr(obj, "caller_role", None)
        if role_at_least(role, required):
            return True
        self.message = f"this needs the {required} role in the project; you are {_a(role)}"
        return False


def _a(role: str | None) -> str:
    return f"{'an' if role and role[0] in 'aeiou' else 'a'} {role}" if role else "not a member"


__all__ = ["ProjectRole"]
