"""The registry, format detection, and the shared base pieces."""
import io
import json

import pytest

from annotator.formats.base import FormatError, MemberPath, split_from_path
from annotator.formats.catalog import FORMATS, detect_format, get_format
from tests.formats.zips import zipped


def test_registry():
    assert list(FORMATS) == ["jsonl", "spacy", "conll", "brat", "doccano", "prodigy", "labelstudio", "hf",
                             "csv", "text"]
    writable = {name for name, f in FORMATS.items() if f.can_write}
    assert writable == {"jsonl", "spacy", "conll", "brat", "doccano", "prodigy", "labelstudio", "hf"}
    assert all(f.can_read for name, f in FORMATS.items() if name != "hf")  # hf is what a trainer reads
    assert not FORMATS["conll"].carries.relations and not FORMATS["conll"].carries.exact_text
    assert FORMATS["brat"].carries.overlapping
    with pytest.raises(ValueError, match="unknown format 'xml'; choose one of jsonl, spacy"):
        get_format("xml")


NATIVE = {"id": 1, "text": "a", "spans": [], "relations": [], "tokens": [[0, 1]], "split": "train"}
DOCCANO = {"id": 1, "text": "a", "entities": [], "relations": []}
DOCCANO_PLAIN = {"text": "a", "label": [[0, 1, "X"]]}
PRODIGY = {"text": "a", "tokens": [{"text": "a", "start": 0, "end": 1, "id": 0, "ws": False}], "answer": "accept"}


@pytest.mark.parametrize("line, expected", [
    (NATIVE, "jsonl"), ({"text": "corpus", "meta": {}}, "jsonl"), (DOCCANO, "doccano"), (DOCCANO_PLAIN, "doccano"),
    (PRODIGY, "prodigy"), ({"text": "a", "_input_hash": 1}, "prodigy"),
])
def test_jsonl_flavours_by_first_line(line, expected):
    head = (json.dumps(line) + "\n{}\n").encode()
    assert detect_format("data.jsonl", head) == expected
    assert detect_format("data.jsonl", io.BytesIO(head)) == expected


def test_cut_off_first_line_uses_key_search():
    long_text = "word " * 20000
    doccano = json.dumps({"text": "x", "entities": [], "more": long_text}).encode()[:1000]
    assert detect_format("d.jsonl", doccano) == "doccano"
    quoted = json.dumps({"text": 'he said {"answer": 1} ' + long_text}).encode()[:1000]
    assert detect_format("d.jsonl", quoted) == "jsonl"  # the key is inside the text, escaped


@pytest.mark.parametrize("name, head, expected", [
    ("train.spacy", b"\x78\x9c...", "spacy"),
    ("x.conll", b"EU B-ORG\n", "conll"),
    ("x.txt", b"-DOCSTART- -X- -X- O\n\nEU B-ORG\n", "conll"),
    ("x.txt", b"Just an article.\n", "text"),
    ("docs.csv", b"text,title\n", "csv"),
    ("data", b'{"text": "a", "entities": []}\n', "doccano"),
])
def test_by_extension_and_content(name, head, expected):
    assert detect_format(name, head) == expected


def test_unknown_is_a_clear_error():
    with pytest.raises(FormatError, match=r"^blob.bin: cannot tell the format"):
        detect_format("blob.bin", b"\x00\x01")


@pytest.mark.parametrize("files, expected", [
    ({"manifest.json": '{"format": "prodigy"}', "train.jsonl": json.dumps(PRODIGY)}, "prodigy"),
    ({"a.txt": "x", "a.ann": "", "b.txt": "y"}, "brat"),
    ({"train.spacy": "x"}, "spacy"),
    ({"dev.conll": "x"}, "conll"),
    ({"dev.jsonl": json.dumps(DOCCANO)}, "doccano"),
    ({"docs.csv": "text\nx\n"}, "csv"),
    ({"a.txt": "one", "b.txt": "two"}, "text"),
])
def test_zips(files, expected):
    data = zipped(files)
    assert detect_format("upload.zip", io.BytesIO(data)) == expected
    assert detect_format("upload.zip", data) == expected  # the whole zip as bytes works too


def test_zip_position_is_restored_and_empty_zip_refused():
    upload = io.BytesIO(zipped({"a.txt": "x"}))
    detect_format("u.zip", upload)
    assert upload.tell() == 0
    with pytest.raises(FormatError, match="holds no file of a known format"):
        detect_format("u.zip", io.BytesIO(zipped({"readme.md": "x"})))
    with pytest.raises(FormatError, match="needs the whole file"):
        detect_format("u.zip", zipped({"a.txt": "x" * 5000})[:100])


def test_format_error_wording():
    assert str(FormatError("f.ann", 3, "Arg1", "bad")) == "f.ann line 3, field 'Arg1': bad"
    assert str(FormatError("f.spacy", 2, None, "bad", unit="doc")) == "f.spacy doc 2: bad"
    assert str(FormatError("f.txt", None, "text", "empty")) == "f.txt, field 'text': empty"


@pytest.mark.parametrize("path, split", [
    ("train.jsonl", "train"), (MemberPath("e:1.zip", "dev/doc.ann"), "dev"), ("10:30/dev.jsonl", "dev"), ("x/test/a.txt", "test"), ("all.jsonl", None),
    ("training.jsonl", None),
])
def test_split_from_path(path, split):
    assert split_from_path(path) == split


def test_broken_zip_is_a_format_error():
    with pytest.raises(FormatError, match=r"^upload.zip: not a valid zip file"):
        list(get_format("jsonl").reader(io.BytesIO(b"PK\x03\x04 truncated"), "upload.zip"))
