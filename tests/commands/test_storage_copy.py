"""`manage.py storage_copy`: what a single-machine deployment kept in MEDIA_ROOT (a built export, a
trained version's folder) is copied to the object store under the names its rows hold, so the
download and the model work from the store afterwards; running it again copies nothing; a missing
file is named; without a bucket configured it refuses."""
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from annotator.models import Export, Job, JobKind, JobStatus, TrainedModel
from annotator.services.model_registry import model_location

pytestmark = pytest.mark.django_db


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("train.jsonl", '{"text": "東京 😀"}\n')
    return buffer.getvalue()


ZIP = zip_bytes()  # once: a zip holds its members' times


@pytest.fixture
def kept_locally(project, users, media):
    """An export and a trained version as a worker left them in MEDIA_ROOT before the switch."""
    export_name, model_path = f"exports/{project.pk}/export-1-jsonl-ab12cd34.zip", f"models/{project.pk}/1"
    (media / export_name).parent.mkdir(parents=True)
    (media / export_name).write_bytes(ZIP)
    (media / model_path).mkdir(parents=True)
    (media / model_path / "meta.json").write_text('{"name": "v1 ✓"}', encoding="utf-8")
    job = Job.objects.create(project=project, kind=JobKind.EXPORT, status=JobStatus.SUCCEEDED)
    export = Export.objects.create(project=project, format="jsonl", job=job, file=export_name,
                                   size=len(ZIP))
    train_job = Job.objects.create(project=project, kind="train", status=JobStatus.SUCCEEDED)
    trained = TrainedModel.objects.create(project=project, version=1, name=f"project{project.pk}_v1",
                                          path=model_path, job=train_job)
    return export, trained


def test_without_a_bucket_it_refuses(kept_locally):
    with pytest.raises(CommandError, match="OBJECT_STORAGE_BUCKET"):
        call_command("storage_copy")


def test_exports_and_models_move_to_the_store_and_work_from_there(kept_locally, object_store, users, capsys,
                                                                  settings, tmp_path):
    export, trained = kept_locally
    call_command("storage_copy")
    assert "2 copied, 0 already in the store, 0 missing" in capsys.readouterr().out
    assert object_store.keys() == sorted([f"{object_store.prefix}/{export.file.name}",
                                          f"{object_store.prefix}/{trained.path}.tar.gz"])

    settings.MEDIA_ROOT = tmp_path / "gone"  # the shared folder is no more
    bob = APIClient()
    bob.force_authenticate(users["bob"])
    download = bob.get(f"/api/v1/exports/{export.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == ZIP
    location = model_location(project=export.project, model=trained.name)
    assert open(f"{location}/meta.json", encoding="utf-8").read() == '{"name": "v1 ✓"}'

    call_command("storage_copy", "--media-root", str(tmp_path / "media"))  # again: nothing to do
    assert "0 copied, 2 already in the store" in capsys.readouterr().out


def test_a_missing_file_is_named(kept_locally, object_store, media, capsys):
    export, _trained = kept_locally
    (media / export.file.name).unlink()
    with pytest.raises(CommandError, match="1 files named by exports or trained models are missing"):
        call_command("storage_copy")
    assert export.file.name in capsys.readouterr().err
