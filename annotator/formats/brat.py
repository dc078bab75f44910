"""brat standoff: per document `DOCID.txt` + `DOCID.ann`, plus `annotation.conf`/`visual.conf`.

    T1<TAB>PERSON 0 5<TAB>Obama
    T2<TAB>LOC 10 14;15 21<TAB>New York        (a span across a line break: two fragments)
    R1<TAB>works_for Arg1:T1 Arg2:T3

Offsets are characters (code points) of the .txt decoded as UTF-8, which is what brat's
Python server counts. The .txt holds the text's exact bytes (CRLF stays CRLF) so offsets
never drift. A .ann line cannot contain a line break, so a span that contains one is written
in brat's fragment syntax, split around the line breaks (brat draws such spans this way
too); its outer edges stay exact and the reader takes first start .. last end. The text field
is informational: line breaks and tabs in it become spaces. The reader checks that text field
against the .txt, which catches files whose offsets count bytes or UTF-16 units.

Multi-file API: `read_brat_members(pairs)` takes (name, bytes) pairs; Format.reader() feeds
it a zip's members. A folder `train/` in the name sets the record's split.
"""
from __future__ import annotations

import posixpath
import re
from typing import BinaryIO, Iterable, Iterator

from annotator.formats.base import (
    UNSPLIT, Carries, Content, ExportCounts, Format, FormatError, ReadItem, Sink, load, split_from_path,
)
from annotator.formats.records import new_record, validate_record

# Characters Python's str.splitlines() breaks on: none may appear inside a .ann line.
LINE_BREAK_RUN = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
LABEL = re.compile(r"\S+")
IGNORED_PREFIXES = ("E", "A", "M", "N", "#", "*")  # events, attributes, normalizations, notes


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of the span between line breaks; leading/trailing breaks stay in the outer
    fragments so the span's edges are exact."""
    parts, position = [], start
    for match in LINE_BREAK_RUN.finditer(text, start, end):
        if match.start() > position:
            parts.append([position, match.start()])
        position = match.end()
    if position < end:
        parts.append([position, end])
    if not parts:
        return [(start, end)]
    parts[0][0], parts[-1][1] = start, end
    return [tuple(part) for part in parts]


def reference_text(text: str, parts: Iterable[tuple[int, int]]) -> str:
    return " ".join(" ".join(text[a:b].split()) for a, b in parts).strip()


class BratWriter:
    def __init__(self, project_info: dict, sink: Sink, options: dict | None = None):
        self.project_info = project_info or {}
        self.sink = sink
        self.counts = ExportCounts()
        self.used_names: dict[str, set[str]] = {}
        self.labels: set[str] = set()
        self.relation_labels: set[str] = set()

    def write(self, record: dict) -> None:
        split = record.get("split") or UNSPLIT
        self.counts.add(split, record)
        name = self._document_name(record, split)
        text = record["text"]
        with self.sink.open(f"{split}/{name}.txt") as stream:
            stream.write(text.encode("utf-8"))  # the exact text: no newline translation
        lines, t_ids = [], {}
        for index, span in enumerate(record.get("spans") or (), start=1):
            if LABEL.fullmatch(span["label"]) is None:
                raise FormatError(f"{split}/{name}.ann", index, "label",
                                  f"label {span['label']!r} contains whitespace, which brat cannot hold")
            t_ids[span["id"]] = f"T{index}"
            self.labels.add(span["label"])
            parts = fragments(text, span["start"], span["end"])
            offsets = ";".join(f"{a} {b}" for a, b in parts)
            lines.append(f"T{index}\t{span['label']} {offsets}\t{reference_text(text, parts)}\n")
        for index, rel in enumerate(record.get("relations") or (), start=1):
            self.relation_labels.add(rel["label"])
            lines.append(f"R{index}\t{rel['label']} Arg1:{t_ids[rel['head']]} Arg2:{t_ids[rel['child']]}\n")
        with self.sink.open(f"{split}/{name}.ann") as stream:
            stream.write("".join(lines).encode("utf-8"))

    def _document_name(self, record: dict, split: str) -> str:
        """The external id made file-safe (it is what identifies the document to people), else
        the database id; suffixed when two documents would share a name."""
        base = UNSAFE_NAME.sub("_", str(record.get("external_id") or "")).strip("._")[:100]
        if not base:
            number = record.get("id")
            base = f"doc-{number if number is not None else len(self.used_names.get(split, ()))}"
        used = self.used_names.setdefault(split, set())
        name, counter = base, 1
        while name in used:
            counter += 1
            name = f"{base}-{counter}"
        used.add(name)
        return name

    def close(self) -> None:
        with self.sink.open("annotation.conf") as stream:
            stream.write(annotation_conf(self.project_info, self.labels, self.relation_labels).encode("utf-8"))
        with self.sink.open("visual.conf") as stream:
            stream.write(visual_conf(self.project_info).encode("utf-8"))


