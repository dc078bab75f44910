"""The review side of the API: documents ordered by disagreement, and a project's jobs."""
import pytest

from annotator.models import Annotation, Document, Job, JobKind, JobStatus, Span
from annotator.services.annotations import annotation_mine_save
from annotator.services.documents import documents_add
from tests.api.conftest import span_at

TEXTS = ["Ann Lee works for Acme in Paris.", "Bo Chen met Dana in Rome.", "Nothing to see.", "Eve left Oslo."]


@pytest.fixture
def documents(project, users, make_user):
    """Disagreement: 0 -> 0.0 (alice and dave agree), 1 -> 1.0 (nothing shared), 2 -> 0.0 (nobody
    submitted), 3 -> 0.5 (alice alone against the prediction: 1 of 1 and 1 of 3 -> F1 2/4)."""
    from annotator.models import Membership

    dave = make_user("dave")
    Membership.objects.create(user=dave, project=project, role="annotator")
    ids = documents_add(project=project, records=[{"text": t, "title": f"t{n}"} for n, t in enumerate(TEXTS)]).ids
    docs = list(Document.objects.select_related("project").filter(pk__in=ids).order_by("id"))
    ann = [span_at(TEXTS[0], "Ann Lee", "PERSON", id="a")]
    for person in (users["alice"], dave):
        annotation_mine_save(document=docs[0], user=person, spans=ann, relations=[], submit=True)
    annotation_mine_save(document=docs[1], user=users["alice"], spans=[span_at(TEXTS[1], "Bo Chen", "PERSON")],
                         relations=[], submit=True)
    annotation_mine_save(document=docs[1], user=dave, spans=[span_at(TEXTS[1], "Rome", "GPE")], relations=[],
                         submit=True)
    prediction = Annotation.objects.create(document=docs[3], kind="prediction", model="m", status="submitted")
    labels = {t.name: t for t in project.entity_types.all()}
    Span.objects.create(annotation=prediction, start=0, end=3, label=labels["PERSON"])
    eve_and_oslo = [span_at(TEXTS[3], "Eve", "PERSON"), span_at(TEXTS[3], "Oslo", "GPE"),
                    span_at(TEXTS[3], "left", "ORG")]
    annotation_mine_save(document=docs[3], user=users["alice"], spans=eve_and_oslo, relations=[], submit=True)
    return docs


def url(project, query=""):
    return f"/api/v1/projects/{project.pk}/documents/{query}"


@pytest.mark.django_db
class TestOrderingByDisagreement:
    def test_worst_first_with_scores(self, client_for, users, project, documents):
        body = client_for(users["bob"]).get(url(project, "?ordering=-disagreement")).json()
        assert [(item["title"], item["disagreement"]) for item in body["results"]] == [
            ("t1", 1.0), ("t3", 0.5), ("t0", 0.0), ("t2", 0.0)]
        assert body["count"] == 4
        # The contract's fields are all there.
        assert {"id", "project", "title", "text", "meta", "external_id", "status", "tokens"} <= set(body["results"][0])

    def test_ascending_pages_and_filters(self, client_for, users, project, documents):
        client = client_for(users["alice"])
        first = client.get(url(project, "?ordering=disagreement&page_size=3")).json()
        assert [item["title"] for item in first["results"]] == ["t0", "t2", "t3"]
        rest = client.get(first["next"]).json()
        assert [item["title"] for item in rest["results"]] == ["t1"] and rest["next"] is None
        submitted = client.get(url(project, "?ordering=-disagreement&status=submitted")).json()
        assert [item["title"] for item in submitted["results"]] == ["t1", "t3", "t0"]

    def test_plain_orderings_have_no_score(self, client_for, users, project, documents):
        body = client_for(users["alice"]).get(url(project, "?ordering=-id")).json()
        assert [item["title"] for item in body["results"]] == ["t3", "t2", "t1", "t0"]
        assert "disagreement" not in body["results"][0]

    def test_unknown_ordering_is_400(self, client_for, users, project, documents):
        response = client_for(users["alice"]).get(url(project, "?ordering=title"))
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "ordering"

    def test_query_count_is_fixed(self, client_for, users, project, documents, django_assert_max_num_queries):
        client = client_for(users["alice"])
        # token, project and role, the count, the page's documents with their kept disagreement
        with django_assert_max_num_queries(4):
            response = client.get(url(project, "?ordering=-disagreement"))
        assert response.status_code == 200


@pytest.mark.django_db
class TestProjectJobs:
    def test_newest_first_with_progress_and_filters(self, client_for, users, project):
        older = Job.objects.create(project=project, kind=JobKind.IMPORT, status=JobStatus.SUCCEEDED, total=4, done=4)
        newer = Job.objects.create(project=project, kind=JobKind.PRELABEL, status=JobStatus.RUNNING, total=10, done=3)
        from annotator.services.projects import project_create

        Job.objects.create(project=project_create(name="Other"), kind=JobKind.EXPORT)
        client = client_for(users["alice"])
        body = client.get(f"/api/v1/projects/{project.pk}/jobs/").json()
        assert [(job["id"], job["kind"], job["progress"]) for job in body["results"]] == [
            (newer.pk, "prelabel", 0.3), (older.pk, "import", 1.0)]
        running = client.get(f"/api/v1/projects/{project.pk}/jobs/?status=running&status=queued").json()
        assert [job["id"] for job in running["results"]] == [newer.pk]
        assert client.get(f"/api/v1/projects/{project.pk}/jobs/?kind=import").json()["count"] == 1

    def test_outsiders_get_404(self, client_for, users, project):
        assert client_for(users["mallory"]).get(f"/api/v1/projects/{project.pk}/jobs/").status_code == 404
