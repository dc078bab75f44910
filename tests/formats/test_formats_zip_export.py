"""ZipSink, the export pipeline (records in -> zip out) and re-importing an export."""
import hashlib
import json
import tracemalloc
import zipfile

import pytest

from annotator.formats.base import FormatError
from annotator.formats.pipeline import records_zip_write, read_upload
from annotator.formats.records import new_record, span_key
from annotator.formats.splits import DEFAULT_RATIOS
from annotator.formats.zip_sink import DirectorySink, ZipSink
from tests.formats.brat_reads import as_brat_reads


def test_zip_has_manifest_first_with_hashes_and_extras(tmp_path):
    with ZipSink(tmp_path / "out.zip") as sink:
        train, dev = sink.open("train.jsonl"), sink.open("dev.jsonl")  # open at the same time
        train.write(b"t1\n")
        dev.write(b"d1\n")
        train.write(b"t2\n")
        train.close()
        dev.close()
        result = sink.finish({"format": "jsonl", "project": {"id": 1}})
    assert result.path == tmp_path / "out.zip"
    data = result.path.read_bytes()
    assert result.sha256 == hashlib.sha256(data).hexdigest() and result.size == len(data)
    with zipfile.ZipFile(result.path) as archive:
        assert archive.namelist() == ["manifest.json", "dev.jsonl", "train.jsonl"]
        assert archive.read("train.jsonl") == b"t1\nt2\n"
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest == {"format": "jsonl", "project": {"id": 1},
                        "files": {"dev.jsonl": hashlib.sha256(b"d1\n").hexdigest(),
                                  "train.jsonl": hashlib.sha256(b"t1\nt2\n").hexdigest()}}
    assert result.files == manifest["files"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.zip"]  # spool folder removed


def test_failed_export_leaves_nothing(tmp_path):
    def records():
        yield new_record("fine", id=1)
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        records_zip_write(format_name="jsonl", records=records(), project_info={}, zip_path=tmp_path / "x.zip")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["../escape.txt", "/abs.txt", "manifest.json", ""])
def test_unsafe_paths_are_refused(tmp_path, path):
    with ZipSink(tmp_path / "x.zip") as sink, pytest.raises(ValueError):
        sink.open(path)
    with pytest.raises(ValueError):
        DirectorySink(tmp_path).open(path)


def test_export_assigns_splits_counts_and_manifest(tmp_path, make_record, project_info):
    records = [make_record(id=i, external_id=f"n{i}") for i in range(1, 41)]
    result, manifest = records_zip_write(
        format_name="jsonl", records=records, project_info=project_info, zip_path=tmp_path / "e.zip",
        split_ratios=DEFAULT_RATIOS, seed=5,
        manifest_extra={"project": {"id": 3, "name": "News"}, "created_at": "2025-01-01T00:00:00Z",
                        "options": {"only_gold": True}, "tool_version": "0.1.0", "counts": "ignored"})
    assert manifest["format"] == "jsonl" and manifest["tool_version"] == "0.1.0"
    assert manifest["split"] == {"ratios": {"train": 0.8, "dev": 0.1, "test": 0.1}, "seed": 5}
    counts = manifest["counts"]
    assert sum(c["documents"] for c in counts.values()) == 40
    assert counts["train"]["spans"]["PER"] == 3 * counts["train"]["documents"]
    assert counts["train"]["relations"] == {"knows": counts["train"]["documents"],
                                            "works_for": counts["train"]["documents"]}
    with zipfile.ZipFile(result.path) as archive:
        assert json.loads(archive.read("manifest.json")) == manifest
        assert sorted(manifest["files"]) == sorted(n for n in archive.namelist() if n != "manifest.json")


