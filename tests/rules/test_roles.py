"""Role rules: the rank of roles, and who may cancel a job. Pure: no database."""
import pytest

from annotator.models import Role
from annotator.rules.roles import job_cancel_allowed, role_at_least


@pytest.mark.parametrize("role, required, expected", [
    (Role.MANAGER, Role.MANAGER, True), (Role.MANAGER, Role.REVIEWER, True), (Role.MANAGER, Role.ANNOTATOR, True),
    (Role.REVIEWER, Role.MANAGER, False), (Role.REVIEWER, Role.REVIEWER, True), (Role.REVIEWER, Role.ANNOTATOR, True),
    (Role.ANNOTATOR, Role.REVIEWER, False), (Role.ANNOTATOR, Role.ANNOTATOR, True),
    ("manager", Role.REVIEWER, True),  # plain strings as the `caller_role` annotation gives them
    (None, Role.ANNOTATOR, False),  # not a member
    ("owner", Role.ANNOTATOR, False),  # not a role
])
def test_role_at_least(role, required, expected):
    assert role_at_least(role, required) is expected


def test_who_started_the_job_may_cancel_it_whatever_their_role():
    assert job_cancel_allowed(user_id=7, started_by_id=7, role=Role.ANNOTATOR)
    assert job_cancel_allowed(user_id=7, started_by_id=7, role=Role.REVIEWER)


def test_a_manager_may_cancel_anyone_s_job_or_one_nobody_started():
    assert job_cancel_allowed(user_id=7, started_by_id=8, role=Role.MANAGER)
    assert job_cancel_allowed(user_id=7, started_by_id=None, role=Role.MANAGER)


def test_others_may_not():
    assert not job_cancel_allowed(user_id=7, started_by_id=8, role=Role.REVIEWER)
    assert not job_cancel_allowed(user_id=7, started_by_id=8, role=Role.ANNOTATOR)
    assert not job_cancel_allowed(user_id=7, started_by_id=None, role=Role.REVIEWER)  # a job started by the system
    assert not job_cancel_allowed(user_id=None, started_by_id=None, role=None)
