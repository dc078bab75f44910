"""JSON Lines as every line-based reader takes them (jsonl, doccano, Prodigy): numbered as an editor
numbers them, blank lines and a leading BOM passed over, CRLF and U+2028 inside strings handled, and
each refusal naming the line."""
import io

import pytest

from annotator.formats.base import FormatError
from annotator.formats.records import iter_json_lines


def lines(data: bytes):
    return list(iter_json_lines(io.BytesIO(data), "d.jsonl"))


def refusal(data: bytes) -> str:
    with pytest.raises(FormatError) as refused:
        lines(data)
    return str(refused.value)


def test_lines_keep_their_numbers_past_blank_lines_a_bom_and_crlf():
    data = b'\xef\xbb\xbf{"a": 1}\r\n\r\n   \n{"b": "x\xe2\x80\xa8y",\r"c": 2}\n\t\n{"c": 3}'  # a lone CR between keys
    assert lines(data) == [(1, {"a": 1}), (4, {"b": "x\u2028y", "c": 2}), (6, {"c": 3})]
    assert lines(b"") == [] and lines(b"\n\n") == []


def test_a_bom_is_only_read_past_at_the_start_of_the_file():
    assert refusal(b'{"a": 1}\n\xef\xbb\xbf{"b": 2}\n').startswith("d.jsonl line 2: not valid JSON")


def test_an_array_on_the_first_filled_line_is_named_as_an_array_and_later_as_a_wrong_line():
    assert refusal(b'\n  [{"text": "a"}]\n') == ("d.jsonl line 2: a JSON array; expected one JSON object per line "
                                                 "(a Label Studio export imports with format labelstudio)")
    assert refusal(b'\xef\xbb\xbf["a"]\n') == ("d.jsonl line 1: a JSON array; expected one JSON object per line "
                                             "(a Label Studio export imports with format labelstudio)")
    assert refusal(b'{"a": 1}\n["a"]\n') == "d.jsonl line 2: expected a JSON object, got list"
    assert refusal(b'{"a": 1}\n"text"\n') == "d.jsonl line 2: expected a JSON object, got str"


def test_a_line_cut_short_is_named_at_its_own_last_column():
    assert refusal(b'{"a": 1}\r\n{"text": \r\n') == "d.jsonl line 2: not valid JSON: Expecting value at column 10"


def test_invalid_utf8_names_its_line_and_the_byte_in_that_line():
    assert refusal(b'{"a": 1}\n{"t": "caf\xe9"}\n') == "d.jsonl line 2: not valid UTF-8 (byte 10)"
