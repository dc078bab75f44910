"""brat standoff: exact files, fragments across line breaks, configs, zips, errors."""
import json

import pytest

from annotator.formats.base import FormatError
from annotator.formats.catalog import get_format
from annotator.formats.records import new_record
from tests.formats.brat_reads import brat_reads, pybrat_reads
from tests.formats.zips import zip_of

BRAT = get_format("brat")


# CRLF, a lone CR, a tab, emoji, CJK, a combining accent, and a span across a line break.
BRAT_TEXT = "Ange\u0301la Merkel (CDU) met 習近平 😀 in Berlin.\r\nShe\tthanked the United\nNations.\rApple 😀 rose."


def test_default_txt_has_lf_line_breaks_so_brat_and_pybrat_show_the_right_words(write):
    text = BRAT_TEXT
    pieces = [("Ange\u0301la Merkel", "PER"), ("習近平", "PER"), ("Berlin", "LOC"), ("Berlin.\r\nShe", "X"),
              ("United\nNations", "ORG"), ("Apple", "ORG"), ("rose", "X")]
    spans = [{"id": i, "start": text.index(p), "end": text.index(p) + len(p), "label": label}
             for i, (p, label) in enumerate(pieces)]
    record = new_record(text, external_id="news-42", split="train", spans=spans,
                        relations=[{"head": 5, "child": 2, "label": "in"}])
    files = write("brat", [record]).files
    txt, ann = files["train/news-42.txt"], files["train/news-42.ann"]
    assert b"\r" not in txt and txt.decode("utf-8") == text.replace("\r\n", "\n").replace("\r", "\n")
    expected = [(label, piece.replace("\r\n", "\n")) for piece, label in pieces]
    assert brat_reads(txt, ann) == expected == pybrat_reads(txt, ann)
    assert ann.decode("utf-8").splitlines()[-1] == "R1\tin Arg1:T6 Arg2:T3"


def test_keep_writes_the_exact_text_with_offsets_as_brat_counts_them(write, make_record):
    record = make_record()
    files = write("brat", [record], {"newlines": "keep"}).files
    assert files["train/news-42.txt"] == record["text"].encode("utf-8")  # CRLF kept, no newline added
    text = record["text"]
    ann = files["train/news-42.ann"].decode("utf-8").split("\n")
    berlin = text.index("Berlin")
    assert f"T4\tLOC {berlin} {berlin + 6}\tBerlin" in ann
    # "United\nNations" contains a line break: two fragments, outer edges exact.
    united = text.index("United")
    assert f"T5\tORG {united} {united + 6};{united + 7} {united + 14}\tUnited Nations" in ann
    assert text[united:united + 14] == "United\nNations"
    assert "R1\tworks_for Arg1:T1 Arg2:T2" in ann
    assert "R2\tknows Arg1:T1 Arg2:T3" in ann
    expected = [(s["label"], text[s["start"]:s["end"]]) for s in record["spans"]]
    assert brat_reads(files["train/news-42.txt"], files["train/news-42.ann"]) == expected


def test_span_starting_with_a_line_break_keeps_its_edges(roundtrip):
    text = "a\r\nb c"
    spans = [{"id": 1, "start": 1, "end": 4, "label": "X"}, {"id": 2, "start": 1, "end": 3, "label": "Y"}]
    [back] = roundtrip("brat", [new_record(text, external_id="d", spans=spans)], {"newlines": "keep"})
    assert sorted((s["start"], s["end"], s["label"]) for s in back["spans"]) == [(1, 3, "Y"), (1, 4, "X")]
    [back] = roundtrip("brat", [new_record(text, external_id="d", spans=spans)])
    assert back["text"] == "a\nb c"
    assert sorted((s["start"], s["end"], s["label"]) for s in back["spans"]) == [(1, 2, "Y"), (1, 3, "X")]


