"""brat at its edges, as someone importing .ann files or opening our export in brat sees it:
malformed lines and bad bytes named by file, line and field; labels brat cannot hold; the
annotation.conf argument lists; a single .txt or .ann uploaded on its own."""
import io

import pytest

from annotator.formats.base import FormatError
from annotator.formats.brat import read_brat_file
from annotator.formats.catalog import get_format
from annotator.formats.records import new_record
from tests.formats.conftest import MemorySink
from tests.formats.zips import zip_of

BRAT = get_format("brat")


def read_pair(txt, ann, name="d"):
    as_bytes = [data.encode("utf-8") if isinstance(data, str) else data for data in (txt, ann)]
    return [item.record for item in BRAT.read_pairs([(f"{name}.txt", as_bytes[0]), (f"{name}.ann", as_bytes[1])])]


def error_of(txt, ann) -> str:
    with pytest.raises(FormatError) as caught:
        read_pair(txt, ann)
    return str(caught.value)


@pytest.mark.parametrize("line", [
    "R1\tknows Arg1:T1",
    "R1\tknows T1 T2",
    "R1\tknows Arg1: Arg2:T2",
    "R1\t",
])
def test_malformed_relation_lines_name_the_line_and_the_args_field(line):
    message = error_of("Ada met Bob", f"T1\tPER 0 3\tAda\nT2\tPER 8 11\tBob\n{line}\n")
    assert message.startswith("d.ann line 3, field 'args': expected 'TYPE Arg1:T1 Arg2:T2', got ")


def test_a_relation_reads_its_arguments_in_order_and_ignores_a_trailing_comment():
    [record] = read_pair("Ada met Bob", "T1\tPER 0 3\tAda\nT2\tPER 8 11\tBob\nR1\tknows Arg1:T2 Arg2:T1\tnote\n")
    assert record["relations"] == [{"head": "T2", "child": "T1", "label": "knows"}]


def test_a_relation_whose_head_is_missing_names_arg1():
    assert error_of("Ada met Bob", "T2\tPER 8 11\tBob\nR1\tknows Arg1:T1 Arg2:T2\n") == (
        "d.ann line 2, field 'Arg1': refers to T1, which is not a text-bound annotation in this file")


def test_a_missing_type_is_named():
    assert error_of("Ada", "T1\t 0 3\tAda\n") == "d.ann line 1, field 'type': missing"


@pytest.mark.parametrize("offsets, message", [
    ("3 3", "end 3 must be greater than start 3"),
    ("3 1", "end 1 must be greater than start 3"),
    ("0 4", "end 4 is past the end of the .txt (3 characters)"),
])
def test_empty_reversed_and_overlong_offsets_are_refused(offsets, message):
    assert error_of("Ada", f"T1\tPER {offsets}\t\n") == f"d.ann line 1, field 'offsets': {message}"


@pytest.mark.parametrize("offsets", ["0", "0 1 2", "-1 2", "0 3;", "a b"])
def test_offsets_that_are_not_two_numbers_are_refused(offsets):
    assert error_of("Ada", f"T1\tPER {offsets}\tAda\n").startswith("d.ann line 1, field 'offsets': expected 'START END'")


def test_a_span_may_end_exactly_at_the_end_of_the_txt():
    [record] = read_pair("Ada", "T1\tPER 0 3\tAda\n")
    assert (record["spans"][0]["start"], record["spans"][0]["end"]) == (0, 3)


def test_fragments_read_as_first_start_to_last_end():
    [record] = read_pair("New\nYork is", "T1\tLOC 0 3;4 8\tNew York\n")
    assert [(s["start"], s["end"]) for s in record["spans"]] == [(0, 8)]


def test_invalid_utf8_names_the_file_and_the_line_of_the_bad_byte():
    assert error_of(b"Ada\nM\xfcnchen", "") == "d.txt line 2: not valid UTF-8 (byte 5)"
    assert error_of("Ada", b"T1\tPER 0 3\tAda\n#1\tnote \xff\n") == "d.ann line 2: not valid UTF-8 (byte 23)"


def test_a_label_with_whitespace_is_refused_on_export_naming_the_document_and_span(write):
    record = new_record("Ada Lovelace", external_id="doc", split="train",
                        spans=[{"id": 1, "start": 0, "end": 3, "label": "PER"},
                               {"id": 2, "start": 4, "end": 12, "label": "LAST NAME"}])
    with pytest.raises(FormatError) as caught:
        write("brat", [record])
    assert str(caught.value) == ("train/doc.ann line 2, field 'label': label 'LAST NAME' contains whitespace, "
                                 "which brat cannot hold")


