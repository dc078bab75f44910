"""spaCy DocBin: Doc layout, reading other tools' DocBins, errors, and real training."""
import io
import zipfile

import pytest
import spacy
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format
from annotator.formats.pipeline import records_zip_write
from annotator.formats.records import new_record


def docs_of(data: bytes):
    return list(DocBin().from_bytes(data).get_docs(Vocab()))


def test_doc_keeps_text_spans_ents_and_relations(write, make_record):
    record = make_record()
    sink = write("spacy", [record])
    assert list(sink.files) == ["train.spacy"]
    [doc] = docs_of(sink.files["train.spacy"])
    text = record["text"]
    assert doc.text == text  # CRLF, tab, emoji, combining mark all kept
    assert sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]) == sorted(
        (s["start"], s["end"], s["label"]) for s in record["spans"])
    # "Merkel" (PER) lies inside "Angela Merkel": ents keep the longer, non-overlapping one.
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Ange\u0301la Merkel", "PER"), ("CDU", "ORG"), ("習近平", "PER"), ("Berlin", "LOC"), ("United\nNations", "ORG")]
    start = text.index("Ange")
    assert doc.user_data["relations"][0] == {
        "head": (start, start + len("Ange\u0301la Merkel")), "child": (text.index("CDU"), text.index("CDU") + 3),
        "label": "works_for", "head_label": "PER", "child_label": "ORG"}
    assert doc.user_data["external_id"] == "news-42"
    assert doc.user_data["title"] == "Summit"
    assert doc.user_data["id"] == 42


def test_tokens_follow_the_record_and_are_cut_at_span_edges(write):
    text = "New York-based firm"
    tokens = [[0, 3], [4, 14], [15, 19]]  # "York-based" is one token of ours
    record = new_record(text, split="dev", tokens=tokens, spans=[{"id": 1, "start": 4, "end": 8, "label": "LOC"}])
    [doc] = docs_of(write("spacy", [record]).files["dev.spacy"])
    assert [t.text for t in doc] == ["New", "York", "-based", "firm"]
    assert [t.whitespace_ for t in doc] == [" ", "", " ", ""]
    assert [(e.text, e.label_) for e in doc.ents] == [("York", "LOC")]


def test_reader_falls_back_to_ents_and_reads_other_tools_docbins():
    nlp = spacy.blank("en")
    doc = nlp("Ada Lovelace met Babbage.")
    doc.ents = [doc.char_span(0, 12, label="PER"), doc.char_span(17, 24, label="PER")]
    data = DocBin(docs=[doc]).to_bytes()
    [item] = get_format("spacy").reader(io.BytesIO(data), "other.spacy")
    assert [(s["start"], s["end"], s["label"]) for s in item.record["spans"]] == [(0, 12, "PER"), (17, 24, "PER")]
    assert item.record["relations"] == []
    assert item.record["id"] is None


def test_relation_to_a_missing_span_names_the_doc_and_field():
    vocab = Vocab()
    good = Doc(vocab, words=["a"], spaces=[False])
    bad = Doc(vocab, words=["Ada", "met", "Bob"], spaces=[True, True, False])
    bad.spans["sc"] = [bad.char_span(0, 3, label="PER")]
    bad.user_data["relations"] = [{"head": [0, 3], "child": [8, 11], "label": "knows"}]
    data = DocBin(docs=[good, bad], store_user_data=True).to_bytes()
    with pytest.raises(FormatError) as caught:
        list(get_format("spacy").reader(io.BytesIO(data), "train.spacy"))
    assert str(caught.value) == (
        "train.spacy doc 2, field 'user_data.relations[0].child': no span at 8-11 in doc.spans['sc']")


@pytest.mark.parametrize("end", [[0], "0-3", None])
def test_a_relation_end_that_is_no_offset_pair_names_the_doc_and_field(end):
    vocab = Vocab()
    doc = Doc(vocab, words=["Ada", "met", "Bob"], spaces=[True, True, False])
    doc.spans["sc"] = [doc.char_span(0, 3, label="PER"), doc.char_span(8, 11, label="PER")]
    doc.user_data["relations"] = [{"head": [0, 3], "child": [8, 11], "label": "knows"},
                                  {"head": [0, 3], "child": end, "label": "knows"}]
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    with pytest.raises(FormatError) as caught:
        list(get_format("spacy").reader(io.BytesIO(data), "train.spacy"))
    assert str(caught.value) == (
        f"train.spacy doc 1, field 'user_data.relations[1].child': must be [start, end], got {end!r}")


def test_garbage_is_a_clear_error():
    with pytest.raises(FormatError, match=r"^junk.spacy: not a spaCy DocBin file"):
        list(get_format("spacy").reader(io.BytesIO(b"not a docbin"), "junk.spacy"))


TRAINING_SENTENCES = [
    ("Alice Smith works for Acme Corp in Paris.", [("Alice Smith", "PER"), ("Acme Corp", "ORG"), ("Paris", "LOC")]),
    ("Bob Jones joined Globex in Berlin.", [("Bob Jones", "PER"), ("Globex", "ORG"), ("Berlin", "LOC")]),
    ("Carol Diaz left Initech for Umbrella.", [("Carol Diaz", "PER"), ("Initech", "ORG"), ("Umbrella", "ORG")]),
    ("In Rome, Dan Brown met staff of Hooli.", [("Rome", "LOC"), ("Dan Brown", "PER"), ("Hooli", "ORG")]),
]


