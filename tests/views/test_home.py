"""The home page lists only the caller's projects and needs a login."""
import pytest


@pytest.mark.django_db
def test_home_lists_only_my_projects(client, project, users):
    from annotator.services.projects import project_create

    project_create(name="Secret project")
    client.force_login(users["alice"])
    page = client.get("/").content.decode()
    assert "News" in page and "Secret project" not in page
    client.logout()
    assert client.get("/").status_code == 302
