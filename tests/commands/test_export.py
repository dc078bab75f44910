"""`manage.py export`: builds an export in this process and writes the zip where asked."""
import hashlib
import io

import pytest
from django.core.management import call_command

from annotator.models import Export
from tests.services.test_exports import TEXT, add_docs, gold


@pytest.mark.django_db
def test_export_command_writes_the_zip(project, users, tmp_path):
    (pk,) = add_docs(project, [TEXT])
    gold(pk, users["bob"])
    out = tmp_path / "news.zip"
    stdout = io.StringIO()
    call_command("export", "News", "--format", "jsonl", "--out", str(out), "--seed", "4", stdout=stdout)
    assert "1 documents" in stdout.getvalue()
    export = Export.objects.get()
    assert export.options["seed"] == 4 and export.status == "succeeded"
    assert hashlib.sha256(out.read_bytes()).hexdigest() == export.sha256
