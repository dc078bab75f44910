"""`manage.py tokens_fill`: the documents whose fill message was lost get their tokens, through
the pending documents' index, and only those of the project named."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from annotator.models import Document
from annotator.services.documents import content_hash, documents_add
from annotator.services.projects import project_create

TEXTS = ["Zoë met 北京 people 😀 at Acme\r\nCafe\u0301 Ltd.", "Second 😀 text.", "Third one."]


@pytest.mark.django_db
def test_fills_the_pending_documents_of_the_project_named_with_an_imports_tokens(project):
    imported = documents_add(project=project_create(name="Imported"), records=[{"text": t} for t in TEXTS])
    expected = [Document.objects.get(pk=pk).tokens for pk in imported.ids]
    other = project_create(name="Other")
    mine = [Document.objects.create(project=project, text=t, content_hash=content_hash(t), tokens=None) for t in TEXTS]
    theirs = Document.objects.create(project=other, text=TEXTS[0], content_hash=content_hash(TEXTS[0]), tokens=None)
    out = StringIO()
    call_command("tokens_fill", project.name, "--batch", "2", stdout=out)
    assert "Tokens filled for 3 documents." in out.getvalue() and "  2 filled" in out.getvalue()
    assert [Document.objects.get(pk=d.pk).tokens for d in mine] == expected
    assert Document.objects.get(pk=theirs.pk).tokens is None
    call_command("tokens_fill", stdout=out)
    assert Document.objects.get(pk=theirs.pk).tokens == expected[0]


@pytest.mark.django_db
def test_an_unknown_project_is_a_clear_error():
    with pytest.raises(CommandError, match="nope"):
        call_command("tokens_fill", "nope")