def annotation_conf(project_info: dict, labels: set[str], relation_labels: set[str]) -> str:
    entity_names = [t["name"] for t in project_info.get("entity_types") or ()]
    entity_names += sorted(labels - set(entity_names))  # labels used but no longer in the project
    lines = [f"# brat configuration for project {project_info.get('name', '')!r}",
             "[entities]", *entity_names, "[relations]"]
    declared = set()
    for rel in project_info.get("relation_types") or ():
        head = "|".join(rel.get("head_types") or ()) or "<ENTITY>"
        child = "|".join(rel.get("child_types") or ()) or "<ENTITY>"
        flag = ", <REL-TYPE>:symmetric" if rel.get("symmetric") else ""
        lines.append(f"{rel['name']}\tArg1:{head}, Arg2:{child}{flag}")
        declared.add(rel["name"])
    lines += [f"{name}\tArg1:<ENTITY>, Arg2:<ENTITY>" for name in sorted(relation_labels - declared)]
    # Our spans may nest or overlap; without this rule brat's checker flags them.
    lines.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    lines += ["[events]", "[attributes]", ""]
    return "\n".join(lines)


def visual_conf(project_info: dict) -> str:
    lines = ["[labels]", "[drawing]"]
    lines += [f"{t['name']}\tbgColor:{t['color']}" for t in project_info.get("entity_types") or () if t.get("color")]
    return "\n".join(lines) + "\n"


def parse_ann(ann: str, text: str, ann_name: str) -> tuple[list[dict], list[dict]]:
    spans, relations, t_ids = [], [], set()
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue

        def fail(field: str, message: str, number=number):
            raise FormatError(ann_name, number, field, message)

        ident, _, rest = line.partition("\t")
        if ident.startswith("T"):
            spans.append(_parse_textbound(ident, rest, text, fail))
            t_ids.add(ident)
        elif ident.startswith("R"):
            relations.append(_parse_relation(rest, fail))
            relations[-1]["line"] = number
        elif not ident.startswith(IGNORED_PREFIXES):
            fail("id", f"unknown annotation id {ident!r} (expected T, R, E, A, M, N, # or *)")
    for relation in relations:
        for end in ("head", "child"):
            if relation[end] not in t_ids:
                raise FormatError(ann_name, relation["line"], "Arg1" if end == "head" else "Arg2",
                                  f"refers to {relation[end]}, which is not a text-bound annotation in this file")
        del relation["line"]
    return spans, relations


def _parse_textbound(ident: str, rest: str, text: str, fail) -> dict:
    body, _, reference = rest.partition("\t")
    label, _, offsets = body.partition(" ")
    if not label:
        fail("type", "missing")
    parts = []
    for fragment in offsets.split(";"):
        numbers = fragment.split()
        if len(numbers) != 2 or not all(n.isdigit() for n in numbers):
            fail("offsets", f"expected 'START END', got {fragment!r}")
        parts.append((int(numbers[0]), int(numbers[1])))
    start, end = min(a for a, _ in parts), max(b for _, b in parts)
    if end > len(text):
        fail("offsets", f"end {end} is past the end of the .txt ({len(text)} characters)")
    if start >= end:
        fail("offsets", f"end {end} must be greater than start {start}")
    given = " ".join(reference.split())
    actual = reference_text(text, parts)
    if reference and given != actual:
        fail("text", f"{given!r} does not match the .txt at {offsets} ({actual!r}); "
             "offsets must count characters (code points)")
    return {"id": ident, "start": start, "end": end, "label": label}


def _parse_relation(rest: str, fail) -> dict:
    label, *args = rest.split("\t")[0].split()
    roles = [arg.partition(":") for arg in args]
    if not label or len(roles) < 2 or not all(sep and value for _role, sep, value in roles[:2]):
        fail("args", f"expected 'TYPE Arg1:T1 Arg2:T2', got {rest!r}")
    return {"head": roles[0][2], "child": roles[1][2], "label": label}


def read_brat_members(members: Iterable[tuple[str, Content]], options: dict) -> Iterator[ReadItem]:
    """Pairs .txt and .ann by path; a .txt alone is a document without annotations. Contents
    may be loaders (zip members), so only one document's files are in memory at a time."""
    texts: dict[str, tuple[str, Content]] = {}
    anns: dict[str, tuple[str, Content]] = {}
    for name, data in members:
        stem, extension = posixpath.splitext(name)
        if extension == ".txt":
            texts[stem] = (name, data)
        elif extension == ".ann":
            anns[stem] = (name, data)
    for stem in sorted(set(anns) - set(texts)):
        raise FormatError(anns[stem][0], None, None, f"has no matching {posixpath.basename(stem)}.txt")
    for stem in sorted(texts):
        txt_name, txt_content = texts.pop(stem)
        text = _decode(load(txt_content), txt_name)
        spans, relations = [], []
        ann_name = txt_name
        if stem in anns:
            ann_name, ann_content = anns.pop(stem)
            spans, relations = parse_ann(_decode(load(ann_content), ann_name), text, ann_name)
        external_id = posixpath.basename(stem.rsplit(":", 1)[-1])
        record = new_record(text, external_id=external_id, split=split_from_path(txt_name),
                            spans=spans, relations=relations)
        yield ReadItem(validate_record(record, file=ann_name, line=None), ann_name, None)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")  # no BOM stripping: brat would count it as a character
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FormatError(name, line, None, f"not valid UTF-8 (byte {error.start})") from None


def read_brat_file(fileobj: BinaryIO, filename: str, options: dict) -> Iterator[ReadItem]:
    yield from read_brat_members([(filename, fileobj.read())], options)


FORMAT = Format(
    name="brat",
    title="brat standoff",
    extensions=(".ann", ".txt"),
    carries=Carries(spans=True, relations=True, overlapping=True, exact_text=True),
    read_members=read_brat_members,
    make_writer=BratWriter,
    tokens="none",
)
