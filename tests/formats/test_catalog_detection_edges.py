"""Format detection (annotator/formats/catalog.py) as a user uploading a file meets it: every extension
the formats declare, byte order marks and blank lines before the content, JSON lines whose keys only
look like another tool's, zips with Mac resource folders, a manifest, Label Studio exports and stray
files; and refusals that name the file and say what would have fitted."""
import io
import json

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import detect_format
from tests.formats.zips import zipped

BOM = b"\xef\xbb\xbf"
NATIVE = {"text": "Ada", "spans": [{"id": 1, "start": 0, "end": 3, "label": "PER"}], "relations": []}
DOCCANO = {"text": "Ada", "entities": [], "relations": []}
LABEL_STUDIO_TASK = {"data": {"text": "Ada"}, "annotations": []}


def detect(name: str, data: bytes) -> str:
    """What the upload of `data` named `name` is read as, given as a file (what the API passes) and as
    bytes (the file's head); both must agree."""
    from_file = detect_format(name, io.BytesIO(data))
    assert detect_format(name, data) == from_file
    return from_file


def line(value) -> bytes:
    return json.dumps(value).encode() + b"\n"


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("ner.iob", b"EU B-ORG\n", "conll"),
    ("ner.bio", b"EU B-ORG\n", "conll"),
    ("NER.CONLL", b"EU B-ORG\n", "conll"),
    ("docs.tsv", b"text\tid\nAda\t1\n", "csv"),
    ("doc.ann", b"T1\tPER 0 3\tAda\n", "brat"),
    # A first line that is JSON but no object: the extension says JSON Lines (its reader then names the line).
    ("docs.jsonl", b'"Ada"\n', "jsonl"),
    ("docs.ndjson", b'"Ada"\n', "jsonl"),
    ("docs.json", b'"Ada"\n', "jsonl"),
])
def test_every_extension_a_format_declares_decides_without_the_content(name, data, expected):
    assert detect(name, data) == expected


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("a.txt", BOM + b"-DOCSTART- -X- -X- O\n\nEU B-ORG\n", "conll"),
    ("a.txt", b"\r\n\t -DOCSTART- -X- -X- O\n", "conll"),
    ("upload", BOM + b"\n " + line(DOCCANO), "doccano"),
    ("upload", BOM + b"\n" + json.dumps([LABEL_STUDIO_TASK]).encode(), "labelstudio"),
    ("docs.jsonl", BOM + line(DOCCANO), "doccano"),
])
def test_a_byte_order_mark_and_blank_lines_before_the_content_do_not_hide_it(name, data, expected):
    assert detect(name, data) == expected


def test_content_that_only_contains_json_after_other_text_is_not_json():
    for data in (b"X{}", b"X[1]", b"# notes\n{}"):
        with pytest.raises(FormatError) as refused:
            detect("upload", data)
        assert str(refused.value) == ("upload: cannot tell the format from the name or content; choose one of "
                                      "jsonl, spacy, conll, brat, doccano, prodigy, labelstudio, hf, csv, text")


def test_a_json_array_that_is_no_label_studio_export_is_refused_at_line_1_of_the_file():
    with pytest.raises(FormatError) as refused:
        detect("scores.json", b"[1, 2, 3]")
    assert str(refused.value) == ("scores.json line 1: a JSON array; expected one JSON object per line "
                                  "(a Label Studio export imports with format labelstudio)")


def test_a_refused_json_array_after_blank_lines_and_a_bom_is_named_at_the_line_where_it_opens():
    with pytest.raises(FormatError) as refused:
        detect("scores.json", b"\xef\xbb\xbf\n\r\n  \n\t[1, 2,\n 3]")
    assert str(refused.value).startswith("scores.json line 4: a JSON array; expected one JSON object per line")


def test_a_pretty_printed_label_studio_task_in_a_json_file_is_label_studio_but_in_a_jsonl_file_is_not():
    pretty = json.dumps(LABEL_STUDIO_TASK, indent=2).encode() + b"\n"
    assert detect("task.json", pretty) == "labelstudio"
    assert detect("task.jsonl", pretty) == "jsonl"  # JSON Lines: its reader names the broken first line


def test_a_json_lines_file_named_json_stays_json_lines_when_a_value_holds_a_label_studio_key():
    record = {**NATIVE, "meta": {"data": "survey", "annotations": 2}}
    assert detect("docs.json", line(record) + line(NATIVE)) == "jsonl"


