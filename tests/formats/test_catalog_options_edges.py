"""Format options as an import or export names them (annotator/formats/catalog.py): checked by the
format, or for an import whose format is detected later ("auto") by any format that reads; and
described in words for the API's docs and the commands' --help."""
import pytest

from annotator.formats.base import FormatOptionError
from annotator.formats.catalog import format_options_described, format_options_validate


def test_an_auto_import_takes_an_option_some_reading_format_has_as_a_copy():
    options = {"offsets": "utf16"}
    checked = format_options_validate(format="auto", options=options, purpose="read")
    assert checked == options and checked is not options
    assert format_options_validate(format="auto", options=None, purpose="read") == {}


@pytest.mark.parametrize(("options", "field", "message"), [
    # brat's newlines and hf's rows are export options: no import takes them.
    ({"newlines": "keep"}, "options.newlines", "not an import option of any format (import options: offsets)"),
    ({"rows": "document"}, "options.rows", "not an import option of any format (import options: offsets)"),
    ({"offsets": "bytes"}, "options.offsets", "must be one of codepoints, utf16, got 'bytes'"),
])
def test_an_auto_import_refuses_what_no_reading_format_takes(options, field, message):
    with pytest.raises(FormatOptionError) as refused:
        format_options_validate(format="auto", options=options, purpose="read")
    assert (refused.value.field, refused.value.message) == (field, message)


def test_a_named_format_checks_its_own_options_for_the_purpose():
    assert format_options_validate(format="brat", options={"newlines": "keep"}, purpose="write") == {"newlines": "keep"}
    with pytest.raises(FormatOptionError) as refused:
        format_options_validate(format="brat", options={"newlines": "keep"}, purpose="read")
    assert refused.value.field == "options.newlines" and "format 'brat'" in refused.value.message


def test_every_option_is_described_once_with_its_choices_default_and_use():
    described = format_options_described()
    parts = described.split("; ")
    assert [part.split(":")[0] for part in parts] == [
        "brat `newlines` (lf or keep, default lf, export only)",
        "doccano `offsets` (codepoints or utf16, default codepoints, import and export)",
        "labelstudio `offsets` (codepoints or utf16, default codepoints, export only)",
        "hf `rows` (sentence or document, default sentence, export only)",
    ]
    assert parts[0].startswith("brat `newlines` (lf or keep, default lf, export only): Line breaks of the written .txt")
    assert not any(part.endswith(".") for part in parts)
