"""A Label Studio export read as a JSON array, as a team moving in sees it: every task with the line
it starts on, whatever the spacing, a BOM or one task alone; a broken file refused with the file, the
line, the task's index where there is one, and what is wrong, before anything is stored."""
import io

import pytest

from annotator.formats.base import FormatError
from annotator.formats.labelstudio import iter_json_array


def tasks(data: bytes, name="export.json"):
    return list(iter_json_array(io.BytesIO(data), name))


def refusal(data: bytes, name="export.json") -> str:
    with pytest.raises(FormatError) as refused:
        tasks(data, name)
    return str(refused.value)


def test_each_task_comes_with_the_line_it_starts_on():
    data = b'[\n  {"id": 1},\n\n  {"id": 2}, {"id": 3}\n,\n{"id": 4}\n]\n'
    assert tasks(data) == [(2, {"id": 1}), (4, {"id": 2}), (4, {"id": 3}), (6, {"id": 4})]


def test_spacing_of_every_kind_and_a_bom_are_read_past():
    assert tasks(b'\xef\xbb\xbf \t\r\n[ \t{"id": 1} \r\n,\t{"id": 2}\r\n] \n\t') == [(2, {"id": 1}), (3, {"id": 2})]
    assert tasks(b"[]") == [] and tasks(b" [ \n ] ") == []
    assert tasks(b"") == [] and tasks(b" \n\t") == [] and tasks(b"\xef\xbb\xbf") == []


def test_one_task_alone_is_read_as_a_task_and_nothing_may_follow_it():
    assert tasks(b'\n{"id": 9, "data": {"text": "x"}}\n') == [(2, {"id": 9, "data": {"text": "x"}})]
    assert refusal(b'{"id": 9}\n {"id": 10}') == (
        "export.json line 2: not valid JSON: extra data after the array at column 2")


def test_a_file_that_is_neither_an_array_nor_a_task_is_refused_naming_what_it_found():
    assert refusal(b'\n\n  "tasks"', "t.json") == 't.json line 3: expected a JSON array of Label Studio tasks, got \'"\''


def test_an_element_that_is_no_task_object_is_named_by_its_index_and_line():
    assert refusal(b'[{"id": 1},\n {"id": 2},\n 7]') == "export.json line 3, field '[2]': expected a task object, got int"
    assert refusal(b'[["a"]]') == "export.json line 1, field '[0]': expected a task object, got list"
    assert refusal(b'[null]') == "export.json line 1, field '[0]': expected a task object, got NoneType"


def test_a_missing_comma_an_unclosed_array_and_extra_data_name_their_line_and_column():
    assert refusal(b'[{"id": 1}\n  {"id": 2}]') == "export.json line 2: not valid JSON: expected ',' or ']' at column 3"
    assert refusal(b'[{"id": 1},\n{"id": 2}\n') == "export.json line 3: not valid JSON: the array is not closed (']')"
    assert refusal(b'[{"id": 1},') == "export.json line 1: not valid JSON: the array is not closed (']')"
    assert refusal(b'[\n{"id": 1}]\n\n  ]') == "export.json line 4: not valid JSON: extra data after the array at column 3"


def test_broken_json_inside_a_task_names_the_real_line_and_column():
    assert refusal(b'[\n{"id": 1},\n{"id": 2,\n "data": {"text": "x"\n]') == (
        "export.json line 5: not valid JSON: Expecting ',' delimiter at column 1")


def test_invalid_utf8_is_refused_at_its_line_and_byte():
    assert refusal(b'[{"id": 1},\n{"data": {"text": "caf\xe9"}}]', "old.json") == (
        "old.json line 2: not valid UTF-8 (byte 34)")
    assert refusal(b'\xef\xbb\xbf[\n\n{"text": "\xff"}]') == "export.json line 3: not valid UTF-8 (byte 16)"  # the BOM counted