def training_records():
    for index in range(12):
        text, entities = TRAINING_SENTENCES[index % len(TRAINING_SENTENCES)]
        spans = [{"id": n, "start": text.index(t), "end": text.index(t) + len(t), "label": label}
                 for n, (t, label) in enumerate(entities)]
        yield new_record(text, id=index + 1, spans=spans, split="dev" if index % 4 == 3 else "train",
                         relations=[{"head": 0, "child": 1, "label": "works_for"}])


def test_exported_docbins_train_with_spacy(tmp_path, project_info):
    """The export zip, unpacked, is what `spacy train` reads: ner and spancat both train."""
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train

    result, manifest = records_zip_write(format_name="spacy", records=training_records(), project_info=project_info,
                                      zip_path=tmp_path / "export.zip")
    assert manifest["counts"]["train"]["documents"] == 9 and manifest["counts"]["dev"]["documents"] == 3
    with zipfile.ZipFile(result.path) as archive:
        archive.extractall(tmp_path / "data")
    config = init_config(lang="en", pipeline=["ner", "spancat"], optimize="efficiency", gpu=False)
    config.to_disk(tmp_path / "config.cfg")
    train(tmp_path / "config.cfg", tmp_path / "model", use_gpu=-1, overrides={
        "paths.train": str(tmp_path / "data" / "train.spacy"),
        "paths.dev": str(tmp_path / "data" / "dev.spacy"),
        "training.max_steps": 2,
        "training.eval_frequency": 1,
    })
    nlp = spacy.load(tmp_path / "model" / "model-last")
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC"}
    assert set(nlp.get_pipe("spancat").labels) == {"PER", "ORG", "LOC"}


def test_streamed_docbin_is_byte_identical_to_spacys_own(write, make_record):
    from annotator.formats.spacy_docbin import DOCBIN_ATTRS, record_to_doc

    records = [make_record(id=i, split="dev") for i in range(3)] + [new_record("", split="dev")]
    ours = write("spacy", records).files["dev.spacy"]
    vocab = Vocab()
    theirs = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True, docs=[record_to_doc(r, vocab) for r in records])
    assert ours == theirs.to_bytes()


def article_records(count):
    sentence = "Alice Smith of Acme Corp met Bob Jones in Paris on Monday , said Reuters . "
    for index in range(1, count + 1):
        text = sentence * 8
        tokens, position = [], 0
        for word in text.split(" ")[:-1]:
            tokens.append([position, position + len(word)])
            position += len(word) + 1
        spans = [{"id": n, "start": tokens[k][0], "end": tokens[k + 1][1], "label": "PER"}
                 for n, k in enumerate(range(0, len(tokens) - 1, 8))]
        yield new_record(text, id=index, tokens=tokens, spans=spans, split="train",
                         relations=[{"head": 0, "child": 1, "label": "knows"}], meta={"n": index})


def test_spacy_export_memory_stays_flat(tmp_path):
    import tracemalloc

    peaks = {}
    for count in (20, 200):
        tracemalloc.start()
        try:
            result, _ = records_zip_write(format_name="spacy", records=article_records(count), project_info={},
                                       zip_path=tmp_path / f"s{count}.zip")
            peaks[count] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    with zipfile.ZipFile(result.path) as archive:
        assert len(DocBin().from_bytes(archive.read("train.spacy"))) == 200
    # spaCy's DocBin.to_bytes() would peak near 200 x 120 tokens x ~135 bytes (~3 MB).
    assert peaks[200] - peaks[20] < 150_000, peaks


def test_a_docbin_past_64_kib_of_tokens_is_byte_identical_to_spacys_own_and_reads_back():
    """Tokens over 65,535 bytes take msgpack's 4-byte length (0xc6), spaces over 255 its 2-byte one."""
    from annotator.formats.spacy_docbin import DOCBIN_ATTRS, record_to_doc
    from tests.formats.conftest import write_records

    records = list(article_records(60))
    ours = write_records("spacy", records).files["train.spacy"]
    vocab = Vocab()
    theirs = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True, docs=[record_to_doc(r, vocab) for r in records])
    assert ours == theirs.to_bytes()
    read = [item.record for item in get_format("spacy").reader(io.BytesIO(ours), "train.spacy")]
    assert len(read) == 60 and read[59]["text"] == records[59]["text"] and read[59]["meta"] == {"n": 60}
    assert [list(t) for t in read[0]["tokens"]] == [list(t) for t in records[0]["tokens"]]


def test_fields_of_a_record_ride_in_user_data_and_come_back(write):
    record = new_record("Ana met Bo", id=3, external_id="doc-3", title="Story", meta={"k": [1]}, split="dev",
                        annotators=["ann"], reviewer="bob", reviewed_at="2026-12-03T10:00:00+00:00",
                        spans=[{"id": 1, "start": 0, "end": 3, "label": "PER"}, {"id": 2, "start": 8, "end": 10, "label": "PER"}],
                        relations=[{"head": 1, "child": 2, "label": "knows"}])
    data = write("spacy", [record]).files["dev.spacy"]
    [back] = [item.record for item in get_format("spacy").reader(io.BytesIO(data), "dev.spacy")]
    assert (back["external_id"], back["title"], back["meta"], back["split"]) == ("doc-3", "Story", {"k": [1]}, "dev")
    assert (back["annotators"], back["reviewer"], back["reviewed_at"]) == (["ann"], "bob", "2026-12-03T10:00:00+00:00")
    assert [list(t) for t in back["tokens"]] == [[0, 3], [4, 7], [8, 10]]  # no whitespace tokens
    assert [(s["start"], s["end"], s["label"]) for s in back["spans"]] == [(0, 3, "PER"), (8, 10, "PER")]
    assert [(r["label"],) for r in back["relations"]] == [("knows",)]