@pytest.mark.parametrize(("record", "expected"), [
    # Prodigy, by any one of its own keys or shapes.
    ({"text": "Ada", "answer": "accept"}, "prodigy"),
    ({"text": "Ada", "_task_hash": 7}, "prodigy"),
    ({"text": "Ada", "tokens": [{"text": "Ada", "start": 0, "end": 3, "id": 0}]}, "prodigy"),
    ({"text": "Ada", "spans": [{"start": 0, "end": 3, "label": "PER", "token_start": 0, "token_end": 0}]},
     "prodigy"),
    # Ours: spans without token indexes, tokens as [start, end] pairs, document labels as strings.
    (NATIVE, "jsonl"),
    ({**NATIVE, "tokens": [[0, 3]]}, "jsonl"),
    ({"text": "Ada", "label": ["positive"]}, "jsonl"),
    ({"text": "Ada", "label": []}, "jsonl"),
    # doccano's older export: label as [start, end, label] lists.
    ({"text": "Ada", "label": [[0, 3, "PER"]]}, "doccano"),
])
def test_the_first_json_line_decides_between_ours_doccano_and_prodigy(record, expected):
    assert detect("data.jsonl", line(record)) == expected


def test_a_first_line_cut_off_before_it_ends_is_judged_by_the_keys_it_shows():
    long_text = "word " * 20000
    prodigy = json.dumps({"text": "x", "answer": "accept", "more": long_text}).encode()[:1000]
    plain = json.dumps({"text": "x", "more": long_text}).encode()[:1000]
    assert detect_format("p.jsonl", prodigy) == "prodigy"
    assert detect_format("p.jsonl", plain) == "jsonl"


@pytest.mark.parametrize(("files", "expected"), [
    # A zip made on a Mac: __MACOSX/ holds resource forks named like the files; they say nothing.
    ({"__MACOSX/docs/._a.ann": "x", "docs/a.txt": "one", "docs/b.txt": "two"}, "text"),
    ({"ner/train.iob": "EU B-ORG\n"}, "conll"),
    ({"ner/train.bio": "EU B-ORG\n"}, "conll"),
    ({"docs.tsv": "text\nAda\n"}, "csv"),
    ({"docs.ndjson": json.dumps(DOCCANO)}, "doccano"),
    # Label Studio's JSON export zipped, with a byte order mark and blank lines before it.
    ({"Export.JSON": "\ufeff\n " + json.dumps([LABEL_STUDIO_TASK])}, "labelstudio"),
    ({"task.json": json.dumps(LABEL_STUDIO_TASK)}, "labelstudio"),
    # A stray JSON file beside the texts is no Label Studio export.
    ({"settings.json": '{"colour": "red"}', "a.txt": "one"}, "text"),
    ({"notes.json": 'see "data": below', "a.txt": "one"}, "text"),
])
def test_zips_are_judged_by_the_files_that_say_something(files, expected):
    assert detect("upload.zip", zipped(files)) == expected


def test_a_zip_manifest_naming_a_format_wins_over_the_content():
    files = {"manifest.json": json.dumps({"format": "doccano"}), "train.jsonl": json.dumps(NATIVE)}
    assert detect("upload.zip", zipped(files)) == "doccano"


@pytest.mark.parametrize("manifest", ["not json", "[1, 2]", json.dumps({"format": "xml"}), json.dumps({})])
def test_a_manifest_that_names_no_known_format_leaves_the_content_to_decide(manifest):
    assert detect("upload.zip", zipped({"manifest.json": manifest, "a.txt": "one"})) == "text"


def test_a_zip_without_a_known_file_is_refused_naming_the_upload_and_what_would_fit():
    data = zipped({"readme.md": "x"})
    expected = ("upload.zip: the zip holds no file of a known format "
                "(.jsonl, .spacy, .conll, .ann with .txt, .csv, .txt)")
    for given in (io.BytesIO(data), data):
        with pytest.raises(FormatError) as refused:
            detect_format("upload.zip", given)
        assert str(refused.value) == expected


def test_the_head_of_a_zip_alone_is_refused_asking_for_the_file():
    with pytest.raises(FormatError) as refused:
        detect_format("upload.zip", zipped({"a.txt": "x" * 5000})[:100])
    assert str(refused.value) == ("upload.zip: a zip needs the whole file to detect its format; "
                                  "pass the file object")


def test_blank_lines_before_the_first_record_are_skipped_as_the_readers_skip_them():
    data = BOM + b"\n  \r\n" + line(DOCCANO) + line(DOCCANO)
    assert detect("upload", data) == "doccano"
    assert detect("docs.jsonl", data) == "doccano"
    assert detect("upload.zip", zipped({"train.jsonl": data})) == "doccano"
