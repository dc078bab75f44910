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


@pytest.mark.django_db
def test_export_command_passes_format_options(project, users, tmp_path):
    import json
    import zipfile

    from annotator.models import Document
    from annotator.services.annotations import annotation_gold_save

    text = "🚀 Satya Nadella works for Microsoft."
    (pk,) = add_docs(project, [text])
    annotation_gold_save(document=Document.objects.get(pk=pk), user=users["bob"],
                         spans=[{"id": 1, "start": 26, "end": 35, "label": "ORG"}], relations=[])
    out = tmp_path / "doccano.zip"
    call_command("export", "News", "--format", "doccano", "--split", "1,0,0", "--option", "offsets=utf16",
                 "--out", str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        [line] = [json.loads(x) for x in archive.read("train.jsonl").splitlines()]
    assert [(e["start_offset"], e["end_offset"]) for e in line["entities"]] == [(27, 36)]  # UTF-16 units


@pytest.mark.django_db
@pytest.mark.parametrize("option, message", [("offsets=utf16", "options.offsets"), ("offsets", "KEY=VALUE")])
def test_export_command_refuses_an_option_the_format_does_not_take(project, option, message):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("export", "News", "--format", "jsonl", "--option", option)
    assert not Export.objects.exists()
