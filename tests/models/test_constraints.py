"""Database constraints hold even when a service is bypassed."""
import pytest
from django.db import IntegrityError, transaction

from annotator.models import Annotation, Document, EntityType, Membership, RelationType, Span


def make_document(project, text="Ana works for Acme."):
    from annotator.services.documents import content_hash

    return Document.objects.create(project=project, text=text, content_hash=content_hash(text))


@pytest.mark.django_db
class TestConstraints:
    def test_span_start_must_be_before_end(self, project):
        doc = make_document(project)
        annotation = Annotation.objects.create(document=doc, kind="annotation")
        label = project.entity_types.get(name="PERSON")
        for start, end in [(3, 3), (5, 2)]:
            with pytest.raises(IntegrityError), transaction.atomic():
                Span.objects.create(annotation=annotation, start=start, end=end, label=label)
        Span.objects.create(annotation=annotation, start=0, end=3, label=label)
        assert annotation.spans.count() == 1

    def test_same_text_twice_in_a_project_is_refused(self, project):
        make_document(project)
        with pytest.raises(IntegrityError), transaction.atomic():
            make_document(project)

    def test_same_text_in_two_projects_is_fine(self, project):
        from annotator.services.projects import project_create

        other = project_create(name="Other")
        make_document(project)
        make_document(other)
        assert Document.objects.count() == 2

    def test_type_names_unique_per_project(self, project):
        with pytest.raises(IntegrityError), transaction.atomic():
            EntityType.objects.create(project=project, name="PERSON")
        with pytest.raises(IntegrityError), transaction.atomic():
            RelationType.objects.create(project=project, name="works_for")

    def test_one_role_per_user_and_project(self, project, make_user):
        user = make_user("dora")
        Membership.objects.create(user=user, project=project, role="annotator")
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=user, project=project, role="manager")

    def test_one_gold_and_one_annotation_per_author(self, project, make_user):
        doc = make_document(project)
        user = make_user("erin")
        Annotation.objects.create(document=doc, kind="gold")
        with pytest.raises(IntegrityError), transaction.atomic():
            Annotation.objects.create(document=doc, kind="gold")
        Annotation.objects.create(document=doc, kind="annotation", author=user)
        with pytest.raises(IntegrityError), transaction.atomic():
            Annotation.objects.create(document=doc, kind="annotation", author=user)

    def test_invalid_status_refused(self, project):
        doc = make_document(project)
        doc.status = "nonsense"
        with pytest.raises(IntegrityError), transaction.atomic():
            doc.save()
