"""brat standoff: per document `DOCID.txt` + `DOCID.ann`, plus `annotation.conf`/`visual.conf`.

    DOCID.json (when the document has meta or a title): {"meta": {...}, "title": "..."}
    T1<TAB>PERSON 0 5<TAB>Obama
    T2<TAB>LOC 10 14;15 21<TAB>New York        (a span across a line break: two fragments)
    R1<TAB>works_for Arg1:T1 Arg2:T3

Offsets are characters (code points) of the .txt decoded as UTF-8. Line breaks are where tools
disagree. brat's server reads the .txt with `codecs.open(path, "rU", encoding="utf8")`
(server/src/annotation.py, open_textfile), and codecs.open drops the universal-newline flag
(Python 2.7 strips the "U"; Python 3 opens the file in binary mode, where "U" does nothing), so
brat counts a CRLF as two characters; its client treats CR and LF alike as line breaks. Python
scripts that read brat files in text mode (pybrat: `open(txt).read()`) turn CRLF into LF and count
it as one, so on a CRLF .txt the two cannot both be right ('pple ' for 'Apple').

Export (option `newlines`): "lf", the default, writes the .txt with every CRLF and lone CR as LF
and counts offsets on that text, so brat, pybrat and any other reader see the same characters and
every span shows the right words. The .txt then differs from our stored text in its line breaks
only; a span edge between the CR and the LF of one CRLF (which brat's UI cannot make) moves to the
whole line break. "keep" writes the stored text's exact bytes with offsets as brat's server counts
them (CRLF = two), for teams that need the text byte for byte (pybrat readers will be off).

A .ann line cannot contain a line break, so a span that contains one is written in brat's fragment
syntax, split around the line breaks (brat draws such spans this way too); its outer edges stay
exact and the reader takes first start .. last end. The text field is informational: line breaks
and tabs in it become spaces.

Import reads the .txt exactly (CRLF kept). When it holds CRLFs, the .ann may count them as brat's
server does (two) or as a text-mode writer does (one): the text fields of the T lines decide for
the whole file (brat's own counting when both fit or none is given), and offsets counted with
universal newlines are converted to code points of the stored text. The text fields also catch
files whose offsets count bytes or UTF-16 units.

Multi-file API: `read_brat_members(pairs)` takes (name, bytes) pairs; Format.reader() feeds
it a zip's members. A folder `train/` in the name sets the record's split.
"""
from __future__ import annotations

import json
import posixpath
import re
from typing import BinaryIO, Iterable, Iterator

from annotator.formats.base import (
    UNSPLIT, Carries, Content, ExportCounts, Format, FormatError, FormatOption, ReadItem, Sink, load, member_of,
    split_from_path,
)
from annotator.formats.offsets import from_lf, inside_crlf, lf_offsets, lf_text
from annotator.formats.records import new_record, validate_record

# Characters Python's str.splitlines() breaks on: none may appear inside a .ann line.
LINE_BREAK_RUN = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
LABEL = re.compile(r"\S+")
IGNORED_PREFIXES = ("E", "A", "M", "N", "#", "*")
# Beside DOCID.txt and DOCID.ann: DOCID.json with the document's meta, title and external id (when
# the file name is not it), which brat has no place for; read back on import.
SIDECAR = ".json"  # events, attributes, normalizations, notes
NEWLINES = FormatOption(
    "newlines", ("lf", "keep"), "lf",
    "Line breaks of the written .txt: lf (CRLF and CR written as LF, offsets on that text, so brat and "
    "Python text-mode readers agree) or keep (the exact stored bytes, offsets as brat's server counts them).",
    applies="write")


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
        self.newlines = NEWLINES.value(options)
        self.used_names: dict[str, set[str]] = {}
        self.labels: set[str] = set()
        self.relation_labels: set[str] = set()

    def write(self, record: dict) -> None:
        split = record.get("split") or UNSPLIT
        if self.newlines == "lf" and "\r" in record["text"]:
            record, dropped = with_lf_newlines(record)
            self.counts.add_dropped(split, dropped)
        self.counts.add(split, record)
        name = self._document_name(record, split)
        text = record["text"]
        with self.sink.open(f"{split}/{name}.txt") as stream:
            stream.write(text.encode("utf-8"))  # written as it is: no newline translation here
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
        sidecar = document_fields(record, name)
        if sidecar:
            with self.sink.open(f"{split}/{name}{SIDECAR}") as stream:
                stream.write(json.dumps(sidecar, ensure_ascii=False, indent=1).encode("utf-8"))

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


