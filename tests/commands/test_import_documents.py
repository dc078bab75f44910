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


def utf16_doccano_file(tmp_path):
    """A doccano line as its browser UI writes it: after the emoji, offsets count UTF-16 units."""
    path = tmp_path / "doccano.jsonl"
    line = {"text": "🚀 Satya Nadella works for Microsoft.",
            "entities": [{"id": 1, "label": "ORG", "start_offset": 27, "end_offset": 36}]}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_a_utf16_doccano_file_names_the_option_and_the_option_reads_it(project, tmp_path, capsys):
    path = utf16_doccano_file(tmp_path)
    with pytest.raises(CommandError, match=r'line 1, field .entities\[0\]\.start_offset.*"offsets": "utf16"'):
        call_command("import_documents", project.name, str(path))
    assert not Document.objects.exists()
    call_command("import_documents", project.name, str(path), "--option", "offsets=utf16")
    assert "1 documents created" in capsys.readouterr().out
    assert Job.objects.latest("pk").params["options"] == {"offsets": "utf16"}


def test_an_option_no_format_takes_is_a_command_error(project, tmp_path):
    with pytest.raises(CommandError, match=r"options\.colour"):
        call_command("import_documents", project.name, str(utf16_doccano_file(tmp_path)), "--option", "colour=red")
    assert not Job.objects.exists()


LABEL_STUDIO = __import__("pathlib").Path(__file__).parents[1] / "formats" / "data" / "labelstudio_export.json"


def test_as_gold_with_format_imports_a_label_studio_export_and_says_what_it_did(project, tmp_path, capsys):
    call_command("import_documents", project.name, str(LABEL_STUDIO), "--as", "gold", "--format", "labelstudio")
    out = capsys.readouterr().out
    assert "2 documents created" in out and "2 documents annotated" in out
    assert "Users created (inactive) for annotators: Alice@Example.org, dana@example.org." in out
    assert "Labels dropped (no project label): {'PER': 2, 'PERCENT': 1}" in out  # this project maps no PER
    assert Job.objects.get().params["as"] == "gold"


def test_predictions_with_model_and_version(project, tmp_path, capsys):
    from annotator.models import Annotation

    path = tmp_path / "preds.jsonl"
    path.write_text(json.dumps({"text": "Ada Lovelace wrote.", "spans": [
        {"id": 1, "start": 0, "end": 12, "label": "PERSON", "score": 0.5}]}) + "\n", encoding="utf-8")
    call_command("import_documents", project.name, str(path), "--as", "predictions", "--model", "ner",
                 "--model-version", "7")
    prediction = Annotation.objects.get(kind="prediction")
    assert (prediction.model, prediction.model_version, prediction.spans.get().score) == ("ner", "7", 0.5)


def test_wait_runs_the_job_on_the_workers(transactional_db, project, tmp_path, capsys, eager):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "Ann met Bo."}\n', encoding="utf-8")
    call_command("import_documents", project.name, str(path), "--wait", "--timeout", "60")
    out = capsys.readouterr().out
    job = Job.objects.get()
    assert f"Import job {job.pk} queued" in out and "1 documents created" in out
    assert "path" not in job.params and job.params["upload"] == f"imports/{job.pk}/docs.jsonl"  # copied to the store


def test_a_wrong_format_choice_is_a_command_error(project, tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "a"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="holds documents only"):
        call_command("import_documents", project.name, str(path), "--as", "gold", "--format", "text")
