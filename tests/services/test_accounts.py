"""A manager makes an account for a new teammate: a member at once, with a first password that works."""
import pytest
from django.contrib.auth import authenticate, get_user_model

from annotator.models import Membership
from annotator.services.accounts import account_create
from annotator.services.errors import Conflict, InvalidInput
from annotator.services.projects import project_create

pytestmark = pytest.mark.django_db


def test_the_new_person_is_a_member_and_logs_in_with_the_first_password(rf):
    project = project_create(name="News", entity_types=["PERSON"])
    membership, password = account_create(project=project, username="zoë", role="annotator", email="z@example.org")
    assert (membership.user.username, membership.role, membership.user.email) == ("zoë", "annotator", "z@example.org")
    assert len(password) >= 16
    assert authenticate(rf.post("/accounts/login/"), username="zoë", password=password) == membership.user


def test_an_existing_username_is_a_conflict_and_changes_nothing():
    project = project_create(name="News", entity_types=["PERSON"])
    get_user_model().objects.create_user(username="Alice", password="x")
    with pytest.raises(Conflict) as refused:
        account_create(project=project, username="alice", role="annotator")
    assert refused.value.errors == [{"field": "username", "message": "already exists"}]
    assert not Membership.objects.filter(project=project).exists()


@pytest.mark.parametrize("username", ["", "has space", "<script>"])
def test_a_bad_username_names_the_field(username):
    project = project_create(name="News", entity_types=["PERSON"])
    with pytest.raises(InvalidInput) as refused:
        account_create(project=project, username=username, role="annotator")
    assert refused.value.errors[0]["field"] == "username"
    assert get_user_model().objects.count() == 0


def test_an_unknown_role_makes_no_account():
    project = project_create(name="News", entity_types=["PERSON"])
    with pytest.raises(InvalidInput):
        account_create(project=project, username="bob", role="boss")
    assert not get_user_model().objects.filter(username="bob").exists()