def with_lf_newlines(record: dict) -> tuple[dict, int]:
    """The record with its text's CRLFs and lone CRs as LF and its spans moved onto that text; and
    how many spans were merged into an equal one (two spans that differed only by an edge between
    a CR and its LF). A start inside a CRLF moves to the start of its LF, an end inside one to its
    end, so no span becomes empty; relations follow merged spans (one that would join a span to
    itself is left out)."""
    text = record["text"]
    table = lf_offsets(text)
    kept: dict[tuple, dict] = {}
    alias = {}
    for span in record.get("spans") or ():
        end = table[span["end"]] + (1 if inside_crlf(text, span["end"]) else 0)
        key = (table[span["start"]], end, span["label"])
        if key not in kept:
            kept[key] = {**span, "start": key[0], "end": end}
        alias[span["id"]] = kept[key]["id"]
    relations, seen = [], set()
    for rel in record.get("relations") or ():
        head, child = alias[rel["head"]], alias[rel["child"]]
        merged_onto_itself = head == child and rel["head"] != rel["child"]
        if not merged_onto_itself and (head, child, rel["label"]) not in seen:
            seen.add((head, child, rel["label"]))
            relations.append({**rel, "head": head, "child": child})
    spans = list(kept.values())
    return {**record, "text": lf_text(text), "spans": spans, "relations": relations}, len(alias) - len(spans)


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
    bounds, relations, t_ids = [], [], set()
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue

        def fail(field: str, message: str, number=number):
            raise FormatError(ann_name, number, field, message)

        ident, _, rest = line.partition("\t")
        if ident.startswith("T"):
            bounds.append({**_parse_textbound(ident, rest, fail), "line": number})
            t_ids.add(ident)
        elif ident.startswith("R"):
            relations.append(_parse_relation(rest, fail))
            relations[-1]["line"] = number
        elif not ident.startswith(IGNORED_PREFIXES):
            fail("id", f"unknown annotation id {ident!r} (expected T, R, E, A, M, N, # or *)")
    to_point = _counting(text, bounds)
    spans = [_place(bound, text, to_point, ann_name) for bound in bounds]
    for relation in relations:
        for end in ("head", "child"):
            if relation[end] not in t_ids:
                raise FormatError(ann_name, relation["line"], "Arg1" if end == "head" else "Arg2",
                                  f"refers to {relation[end]}, which is not a text-bound annotation in this file")
        del relation["line"]
    return spans, relations


def _parse_textbound(ident: str, rest: str, fail) -> dict:
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
    return {"id": ident, "label": label, "parts": parts, "offsets": offsets, "reference": reference}


def _converted(parts: list[tuple[int, int]], to_point: dict[int, int] | None) -> list[tuple[int, int]] | None:
    if to_point is None:
        return parts
    if any(a not in to_point or b not in to_point for a, b in parts):
        return None
    return [(to_point[a], to_point[b]) for a, b in parts]


def _fits(bound: dict, text: str, to_point: dict[int, int] | None) -> bool:
    parts = _converted(bound["parts"], to_point)
    return (parts is not None and all(b <= len(text) for _a, b in parts)
            and reference_text(text, parts) == " ".join(bound["reference"].split()))


def _counting(text: str, bounds: list[dict]) -> dict[int, int] | None:
    """How this file's offsets count line breaks: None for code points of the .txt as it is (brat's
    server: CRLF = two), or the map from offsets counted with universal newlines (CRLF = one, what
    text-mode writers count) to code points, when the T lines' text fields fit only that reading."""
    if "\r\n" not in text:
        return None
    referenced = [bound for bound in bounds if bound["reference"]]
    if all(_fits(bound, text, None) for bound in referenced):
        return None
    to_point = from_lf(text)
    return to_point if all(_fits(bound, text, to_point) for bound in referenced) else None