@pytest.mark.parametrize("format_name", ["jsonl", "spacy", "brat", "doccano", "prodigy", "conll"])
def test_an_export_zip_imports_back_with_its_splits(tmp_path, make_record, project_info, format_name):
    records = [make_record(id=i, external_id=f"n{i}") for i in range(1, 21)]
    result, manifest = records_zip_write(format_name=format_name, records=records, project_info=project_info,
                                      zip_path=tmp_path / "e.zip", split_ratios=DEFAULT_RATIOS)
    with open(result.path, "rb") as upload:
        fmt, items = read_upload(fileobj=upload, filename="e.zip")
        back = [item.record for item in items]
    assert fmt.name == format_name
    assert {s: sum(1 for r in back if r["split"] == s) for s in manifest["counts"]} == {
        s: c["documents"] for s, c in manifest["counts"].items()}
    expected = sorted(map(span_key, records[0]["spans"]))
    if format_name == "brat":  # its .txt has LF line breaks: spans after the CRLF are one character earlier
        expected = sorted(as_brat_reads(records[0])[1])
    if format_name != "conll":
        assert all(sorted(map(span_key, r["spans"])) == expected for r in back)


def test_unknown_or_read_only_format(tmp_path):
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        records_zip_write(format_name="xml", records=[], project_info={}, zip_path=tmp_path / "x.zip")
    with pytest.raises(ValueError, match="can be imported but not exported"):
        records_zip_write(format_name="csv", records=[], project_info={}, zip_path=tmp_path / "x.zip")


def test_bad_upload_error_is_raised_while_iterating(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "ok"}\n{"text": 5}\n')
    with open(path, "rb") as upload:
        fmt, items = read_upload(fileobj=upload, filename="d.jsonl")
        first = next(items)
        assert first.record["text"] == "ok"
        with pytest.raises(FormatError, match=r"^d.jsonl line 2, field 'text': must be a string"):
            next(items)


def generated_records(count):
    """Lazily made, like a queryset iterator: ~1 KB of text, 15 spans and a relation each."""
    words = "Alice works for Acme in Paris and met Bob of Initech near Rome 😀 東京 "
    for index in range(1, count + 1):
        text = (words * 15)[: 900 + index % 50]
        spans = [{"id": n, "start": 68 * n, "end": 68 * n + 5, "label": "PER"} for n in range(13)]
        yield new_record(text, id=index, spans=spans, relations=[{"head": 0, "child": 1, "label": "knows"}],
                         tokens=[[0, 5], [6, 11]], meta={"n": index})


def peak_memory_of_export(tmp_path, count):
    tracemalloc.start()
    try:
        records_zip_write(format_name="jsonl", records=generated_records(count), project_info={},
                       zip_path=tmp_path / f"m{count}.zip", split_ratios=DEFAULT_RATIOS)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_does_not_grow_with_record_count(tmp_path):
    peak_300 = peak_memory_of_export(tmp_path, 300)
    peak_3000 = peak_memory_of_export(tmp_path, 3000)
    # 2,700 more records of ~1 KB would add several MB if anything accumulated them.
    assert peak_3000 - peak_300 < 100_000, (peak_300, peak_3000)
    with zipfile.ZipFile(tmp_path / "m3000.zip") as archive:
        written = sum(info.file_size for info in archive.infolist())
    assert written > 3_000_000  # the export really was several MB...
    assert peak_3000 < written / 10  # ...and never held in memory


def test_part_members():
    from annotator.formats.zip_sink import part_members

    files = ["annotation.conf", "dev/a.ann", "dev/a.txt", "train/a.ann", "train/a.txt", "visual.conf"]
    assert part_members(files, "dev") == ["annotation.conf", "dev/a.ann", "dev/a.txt", "visual.conf"]
    assert part_members({"train.spacy": "h", "dev.spacy": "h"}, "train") == ["train.spacy"]
    assert part_members(["train.jsonl"], "test") == []


def test_split_ratios_need_record_ids(tmp_path):
    with pytest.raises(ValueError, match="need an `id`"):
        records_zip_write(format_name="jsonl", records=[new_record("x")], project_info={},
                       zip_path=tmp_path / "x.zip", split_ratios=DEFAULT_RATIOS)
    assert list(tmp_path.iterdir()) == []
