"""CoNLL-2003 columns: exact layout, what a standard reader sees, what is dropped, errors."""
import io

import pytest
from seqeval.metrics.sequence_labeling import get_entities

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format
from annotator.formats.records import new_record


def standard_reader(data: bytes):
    """A minimal CoNLL-2003 reader written independently of ours, as Hugging Face's loader
    reads the files: split on spaces, token in column 1, NER tag in column 4, -DOCSTART- lines
    and blank lines separate. Returns documents as lists of sentences of (token, tag)."""
    documents, sentence = [], []
    for line in data.decode("utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            assert line == "-DOCSTART- -X- O O"
            documents.append([])
        elif line == "":
            if sentence:
                documents[-1].append(sentence)
                sentence = []
        else:
            columns = line.split(" ")
            assert len(columns) == 4, line
            sentence.append((columns[0], columns[3]))
    return documents


def test_layout_tags_and_sentences(write, make_record):
    record = make_record()
    data = write("conll", [record]).files["train.conll"]
    lines = data.decode("utf-8").split("\n")
    assert lines[:4] == ["-DOCSTART- -X- O O", "", "Ange\u0301la -X- _ B-PER", "Merkel -X- _ I-PER"]
    [document] = standard_reader(data)
    tokens = [token for sentence in document for token, _ in sentence]
    assert tokens == ["Ange\u0301la", "Merkel", "(", "CDU", ")", "met", "習近平", "😀", "in", "Berlin", ".",
                      "She", "thanked", "the", "United", "Nations", "."]
    # A sentence ends at "." and at a line break, but not inside "United\nNations".
    assert [len(sentence) for sentence in document] == [11, 6]
    tags = [tag for sentence in document for _, tag in sentence]
    assert sorted(get_entities(tags)) == [("LOC", 9, 9), ("ORG", 3, 3), ("ORG", 14, 15), ("PER", 0, 1), ("PER", 6, 6)]


def test_overlapping_spans_are_reduced_and_counted(write, make_record):
    record = make_record()
    writer_sink = write("conll", [record])
    records = get_format("conll").read_pairs(sorted(writer_sink.files.items()))
    [back] = [item.record for item in records]
    assert ("PER", "Ange\u0301la Merkel") in {(s["label"], back["text"][s["start"]:s["end"]]) for s in back["spans"]}
    assert "Merkel" not in {back["text"][s["start"]:s["end"]] for s in back["spans"]}


def test_counts_report_spans_not_exported(tmp_path, make_record, project_info):
    from annotator.formats.pipeline import records_zip_write

    _, manifest = records_zip_write(format_name="conll", records=[make_record()], project_info=project_info,
                                 zip_path=tmp_path / "x.zip")
    assert manifest["counts"]["train"]["spans_not_exported"] == 1  # the nested "Merkel"


def test_spans_inside_tokens_cut_the_token_and_whitespace_never_breaks_lines(write):
    text = "pre-Obama era\u00a0x  \n\t y"
    record = new_record(text, tokens=[[0, 9], [10, 15], [16, 19], [19, 20], [20, 21]],
                        spans=[{"id": 1, "start": 4, "end": 9, "label": "PER"}])
    [document] = standard_reader(write("conll", [record]).files["all.conll"])
    assert [pair for sentence in document for pair in sentence] == [
        ("pre-", "O"), ("Obama", "B-PER"), ("era", "O"), ("x", "O"), ("y", "O")]


def test_documents_without_spans_and_multiple_documents(write):
    records = [new_record("One two.", split="dev"), new_record("Three", split="dev")]
    documents = standard_reader(write("conll", records).files["dev.conll"])
    assert documents == [[[("One", "O"), ("two", "O"), (".", "O")]], [[("Three", "O")]]]


def test_label_with_whitespace_is_refused(write):
    with pytest.raises(FormatError, match="contains whitespace"):
        write("conll", [new_record("Ada", spans=[{"id": 1, "start": 0, "end": 3, "label": "A B"}])])


def read(data: str, name="data.conll"):
    return [item.record for item in get_format("conll").reader(io.BytesIO(data.encode("utf-8")), name)]


def test_reader_rebuilds_text_and_spans():
    [record] = read("-DOCSTART- -X- -X- O\n\nAda NNP B-NP B-PER\nLovelace NNP I-NP I-PER\nwrote O\n\nIt I-MISC\n")
    assert record["text"] == "Ada Lovelace wrote\nIt"
    assert [(record["text"][s["start"]:s["end"]], s["label"]) for s in record["spans"]] == [
        ("Ada Lovelace", "PER"), ("It", "MISC")]  # I- without B- starts a span, as conlleval reads it


def test_reader_accepts_bioes_and_two_columns():
    [record] = read("Rome S-LOC\nNew B-LOC\nYork E-LOC\nis O\n")
    assert [(record["text"][s["start"]:s["end"]], s["label"]) for s in record["spans"]] == [
        ("Rome", "LOC"), ("New York", "LOC")]


def test_file_without_docstart_has_one_document_per_sentence():
    records = read("Hi O\n\nBob B-PER\n\n")
    assert [r["text"] for r in records] == ["Hi", "Bob"]


def test_bad_tag_names_the_line():
    with pytest.raises(FormatError) as caught:
        read("-DOCSTART- -X- -X- O\n\nAda B-PER\nwas X-PER\n")
    assert str(caught.value) == "data.conll line 4, field 'tag': 'X-PER' is not an IOB2 tag (O, B-LABEL or I-LABEL)"


def test_single_column_names_the_line():
    with pytest.raises(FormatError, match=r"^data.conll line 2, field 'columns'"):
        read("Ada B-PER\nlonely\n")


def test_given_sentences_win_over_the_punctuation_rule(write):
    text = "Dr. Who came. Then left"
    record = new_record(text, sentences=[[0, 13], [14, 23]])
    [document] = standard_reader(write("conll", [record]).files["all.conll"])
    assert [[token for token, _ in sentence] for sentence in document] == [
        ["Dr", ".", "Who", "came", "."], ["Then", "left"]]


def test_spacy_convert_reads_each_document_as_one(write, make_record, tmp_path):
    """`spacy convert -c ner` splits documents only on `-DOCSTART- -X- O O`; 5 documents stay 5."""
    import subprocess
    import sys

    import spacy
    from spacy.tokens import DocBin

    records = [make_record(id=i) for i in range(5)]
    (tmp_path / "train.conll").write_bytes(write("conll", records).files["train.conll"])
    for extra in ([], ["-n", "0"]):
        out = tmp_path / f"out{len(extra)}"
        out.mkdir()
        subprocess.run([sys.executable, "-m", "spacy", "convert", str(tmp_path / "train.conll"), str(out),
                        "-c", "ner", *extra], check=True, capture_output=True)
        docs = list(DocBin().from_disk(out / "train.spacy").get_docs(spacy.blank("xx").vocab))
        assert len(docs) == 5
        assert all("-DOCSTART-" not in doc.text for doc in docs)
        assert [(e.text, e.label_) for e in docs[0].ents][:2] == [("Ange\u0301la Merkel", "PER"), ("CDU", "ORG")]


def test_reader_takes_both_document_lines():
    data = "-DOCSTART- -X- O O\n\nAda B-PER\n\n-DOCSTART- -X- -X- O\n\nBob B-PER\n\n"
    records = [item.record for item in get_format("conll").reader(io.BytesIO(data.encode()), "two.conll")]
    assert [r["text"] for r in records] == ["Ada", "Bob"]


def test_label_studio_conll_export_reads_one_document_a_task():
    """Label Studio's converter writes `-DOCSTART- -X- O` once, then each task's tokens and a blank line."""
    data = "-DOCSTART- -X- O\nAda -X- _ B-PERSON\nwrote -X- _ O\n\nBob -X- _ B-PERSON\nran -X- _ O\n. -X- _ O\n\n"
    records = [item.record for item in get_format("conll").reader(io.BytesIO(data.encode()), "result.conll")]
    assert [r["text"] for r in records] == ["Ada wrote", "Bob ran ."]
    assert [[(r["text"][s["start"]:s["end"]], s["label"]) for s in r["spans"]] for r in records] == [
        [("Ada", "PERSON")], [("Bob", "PERSON")]]
