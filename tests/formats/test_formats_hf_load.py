"""Every JSON-lines export loads in Hugging Face `datasets` across all splits at once, whatever the
documents' meta (keys and value types differing between documents and splits) and scores."""
import json

import pytest

datasets = pytest.importorskip("datasets")


def varied_records(make_record, *, scores=True):
    """Three documents, one a split, with meta of different keys and types (and scored spans in dev)."""
    first = make_record(split="train", meta={"source": "wire", "tags": ["a", "b"]})
    second = make_record(id=43, split="dev", meta={"source": {"src": "feed", "n": 2}}, relations=[])
    if scores:
        second["spans"] = [{**span, "score": 0.5} for span in second["spans"]]
    third = make_record(id=44, split="test", meta={}, spans=[], relations=[], reviewer=None, reviewed_at=None)
    return [first, second, third]


@pytest.fixture
def hf_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return tmp_path / "hf-cache"


@pytest.mark.parametrize("name", ["jsonl", "doccano", "prodigy"])
def test_every_json_lines_export_loads_all_splits_at_once(name, write, make_record, tmp_path, hf_offline):
    """The issue's command, `load_dataset("json", data_files={train, dev, test})`, on documents whose meta
    differ in keys and types (a cast error before). A field null throughout the first split's first rows
    still needs the card's features: see the next test."""
    records = varied_records(make_record, scores=False)
    sink = write(name, records)
    files = {}
    for split in ("train", "dev", "test"):
        path = tmp_path / f"{split}.jsonl"
        path.write_bytes(sink.files[f"{split}.jsonl"])
        files[split] = str(path)
    loaded = datasets.load_dataset("json", data_files=files, cache_dir=str(hf_offline))
    assert {split: loaded[split].num_rows for split in loaded} == {"train": 1, "dev": 1, "test": 1}
    for record, split in zip(records, ("train", "dev", "test")):
        row = loaded[split][0]
        assert row["text"] == record["text"]
        assert json.loads(row["meta"]) == record["meta"]  # JSON text, read back whole
    spans_key = "entities" if name == "doccano" else "spans"
    assert len(loaded["train"][0][spans_key]) == len(records[0]["spans"])


@pytest.mark.parametrize("name", ["jsonl", "doccano", "prodigy"])
def test_the_unzipped_export_folder_loads_with_the_cards_features(name, write, make_record, tmp_path, hf_offline):
    """A field null throughout the first split (no scores, no reviewer in train) still loads: the card
    declares every feature's type."""
    records = varied_records(make_record)
    records[0].update(reviewer=None, reviewed_at=None, annotators=[])
    records[1].update(annotators=["alice"])
    sink = write(name, records)
    assert "README.md" in sink.files
    for path, data in sink.files.items():
        (tmp_path / path).write_bytes(data)
    loaded = datasets.load_dataset(str(tmp_path), cache_dir=str(hf_offline))
    assert {split: loaded[split].num_rows for split in loaded} == {"train": 1, "dev": 1, "test": 1}
    if name == "jsonl":
        assert loaded["dev"][0]["spans"][0]["score"] == 0.5 and loaded["train"][0]["spans"][0]["score"] is None
        assert loaded["dev"][0]["annotators"] == ["alice"] and loaded["train"][0]["reviewer"] is None
    assert [json.loads(loaded[s][0]["meta"]) for s in ("train", "dev", "test")] == [r["meta"] for r in records]


def test_hf_export_loads_with_class_label_names_and_iob2_tags(write, make_record, tmp_path, hf_offline,
                                                             project_info):
    from seqeval.metrics.sequence_labeling import get_entities

    records = varied_records(make_record)
    sink = write("hf", records)
    assert sorted(sink.files) == ["README.md", "dev.jsonl", "test.jsonl", "train.jsonl"]
    for path, data in sink.files.items():
        (tmp_path / path).write_bytes(data)
    loaded = datasets.load_dataset(str(tmp_path), cache_dir=str(hf_offline))
    assert sorted(loaded) == ["dev", "test", "train"]
    names = loaded["train"].features["ner_tags"].feature.names
    assert names == ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
    train = loaded["train"]
    assert train.num_rows == 2  # the sample text is two sentences
    tokens = [token for row in train for token in row["tokens"]]
    tags = [names[tag] for row in train for tag in row["ner_tags"]]
    entities = {(" ".join(tokens[start:end + 1]), label) for label, start, end in get_entities(tags)}
    # "Merkel" lies inside "Angela Merkel": one tag a token keeps the longer span
    assert entities == {("Ange\u0301la Merkel", "PER"), ("CDU", "ORG"), ("習近平", "PER"), ("Berlin", "LOC"),
                        ("United Nations", "ORG")}
    assert loaded["test"][0]["ner_tags"] == [0] * len(loaded["test"][0]["tokens"])


def test_hf_rows_per_document_option(write, make_record):
    sink = write("hf", [make_record()], {"rows": "document"})
    [row] = [json.loads(line) for line in sink.files["train.jsonl"].splitlines()]
    assert row["document_id"] == 42 and len(row["tokens"]) == len(row["ner_tags"]) == 17
