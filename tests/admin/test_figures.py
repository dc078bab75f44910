"""The Project change page in the Django admin shows progress, pre-label quality and agreement, escaped."""
import pytest
from django.urls import reverse

from annotator.admin_figures import agreement_table, progress_table, quality_table
from annotator.models import Annotation, Span
from annotator.selectors.stats import project_stats
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from annotator.services.documents import documents_add

TEXT = "Ann Lee works for Acme in Paris."


def span(piece, label):
    start = TEXT.index(piece)
    return {"start": start, "end": start + len(piece), "label": label}


@pytest.fixture
def figures(project, users, make_user):
    """One gold document with a prediction of a model with a hostile name, and two annotators (one hostile)."""
    from annotator.models import Document, Membership

    document = Document.objects.select_related("project").get(pk=documents_add(project=project,
                                                                               records=[{"text": TEXT}]).ids[0])
    documents_add(project=project, records=[{"text": "Untouched."}])
    prediction = Annotation.objects.create(document=document, kind="prediction", model="<script>m</script>",
                                           model_version="1", status="submitted")
    Span.objects.create(annotation=prediction, start=0, end=7, label=project.entity_types.get(name="PERSON"))
    evil = make_user("<b>eve</b>")
    Membership.objects.create(user=evil, project=project, role="annotator")
    every = [span("Ann Lee", "PERSON"), span("Acme", "ORG")]
    annotation_mine_save(document=document, user=users["alice"], spans=every, relations=[], submit=True)
    annotation_mine_save(document=document, user=evil, spans=every[:1], relations=[], submit=True)
    annotation_gold_save(document=document, user=users["bob"], spans=every, relations=[])
    return project


@pytest.mark.django_db
def test_tables_escape_names_and_show_the_numbers(figures):
    stats = project_stats(project=figures)
    progress = str(progress_table(stats))
    assert "<td" in progress and "Gold" in progress and "50%" in progress
    quality = str(quality_table(stats))
    # The model found Ann Lee only: P 1.00, R 0.50, F1 0.67 against gold's two spans.
    assert "&lt;script&gt;m&lt;/script&gt;@1" in quality and "<script>" not in quality
    assert "<td>0.67</td>" in quality
    agreement = str(agreement_table(stats))
    assert "&lt;b&gt;eve&lt;/b&gt; · alice" in agreement and "<b>eve" not in agreement
    assert "0.67" in agreement


@pytest.mark.django_db
def test_empty_project_says_so(project):
    stats = project_stats(project=project)
    assert "Nothing to score yet" in str(quality_table(stats))
    assert "No agreement yet" in str(agreement_table(stats))


@pytest.mark.django_db
def test_project_change_page_shows_the_figures(client, figures, make_user):
    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:annotator_project_change", args=[figures.pk])).content.decode()
    assert "Progress by status" in page and "Pre-label quality (exact, micro)" in page and "Agreement" in page
    assert "&lt;script&gt;m&lt;/script&gt;@1" in page and "<script>m</script>" not in page
    assert client.get(reverse("admin:annotator_project_add")).status_code == 200
