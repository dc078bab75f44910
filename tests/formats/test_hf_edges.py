"""The Hugging Face token-classification export at its edges, as an ML engineer loading it sees it:
tokens written as they read (not \\u-escaped), overlapping spans counted per split in the manifest, and
a span whose label the project does not have refused naming the file and the document."""
import json

import pytest

from annotator.formats.base import FormatError
from annotator.formats.records import new_record


def rows(sink, name):
    return [json.loads(line) for line in sink.files[name].decode("utf-8").splitlines()]


def test_tokens_are_written_as_utf8_text_and_tags_as_ids_of_o_b_i_per_entity_type(write):
    record = new_record("Zoë in 東京", spans=[{"id": 1, "start": 0, "end": 3, "label": "PER"},
                                             {"id": 2, "start": 7, "end": 9, "label": "LOC"}])
    record.update(id=5, split="dev")
    sink = write("hf", [record])
    assert "Zoë".encode() in sink.files["dev.jsonl"] and b"\\u" not in sink.files["dev.jsonl"]
    [row] = rows(sink, "dev.jsonl")
    names = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
    assert [names[tag] for tag in row["ner_tags"]] == ["B-PER", "O", "B-LOC"] and row["tokens"] == ["Zoë", "in", "東京"]
    assert (row["document_id"], row["sentence"]) == (5, 0)


def test_overlapping_spans_left_out_are_counted_in_their_split():
    from annotator.formats.hf import HfWriter
    from tests.formats.conftest import PROJECT_INFO, MemorySink

    spans = [{"id": 1, "start": 0, "end": 9, "label": "PER"}, {"id": 2, "start": 4, "end": 9, "label": "LOC"}]
    writer = HfWriter(PROJECT_INFO, MemorySink())
    for split in ("train", "train", "test"):
        writer.write({**new_record("Ana Costa", spans=spans), "split": split})
    assert writer.counts.dropped == {"train": 2, "test": 1}


def test_a_label_the_project_does_not_have_is_refused_naming_file_and_document(write):
    record = new_record("Ana met Bo", spans=[{"id": 1, "start": 0, "end": 3, "label": "PERSON"}])
    record.update(id=9, split="test")
    with pytest.raises(FormatError) as refused:
        write("hf", [record])
    assert str(refused.value) == ("test.jsonl, field 'label': label 'PERSON' of document 9 is not an entity type "
                                  "of the project")