def test_annotation_conf_lists_several_allowed_types_with_a_bar(write):
    info = {"name": "P", "entity_types": [{"name": "PER"}, {"name": "ORG"}, {"name": "LOC"}],
            "relation_types": [{"name": "based_in", "head_types": ["PER", "ORG"], "child_types": ["LOC"]},
                               {"name": "near", "head_types": [], "child_types": ["LOC", "ORG"], "symmetric": True}]}
    record = new_record("Ada", split="train", spans=[{"id": 1, "start": 0, "end": 3, "label": "PER"}],
                        relations=[])
    conf = write("brat", [record], project_info=info).files["annotation.conf"].decode("utf-8").split("\n")
    assert "based_in\tArg1:PER|ORG, Arg2:LOC" in conf
    assert "near\tArg1:<ENTITY>, Arg2:LOC|ORG, <REL-TYPE>:symmetric" in conf


def test_relation_labels_used_but_not_in_the_project_are_declared_for_any_entities(write):
    record = new_record("Ada met Bob", split="train",
                        spans=[{"id": 1, "start": 0, "end": 3, "label": "PER"},
                               {"id": 2, "start": 8, "end": 11, "label": "PER"}],
                        relations=[{"head": 1, "child": 2, "label": "old_rel"}])
    files = write("brat", [record]).files
    assert "old_rel\tArg1:<ENTITY>, Arg2:<ENTITY>" in files["annotation.conf"].decode("utf-8").split("\n")
    name = next(n for n in files if n.endswith(".ann"))
    assert files[name].decode("utf-8").split("\n")[2] == "R1\told_rel Arg1:T1 Arg2:T2"


def test_a_single_txt_file_is_a_document_without_annotations():
    [item] = read_brat_file(io.BytesIO("Zoë 😀\r\n".encode()), "note.txt", {})
    assert item.record["text"] == "Zoë 😀\r\n" and item.record["spans"] == []
    assert item.record["external_id"] == "note"
    [via_format] = BRAT.reader(io.BytesIO("Zoë 😀\r\n".encode()), "note.txt")
    assert via_format.record == item.record


def test_a_single_ann_file_without_its_txt_is_refused_by_name():
    with pytest.raises(FormatError) as caught:
        list(read_brat_file(io.BytesIO(b"T1\tPER 0 3\tAda\n"), "uploads/note.ann", {}))
    assert str(caught.value) == "uploads/note.ann: has no matching note.txt"


def test_a_document_named_in_a_zip_path_takes_the_file_stem_as_external_id():
    archive = zip_of({"dev/part/d7.txt": "Ada", "dev/part/d7.ann": "T1\tPER 0 3\tAda\n"})
    [record] = [item.record for item in BRAT.reader(archive, "upload.zip")]
    assert record["external_id"] == "d7" and record["split"] == "dev"


def test_visual_conf_and_the_conf_header_name_the_project_and_its_colours(write):
    files = write("brat", [new_record("Ada", split="train")]).files
    assert files["visual.conf"].decode("utf-8") == (
        "[labels]\n[drawing]\nPER\tbgColor:#ffcc00\nORG\tbgColor:#99ccff\nLOC\tbgColor:#99ff99\n")
    assert files["annotation.conf"].decode("utf-8").split("\n")[0] == "# brat configuration for project 'News'"


def test_spans_merged_by_lf_line_breaks_are_counted_and_their_relations_follow():
    from annotator.formats.brat import with_lf_newlines

    record = new_record("Ann\r\nBob", spans=[{"id": 1, "start": 0, "end": 4, "label": "X"},
                                             {"id": 2, "start": 0, "end": 5, "label": "X"},
                                             {"id": 3, "start": 5, "end": 8, "label": "P"}],
                        relations=[{"head": 2, "child": 3, "label": "r"}, {"head": 3, "child": 2, "label": "r"}])
    lf, dropped = with_lf_newlines(record)
    assert lf["text"] == "Ann\nBob" and dropped == 1
    assert [(s["id"], s["start"], s["end"]) for s in lf["spans"]] == [(1, 0, 4), (3, 4, 7)]
    assert lf["relations"] == [{"head": 1, "child": 3, "label": "r"}, {"head": 3, "child": 1, "label": "r"}]


def test_long_external_ids_make_file_names_of_at_most_100_characters(write):
    names = write("brat", [new_record("a", external_id="x" * 150, split="train")]).files
    assert "train/" + "x" * 100 + ".txt" in names


@pytest.mark.parametrize(("fragment", "written"), [
    ("\nNew York", "LOC 4 13"),       # a span that starts with its line break: one fragment, no empty one before
    ("New York\n", "LOC 5 14"),       # ... or ends with it: no empty one after
    ("New\r\nYork", "LOC 5 8;10 14"),  # a line break inside: two fragments around it
])
def test_a_span_is_written_as_fragments_of_text_never_as_an_empty_fragment(write, fragment, written):
    text = "See \nNew York\n" if fragment != "New\r\nYork" else "See  New\r\nYork"
    start = text.index(fragment)
    record = new_record(text, external_id="d", split="train",
                        spans=[{"id": 1, "start": start, "end": start + len(fragment), "label": "LOC"}])
    ann = write("brat", [record], {"newlines": "keep"}).files["train/d.ann"].decode("utf-8")
    assert ann.split("\t")[1] == written


