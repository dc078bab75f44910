"""Files through the object store (annotator/stored_files.py) on a real S3-compatible server: a large
file goes up in parts and streams back, a folder is one archive that another machine fetches into its
own cache, and an archive that reaches outside its folder is refused."""
import io
import os
import tarfile

import pytest
from django.core.exceptions import SuspiciousOperation

from annotator.storage_settings import default_storage_from_env
from annotator.stored_files import (stored_file_local, stored_file_put, stored_file_read, stored_folder_delete,
                                    stored_folder_local, stored_folder_put)
from tests.object_store import local_files

NAMES = ["config.cfg", "ner/model", "naïve 日本.txt"]


def test_a_large_file_goes_up_in_parts_and_streams_back(object_store, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("OBJECT_STORAGE_PART_MB", "5")
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env()}
    source = tmp_path / "export.zip"
    content = os.urandom(11 * 2**20 + 123)
    source.write_bytes(content)

    stored_file_put(name="exports/7/export-7-jsonl.zip", source=source)

    key = f"{object_store.prefix}/exports/7/export-7-jsonl.zip"
    assert object_store.keys() == [key]
    etag = object_store.client.head_object(Bucket=object_store.name, Key=key)["ETag"]
    assert etag.strip('"').endswith("-3")  # a multipart upload of three parts (5 + 5 + 1 MB)
    stream = stored_file_read("exports/7/export-7-jsonl.zip")
    first = stream.read(2**20)
    assert first == content[:2**20] and first + stream.read() == content
    with stored_file_local("exports/7/export-7-jsonl.zip") as path:
        assert path.read_bytes() == content and path.is_relative_to(settings.LOCAL_CACHE_DIR)
    assert not local_files(settings.LOCAL_CACHE_DIR)  # the copy lived for the block only
    assert not local_files(settings.MEDIA_ROOT)


def test_a_folder_is_one_archive_that_another_machine_fetches(object_store, settings, tmp_path):
    folder = tmp_path / "building" / "model"
    for name in NAMES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"content of {name}", encoding="utf-8")

    assert stored_folder_put(name="models/3/1", source=folder) == "models/3/1.tar.gz"
    assert object_store.keys() == [f"{object_store.prefix}/models/3/1.tar.gz"]

    settings.LOCAL_CACHE_DIR = tmp_path / "other-machine"
    fetched = stored_folder_local("models/3/1", key="project3_v1")
    assert fetched == tmp_path / "other-machine" / "folders" / "project3_v1"
    assert {name: (fetched / name).read_text(encoding="utf-8") for name in NAMES} == {
        name: f"content of {name}" for name in NAMES}
    object_store.client.delete_object(Bucket=object_store.name, Key=f"{object_store.prefix}/models/3/1.tar.gz")
    assert stored_folder_local("models/3/1", key="project3_v1") == fetched  # kept: not fetched again

    stored_folder_put(name="models/3/1", source=folder)
    stored_folder_delete("models/3/1", key="project3_v1")
    assert object_store.keys() == [] and not fetched.exists()


def test_an_archive_reaching_outside_its_folder_is_refused(object_store, settings, tmp_path):
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        member = tarfile.TarInfo("../../escaped.txt")
        member.size = 4
        tar.addfile(member, io.BytesIO(b"evil"))
    object_store.client.put_object(Bucket=object_store.name, Key=f"{object_store.prefix}/models/3/2.tar.gz",
                                   Body=archive.getvalue())

    with pytest.raises((tarfile.OutsideDestinationError, SuspiciousOperation)):
        stored_folder_local("models/3/2", key="project3_v2")
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not (settings.LOCAL_CACHE_DIR / "folders" / "project3_v2").exists()
