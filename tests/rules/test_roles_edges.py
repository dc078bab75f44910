"""Who may resolve a comment thread and who may create projects (annotator/rules/roles.py)."""
from dataclasses import dataclass

import pytest

from annotator.rules.roles import project_create_allowed, thread_resolve_allowed


@pytest.mark.parametrize(("user_id", "author_id", "role", "allowed"), [
    (7, 7, "annotator", True),     # who opened it
    (7, 8, "annotator", False),    # another annotator
    (7, 8, None, False),           # not a member
    (7, 8, "reviewer", True),
    (7, 8, "manager", True),
    (None, None, "annotator", False),  # a thread whose author was deleted is not everyone's
    (None, None, None, False),
])
def test_who_may_resolve_a_thread(user_id, author_id, role, allowed):
    assert thread_resolve_allowed(user_id=user_id, author_id=author_id, role=role) is allowed


@dataclass
class User:
    is_authenticated: bool = True
    is_staff: bool = False
    permissions: tuple = ()

    def has_perm(self, name: str) -> bool:
        return name in self.permissions


@pytest.mark.parametrize(("user", "allowed"), [
    (User(), False),
    (User(is_staff=True), True),
    (User(permissions=("annotator.add_project",)), True),
    (User(permissions=("annotator.change_project",)), False),
    (User(is_authenticated=False, is_staff=True, permissions=("annotator.add_project",)), False),
])
def test_who_may_create_projects(user, allowed):
    assert project_create_allowed(user) is allowed
