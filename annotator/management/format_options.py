"""`--option KEY=VALUE` for the commands that read or write files (import_documents, export)."""
from argparse import ArgumentTypeError

from annotator.formats.catalog import format_options_described

OPTION_HELP = ("a format option, repeatable, e.g. offsets=utf16 for doccano files whose offsets count UTF-16 units "
               f"(what doccano's browser UI writes for text with emoji). {format_options_described()}")


def option_pair(value: str) -> tuple[str, str]:
    """argparse type of one `KEY=VALUE`."""
    key, sep, choice = value.partition("=")
    if not sep or not key.strip() or not choice.strip():
        raise ArgumentTypeError(f"--option takes KEY=VALUE like offsets=utf16; got {value!r}")
    return key.strip(), choice.strip()


def options_from_pairs(pairs: list[tuple[str, str]] | None) -> dict | None:
    """The options object the services take (None when no --option was given)."""
    return dict(pairs) if pairs else None
