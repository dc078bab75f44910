"""Shared helpers for the format tests: an in-memory sink, sample records, write-then-read.

Offered as fixtures (not imported by name) so they work whatever pytest import mode the
suite ends up using.
"""
import io
import os

import pytest

# These tests need no Django. But tests/conftest.py (shared) reads django.conf.settings when the
# session ends, and under `-p no:django` nothing names a settings module (importing `annotator`
# would default it to the production settings, which refuse to load without SECRET_KEY). Name
# the test settings before anything imports `annotator`; pytest-django, when active, already has.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings_test")

from annotator.formats.catalog import get_format
from annotator.formats.records import new_record

PROJECT_INFO = {
    "name": "News",
    "entity_types": [{"name": "PER", "color": "#ffcc00"}, {"name": "ORG", "color": "#99ccff"},
                     {"name": "LOC", "color": "#99ff99"}],
    "relation_types": [
        {"name": "works_for", "head_types": ["PER"], "child_types": ["ORG"], "symmetric": False},
        {"name": "knows", "head_types": [], "child_types": [], "symmetric": True},
    ],
}

# CRLF, a tab, an emoji outside the BMP, CJK, a combining accent and a span across a line break.
SAMPLE_TEXT = "Ange\u0301la Merkel (CDU) met 習近平 😀 in Berlin.\r\nShe\tthanked the United\nNations."


def sample_record(**fields) -> dict:
    text = SAMPLE_TEXT

    def at(fragment, label, span_id):
        start = text.index(fragment)
        return {"id": span_id, "start": start, "end": start + len(fragment), "label": label}

    spans = [at("Ange\u0301la Merkel", "PER", 11), at("CDU", "ORG", 12), at("習近平", "PER", 13),
             at("Berlin", "LOC", 14), at("United\nNations", "ORG", 15), at("Merkel", "PER", 16)]
    relations = [{"head": 11, "child": 12, "label": "works_for"}, {"head": 11, "child": 13, "label": "knows"}]
    values = dict(id=42, external_id="news-42", title="Summit", meta={"source": "wire", "tags": ["a", "b"]},
                  split="train", spans=spans, relations=relations, annotators=["alice"], reviewer="bob",
                  reviewed_at="2025-01-02T03:04:05Z")
    values.update(fields)
    return new_record(text, **values)


class MemorySink:
    """Keeps every written file in memory, readable after the writer closed it."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def open(self, path):
        sink = self

        class _File(io.BytesIO):
            def close(self):
                if not self.closed:
                    sink.files[path] = self.getvalue()
                super().close()

        assert path not in self.files, f"{path} opened twice"
        return _File()


def write_records(format_name: str, records, options=None, project_info=PROJECT_INFO) -> MemorySink:
    sink = MemorySink()
    writer = get_format(format_name).writer(project_info, sink, options)
    for record in records:
        writer.write(record)
    writer.close()
    return sink


def read_files(format_name: str, sink: MemorySink, options=None) -> list[dict]:
    """Read back every data file the writer produced, in name order."""
    fmt = get_format(format_name)
    pairs = sorted(sink.files.items())
    return [item.record for item in fmt.read_pairs(pairs, options)]


@pytest.fixture(scope="session")
def project_info():
    return PROJECT_INFO


@pytest.fixture(scope="session")
def make_record():
    """make_record(**overrides) -> the sample record (CRLF, emoji, CJK, combining mark)."""
    return sample_record


@pytest.fixture(scope="session")
def write():
    """write(format_name, records, options=None) -> MemorySink holding the written files."""
    return write_records


@pytest.fixture(scope="session")
def read():
    """read(format_name, sink_or_files, options=None) -> records read back."""

    def run(format_name, sink, options=None):
        if isinstance(sink, dict):
            holder = MemorySink()
            holder.files.update(sink)
            sink = holder
        return read_files(format_name, sink, options)

    return run


@pytest.fixture(scope="session")
def roundtrip():
    """roundtrip(format_name, records, options) -> records read back from what was written."""

    def run(format_name, records, options=None):
        return read_files(format_name, write_records(format_name, records, options), options)

    return run
