"""`manage.py import_documents`: imports a file's documents here, as a tracked Job."""
import json

import pytest
from django.core.management import CommandError, call_command

from annotator.models import Document, Job

pytestmark = pytest.mark.django_db


def test_imports_a_file_and_counts_duplicates(project, tmp_path, capsys):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps({"text": text}) for text in ["Ann met Bo.", "Bo left.", "Ann met Bo."]),
                    encoding="utf-8")
    call_command("import_documents", project.name, str(path))
    assert "2 documents created, 1 duplicates" in capsys.readouterr().out
    assert Document.objects.filter(project=project).count() == 2
    assert Job.objects.get().status == "succeeded"


def test_a_rejected_file_is_a_command_error(project, tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"title": "no text"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="text"):
        call_command("import_documents", str(project.pk), str(path))
    assert not Document.objects.exists()


@pytest.mark.parametrize("command, extra", [("import_documents", ["file.jsonl"]), ("export", ["--format", "jsonl"]),
                                            ("prelabel", []), ("train", [])])
def test_every_command_names_a_missing_project(project, command, extra):
    with pytest.raises(CommandError, match="^no project 'Nope'$"):
        call_command(command, "Nope", *extra)
    with pytest.raises(CommandError, match=f"^no project '{project.pk + 100}'$"):
        call_command(command, str(project.pk + 100), *extra)