def test_edges_inside_a_crlf_take_the_whole_line_break_and_equal_spans_merge(write):
    text = "Ann\r\nBo"
    spans = [{"id": 1, "start": 3, "end": 4, "label": "X"},  # the CR alone
             {"id": 2, "start": 4, "end": 5, "label": "X"},  # the LF alone: the same span once written
             {"id": 3, "start": 0, "end": 3, "label": "X"}]
    relations = [{"head": 1, "child": 2, "label": "r"}, {"head": 3, "child": 2, "label": "r"},
                 {"head": 3, "child": 1, "label": "r"}]
    sink = write("brat", [new_record(text, external_id="d", spans=spans, relations=relations)])
    ann = sink.files["all/d.ann"].decode("utf-8")
    assert ann.splitlines() == ["T1\tX 3 4\t", "T2\tX 0 3\tAnn", "R1\tr Arg1:T2 Arg2:T1"]


def test_ann_counting_crlf_as_one_is_read_onto_the_stored_text():
    # What a tool that reads the .txt in text mode writes for a CRLF text: "Apple" at 4, not 5.
    text = "Hi.\r\nApple 😀 and 東京\r\nCafe\u0301 ok"
    ann = "T1\tORG 4 9\tApple\nT2\tLOC 16 18\t東京\nT3\tORG 19 24\tCafe\u0301\nR1\tin Arg1:T1 Arg2:T2\n"
    [record] = read_pair(text, ann)
    assert record["text"] == text  # stored as received, CRLF kept
    assert [text[s["start"]:s["end"]] for s in record["spans"]] == ["Apple", "東京", "Cafe\u0301"]
    assert record["relations"] == [{"head": "T1", "child": "T2", "label": "in"}]


def test_ann_brat_wrote_for_crlf_text_is_read_as_it_is():
    # brat's server counts the CR: "Apple" at 5. Text fields decide, per file.
    text = "Hi.\r\nApple and Bob"
    [record] = read_pair(text, "T1\tORG 5 10\tApple\nT2\tPER 15 18\tBob\n")
    assert [text[s["start"]:s["end"]] for s in record["spans"]] == ["Apple", "Bob"]


def test_newlines_is_an_export_option_only():
    from annotator.formats.base import FormatOptionError

    assert BRAT.options_validate({"newlines": "keep"}, purpose="write") == {"newlines": "keep"}
    with pytest.raises(FormatOptionError) as caught:
        BRAT.options_validate({"newlines": "keep"}, purpose="read")
    assert caught.value.field == "options.newlines"


