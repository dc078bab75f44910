"""Hostile zip uploads: members with absolute paths, `..` components or symbolic links are refused,
naming the member, before anything is read or stored (by an import job and by every reader)."""
import io
import stat
import zipfile

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import FORMATS
from annotator.formats.zip_members import zip_member_refusal
from annotator.models import Document
from tests.services.test_imports import run_import

GOOD = b'{"text": "A harmless document."}\n'


def link(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


HOSTILE = [
    ("/etc/passwd.jsonl", "an absolute path"),
    ("../../outside.jsonl", "a '..' path component"),
    ("train/../../x.jsonl", "a '..' path component"),
    ("..\\windows.jsonl", "a '..' path component"),
    ("C:/boot.jsonl", "an absolute path"),
    ("\\\\server\\share.jsonl", "an absolute path"),
]


def archive(*members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("ok.jsonl", GOOD)
        for member in members:
            if isinstance(member, tuple):
                out.writestr(*member)
            else:
                out.writestr(zipfile.ZipInfo(member), GOOD)
    return buffer.getvalue()


@pytest.mark.parametrize("name, reason", HOSTILE)
def test_paths_out_of_the_archive_are_refused(name, reason):
    assert zip_member_refusal(zipfile.ZipInfo(name)) == reason


def test_links_are_refused_and_plain_members_pass():
    info, _target = link("docs.jsonl", "/etc/passwd")
    assert zip_member_refusal(info) == "a symbolic link"
    for name in ("docs.jsonl", "train/a.txt", "a..b.jsonl", "dev/..hidden.ann", "北京/文档.jsonl"):
        assert zip_member_refusal(zipfile.ZipInfo(name)) is None


@pytest.mark.django_db
@pytest.mark.parametrize("member, reason", [*HOSTILE[:3], (link("docs.jsonl", "/etc/passwd"), "a symbolic link")],
                         ids=["absolute", "dotdot", "nested-dotdot", "symlink"])
def test_an_import_job_names_the_member_and_stores_nothing(project, tmp_path, member, reason):
    path = tmp_path / "upload.zip"
    path.write_bytes(archive(member))
    job = run_import(project, path)
    assert job.status == "failed"
    name = member[0].filename if isinstance(member, tuple) else member
    error = job.errors[0]
    assert error["file"] == f"upload.zip:{name}" and name in error["message"] and reason in error["message"]
    assert Document.objects.count() == 0


@pytest.mark.parametrize("format_name", ["jsonl", "brat", "conll", "text"])
def test_every_reader_refuses_before_reading(format_name):
    data = archive("../escape.txt")
    with pytest.raises(FormatError) as refused:
        list(FORMATS[format_name].reader(io.BytesIO(data), "upload.zip"))
    assert refused.value.file == "upload.zip:../escape.txt" and "'..'" in refused.value.message
