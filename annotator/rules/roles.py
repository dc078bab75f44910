"""Who may do what in a project: pure rules over role names and user ids, no database.

Roles rank annotator < reviewer < manager, and a higher role can do everything a lower one can.
A caller's role is what `with_caller_role` (annotator/selectors/projects.py) annotates: None when
they are not a member; staff users count as managers everywhere.
"""
from annotator.models import ROLE_RANK, Role


def role_at_least(role: str | None, required: str) -> bool:
    """True when `role` (None: not a member) ranks at least `required`."""
    return ROLE_RANK.get(role, 0) >= ROLE_RANK[required]


def job_cancel_allowed(*, user_id: int | None, started_by_id: int | None, role: str | None) -> bool:
    """Who may ask a job to stop: who started it, or a manager of its project."""
    return (started_by_id is not None and started_by_id == user_id) or role_at_least(role, Role.MANAGER)


def thread_resolve_allowed(*, user_id: int | None, author_id: int | None, role: str | None) -> bool:
    """Who may resolve a comment thread (or flag): who opened it, or a reviewer or manager."""
    return (author_id is not None and author_id == user_id) or role_at_least(role, Role.REVIEWER)


def project_create_allowed(user) -> bool:
    """Who may create projects (in the browser and the API): staff, and users given the `add_project` permission."""
    return bool(user.is_authenticated and (user.is_staff or user.has_perm("annotator.add_project")))