def test_annotation_and_visual_conf(write, make_record):
    files = write("brat", [make_record(spans=[{"id": 1, "start": 0, "end": 3, "label": "EXTRA"}], relations=[])]).files
    conf = files["annotation.conf"].decode("utf-8")
    assert conf.split("\n")[1:] == [
        "[entities]", "PER", "ORG", "LOC", "EXTRA",
        "[relations]",
        "works_for\tArg1:PER, Arg2:ORG",
        "knows\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "[events]", "[attributes]", ""]
    assert "PER\tbgColor:#ffcc00" in files["visual.conf"].decode("utf-8")


def test_document_names_are_safe_and_unique(write):
    records = [new_record("a", external_id="../x y", split="dev"), new_record("b", external_id="../x y", split="dev"),
               new_record("c", id=9, split="dev")]
    names = sorted(write("brat", records).files)
    # x_y.json, x_y-2.json: the external id the file name could not hold, kept beside them
    assert names == ["annotation.conf", "dev/doc-9.ann", "dev/doc-9.txt", "dev/x_y-2.ann", "dev/x_y-2.json",
                     "dev/x_y-2.txt", "dev/x_y.ann", "dev/x_y.json", "dev/x_y.txt", "visual.conf"]


def test_reads_a_zip_with_split_folders_and_ignores_events_and_notes():
    archive = zip_of({
        "annotation.conf": "[entities]\nPER\n",
        "test/doc1.txt": "Ada met Bob.",
        "test/doc1.ann": "T1\tPER 0 3\tAda\nT2\tPER 8 11\tBob\nR1\tknows Arg1:T1 Arg2:T2\n"
                         "#1\tAnnotatorNotes T1\tcheck\nA1\tNegated T1\nE1\tMeet:T1\n",
        "test/doc2.txt": "No annotations here.",
    })
    items = list(BRAT.reader(archive, "upload.zip"))
    assert [item.record["external_id"] for item in items] == ["doc1", "doc2"]
    first = items[0].record
    assert first["split"] == "test"
    assert [(s["id"], s["start"], s["end"], s["label"]) for s in first["spans"]] == [
        ("T1", 0, 3, "PER"), ("T2", 8, 11, "PER")]
    assert first["relations"] == [{"head": "T1", "child": "T2", "label": "knows"}]
    assert items[1].record["spans"] == []


def read_pair(txt: str, ann: str):
    return [item.record for item in BRAT.read_pairs([("d.txt", txt.encode("utf-8")), ("d.ann", ann.encode("utf-8"))])]


def test_offsets_counted_in_utf16_are_caught_by_the_text_check():
    # A tool counting UTF-16 puts "Bob" at 11-14 after an emoji; in code points it is 10-13.
    with pytest.raises(FormatError) as caught:
        read_pair("Ada 😀 met Bob today", "T1\tPER 0 3\tAda\nT2\tPER 11 14\tBob\n")
    assert str(caught.value).startswith("d.ann line 2, field 'text': 'Bob' does not match the .txt at 11 14 ('ob')")


def test_offsets_past_the_end_name_the_line():
    with pytest.raises(FormatError) as caught:
        read_pair("short", "T1\tPER 0 3\tsho\n\nT2\tPER 2 90\tort\n")
    assert str(caught.value) == "d.ann line 3, field 'offsets': end 90 is past the end of the .txt (5 characters)"


def test_relation_to_a_missing_entity_names_the_line():
    with pytest.raises(FormatError) as caught:
        read_pair("Ada met Bob", "T1\tPER 0 3\tAda\nR1\tknows Arg1:T1 Arg2:T7\n")
    assert str(caught.value) == ("d.ann line 2, field 'Arg2': refers to T7, which is not a text-bound annotation "
                                 "in this file")


def test_malformed_lines():
    with pytest.raises(FormatError, match=r"^d.ann line 1, field 'offsets'"):
        read_pair("Ada", "T1\tPER zero 3\tAda\n")
    with pytest.raises(FormatError, match=r"^d.ann line 1, field 'id': unknown annotation id 'X1'"):
        read_pair("Ada", "X1\tstuff\n")


def test_ann_without_txt():
    with pytest.raises(FormatError, match="has no matching d.txt"):
        list(BRAT.read_pairs([("d.ann", b"T1\tPER 0 3\tAda\n")]))


def test_crlf_ann_lines_and_bom_in_txt_are_handled():
    # A BOM is a character to brat, so offsets after it count it.
    [record] = read_pair("\ufeffAda", "T1\tPER 1 4\tAda\r\n")
    assert record["text"] == "\ufeffAda" and record["spans"][0]["start"] == 1


def test_meta_and_title_travel_in_a_sidecar_and_read_back(write, read, make_record):
    record = make_record(meta={"source": "wire", "tags": ["a", "😀"]}, title="Summit")
    sink = write("brat", [record])
    assert json.loads(sink.files["train/news-42.json"]) == {"meta": record["meta"], "title": "Summit"}
    [back] = read("brat", sink)
    assert (back["meta"], back["title"], back["external_id"]) == (record["meta"], "Summit", "news-42")


def test_an_external_id_the_file_name_cannot_hold_is_kept(write, read, make_record):
    record = make_record(external_id="a/b c", meta={})
    sink = write("brat", [record])
    [back] = read("brat", sink)
    assert back["external_id"] == "a/b c"


def test_a_bad_sidecar_names_file_line_and_column():
    files = [("doc.txt", b"Ada"), ("doc.ann", b""), ("doc.json", b'{\n "meta": {"a": 1,}\n}')]
    with pytest.raises(FormatError) as error:
        list(get_format("brat").read_pairs(files))
    assert str(error.value).startswith("doc.json line 2: not valid JSON") and "column 18" in str(error.value)