def _place(bound: dict, text: str, to_point: dict[int, int] | None, ann_name: str) -> dict:
    def fail(field: str, message: str):
        raise FormatError(ann_name, bound["line"], field, message)

    parts, offsets = bound["parts"], bound["offsets"]
    length = len(text) if to_point is None else max(to_point)
    start, end = min(a for a, _ in parts), max(b for _, b in parts)
    if end > length:
        fail("offsets", f"end {end} is past the end of the .txt ({length} characters)")
    if start >= end:
        fail("offsets", f"end {end} must be greater than start {start}")
    parts = _converted(parts, to_point)
    start, end = min(a for a, _ in parts), max(b for _, b in parts)
    given = " ".join(bound["reference"].split())
    actual = reference_text(text, parts)
    if bound["reference"] and given != actual:
        fail("text", f"{given!r} does not match the .txt at {offsets} ({actual!r}); "
             "offsets must count characters (code points)")
    return {"id": bound["id"], "start": start, "end": end, "label": bound["label"]}


def _parse_relation(rest: str, fail) -> dict:
    label, *args = rest.split("\t")[0].split() or [""]  # "R1" alone: refused below, not a crash
    roles = [arg.partition(":") for arg in args]
    if not label or len(roles) < 2 or not all(sep and value for _role, sep, value in roles[:2]):
        fail("args", f"expected 'TYPE Arg1:T1 Arg2:T2', got {rest!r}")
    return {"head": roles[0][2], "child": roles[1][2], "label": label}


def document_fields(record: dict, name: str) -> dict:
    """What the .txt and .ann cannot hold: meta, title, and the external id when the file name is not it."""
    fields = {}
    if record.get("meta"):
        fields["meta"] = record["meta"]
    if record.get("title"):
        fields["title"] = record["title"]
    if (record.get("external_id") or "") not in ("", name):
        fields["external_id"] = record["external_id"]
    return fields


def read_sidecar(data: bytes, name: str) -> dict:
    """A document's sidecar JSON: {meta?, title?, external_id?}; FormatError naming line and column."""
    try:
        value = json.loads(_decode(data, name))
    except json.JSONDecodeError as error:
        raise FormatError(name, error.lineno, None, f"not valid JSON: {error.msg} at column {error.colno}") from None
    if not isinstance(value, dict):
        raise FormatError(name, None, None, f"expected a JSON object, got {type(value).__name__}")
    fields = {}
    for key, kind in (("meta", dict), ("title", str), ("external_id", str)):
        if key in value:
            if not isinstance(value[key], kind):
                raise FormatError(name, None, key, f"must be {'an object' if kind is dict else 'a string'}")
            fields[key] = value[key]
    return fields


def read_brat_members(members: Iterable[tuple[str, Content]], options: dict) -> Iterator[ReadItem]:
    """Pairs .txt and .ann by path; a .txt alone is a document without annotations. Contents
    may be loaders (zip members), so only one document's files are in memory at a time."""
    texts: dict[str, tuple[str, Content]] = {}
    anns: dict[str, tuple[str, Content]] = {}
    sidecars: dict[str, tuple[str, Content]] = {}
    for name, data in members:
        stem, extension = posixpath.splitext(name)
        if extension == ".txt":
            texts[stem] = (name, data)
        elif extension == ".ann":
            anns[stem] = (name, data)
        elif extension == SIDECAR:
            sidecars[stem] = (name, data)
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
        fields = {"external_id": posixpath.basename(posixpath.splitext(member_of(txt_name))[0])}
        if stem in sidecars:
            fields.update(read_sidecar(load(sidecars[stem][1]), sidecars[stem][0]))
        record = new_record(text, split=split_from_path(txt_name), spans=spans, relations=relations, **fields)
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
    # exact_text: not by default, the written .txt has LF line breaks (option newlines=keep keeps them).
    carries=Carries(spans=True, relations=True, overlapping=True, exact_text=False),
    read_members=read_brat_members,
    make_writer=BratWriter,
    tokens="none",
    options=(NEWLINES,),
)
