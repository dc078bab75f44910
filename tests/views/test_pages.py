"""The pages around the editor, through Django's test client: project page, queue, editor page."""
import pytest
from django.urls import reverse

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Document, DocumentStatus


def make_document(project, text: str, **fields) -> Document:
    return Document.objects.create(project=project, text=text, content_hash=str(hash(text)), **fields)


@pytest.fixture
def alice_client(client, users):
    client.force_login(users["alice"])
    return client


@pytest.mark.django_db
def test_home_links_to_projects_and_their_queues(alice_client, project):
    page = alice_client.get("/").content.decode()
    assert reverse("project_detail", args=[project.pk]) in page
    assert reverse("project_next", args=[project.pk]) in page


@pytest.mark.django_db
def test_project_page_shows_guidelines_as_text(alice_client, project):
    project.description = "About <i>news</i>"
    project.guidelines = "# Rules\n<script>alert(1)</script> <img src=x onerror=alert(2)>\nLabel people."
    project.save()
    make_document(project, "One.")
    response = alice_client.get(reverse("project_detail", args=[project.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "About &lt;i&gt;news&lt;/i&gt;" in page
    assert 'id="start-annotating"' in page
    assert "1 document waiting for you" in page


@pytest.mark.django_db
def test_project_page_is_for_members_only(client, users, project):
    client.force_login(users["mallory"])
    assert client.get(reverse("project_detail", args=[project.pk])).status_code == 404
    assert client.get(reverse("project_next", args=[project.pk])).status_code == 404


@pytest.mark.django_db
def test_pages_need_a_login(client, project):
    response = client.get(reverse("project_detail", args=[project.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_next_opens_the_editor_of_the_next_document_then_says_nothing_is_left(alice_client, users, project):
    first = make_document(project, "First.")
    second = make_document(project, "Second.", status=DocumentStatus.PRELABELED)
    response = alice_client.get(reverse("project_next", args=[project.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("document_annotate", args=[first.pk])
    Annotation.objects.create(document=first, kind=AnnotationKind.ANNOTATION, author=users["alice"],
                              status=AnnotationStatus.SUBMITTED)
    assert alice_client.get(reverse("project_next", args=[project.pk]))["Location"] == \
        reverse("document_annotate", args=[second.pk])
    Document.objects.filter(pk=second.pk).update(status=DocumentStatus.SKIPPED)
    response = alice_client.get(reverse("project_next", args=[project.pk]))
    assert response.status_code == 200
    assert "Nothing left to annotate" in response.content.decode()


@pytest.mark.django_db
def test_editor_page_mounts_the_bundle_for_members(alice_client, project):
    document = make_document(project, "Text.", title="<b>Title</b>")
    page = alice_client.get(reverse("document_annotate", args=[document.pk])).content.decode()
    assert f'data-document-id="{document.pk}"' in page
    assert f'data-project-id="{project.pk}"' in page
    assert 'data-user="alice"' in page
    assert '<script type="module" src="/static/frontend/assets/editor.js">' in page
    assert 'href="/static/frontend/assets/editor.css"' in page
    assert "&lt;b&gt;Title&lt;/b&gt;" in page and "<b>Title</b>" not in page


@pytest.mark.django_db
def test_editor_page_is_404_for_outsiders_and_unknown_documents(client, users, project):
    document = make_document(project, "Text.")
    client.force_login(users["mallory"])
    assert client.get(reverse("document_annotate", args=[document.pk])).status_code == 404
    client.force_login(users["alice"])
    assert client.get(reverse("document_annotate", args=[document.pk + 1000])).status_code == 404