def test_the_conf_header_of_a_project_without_a_name_quotes_an_empty_name(write):
    conf = write("brat", [], project_info={}).files["annotation.conf"].decode("utf-8")
    assert conf.splitlines()[0] == "# brat configuration for project ''"


def test_an_ann_counting_crlf_as_one_is_read_up_to_the_last_word_of_the_text():
    # Written by a text-mode tool: offsets count each CRLF as one character; the last span ends
    # exactly at the end of the text and its text field has two words.
    text = "Hi.\r\nAda Lovelace"
    [record] = read_pair(text, "T1\tPER 4 16\tAda Lovelace\n")
    assert [text[s["start"]:s["end"]] for s in record["spans"]] == ["Ada Lovelace"]


@pytest.mark.parametrize(("sidecar", "message"), [
    (b"[1, 2]", "doc.json: expected a JSON object, got list"),
    (b'{"meta": "rainy"}', "doc.json, field 'meta': must be an object"),
    (b'{"title": 3}', "doc.json, field 'title': must be a string"),
    (b'{"external_id": {"a": 1}}', "doc.json, field 'external_id': must be a string"),
    (b'{"title": "Caf\xe9"}', "doc.json line 1: not valid UTF-8 (byte 14)"),
])
def test_a_sidecar_of_the_wrong_shape_is_refused_naming_the_file_and_field(sidecar, message):
    files = [("doc.txt", b"Ada"), ("doc.ann", b""), ("doc.json", sidecar)]
    with pytest.raises(FormatError) as refused:
        list(BRAT.read_pairs(files))
    assert str(refused.value) == message


def test_a_text_field_that_fits_no_counting_is_refused_at_its_own_line_quoting_both_texts():
    # T1 fits brat's counting (CRLF = two) and ends past the text counted with CRLF as one; T2 fits neither.
    text = "Hi\r\nAda"
    message = error_of(text, "T1\tPER 4 7\tAda\nT2\tPER 0 2\tYo\n")
    assert message == ("d.ann line 2, field 'text': 'Yo' does not match the .txt at 0 2 ('Hi'); "
                       "offsets must count characters (code points)")


def test_a_text_field_holding_a_tab_reads_as_brat_writes_the_covered_text():
    [record] = read_pair("Ada\tLovelace", "T1\tPER 0 12\tAda\tLovelace\n")
    assert [(s["start"], s["end"]) for s in record["spans"]] == [(0, 12)]


def test_a_relation_with_more_than_two_words_reads_its_first_two_arguments():
    [record] = read_pair("Ada met Bob", "T1\tPER 0 3\tAda\nT2\tPER 8 11\tBob\nR1\tmet Arg1:T1 Arg2:T2 again\n")
    assert record["relations"] == [{"head": "T1", "child": "T2", "label": "met"}]


def test_invalid_utf8_after_a_leading_blank_line_names_the_right_line():
    message = error_of(b"\nAda\nM\xfcnchen", "")
    assert message == "d.txt line 3: not valid UTF-8 (byte 6)"


def test_files_of_a_document_are_named_in_what_the_import_reports():
    [alone] = BRAT.read_pairs([("a.txt", b"Ada")])
    [paired] = BRAT.read_pairs([("b.txt", b"Bob"), ("b.ann", b"T1\tPER 0 3\tBob\n")])
    assert (alone.file, paired.file) == ("a.txt", "b.ann")


def test_a_relation_type_of_the_project_is_declared_once_with_its_argument_types(write):
    info = {"name": "p", "entity_types": [{"name": "PER"}],
            "relation_types": [{"name": "knows", "head_types": ["PER"], "child_types": ["PER"]}]}
    record = new_record("Ada met Bob", split="train",
                        spans=[{"id": 1, "start": 0, "end": 3, "label": "PER"},
                               {"id": 2, "start": 8, "end": 11, "label": "PER"}],
                        relations=[{"head": 1, "child": 2, "label": "knows"}])
    conf = write("brat", [record], project_info=info).files["annotation.conf"].decode("utf-8").split("\n")
    assert [line for line in conf if line.startswith("knows")] == ["knows\tArg1:PER, Arg2:PER"]


def test_document_names_are_unique_per_split_and_numbered_without_ids(write):
    records = [new_record("a", external_id="Xena_X", split="train"), new_record("b", external_id="Xena_X", split="dev"),
               new_record("c", split="dev"), new_record("d", split="dev")]
    names = sorted(name for name in write("brat", records).files if name.endswith(".txt"))
    assert names == ["dev/Xena_X.txt", "dev/doc-1.txt", "dev/doc-2.txt", "train/Xena_X.txt"]


def test_spans_merged_by_lf_line_breaks_are_counted_per_split(write):
    text = "Ada\r\nBob"
    record = new_record(text, split="dev", spans=[{"id": 1, "start": 0, "end": 4, "label": "X"},
                                                  {"id": 2, "start": 0, "end": 5, "label": "X"}])
    sink = MemorySink()
    writer = BRAT.writer({}, sink)
    writer.write(record)
    writer.close()
    assert writer.counts.as_dict()["dev"]["spans_not_exported"] == 1
