"""Label Studio's JSON export (and JSON-MIN), read and written, so a team moves in and out whole.

Label Studio exports a JSON array of tasks:

    [{"id": 7, "data": {"text": "..."}, "meta": {...},
      "annotations": [{"id": 1, "completed_by": {"email": "ann@x.org"} | 3, "ground_truth": false,
                       "was_cancelled": false,
                       "result": [{"id": "r1", "type": "labels", "from_name": "label", "to_name": "text",
                                   "value": {"start": 0, "end": 5, "text": "Alice", "labels": ["PER"]}},
                                  {"type": "relation", "from_id": "r1", "to_id": "r2", "labels": ["works_for"]}]}],
      "predictions": [{"model_version": "ner-v2", "score": 0.8,
                       "result": [{..., "score": 0.93, "value": {...}}]}]}]

and JSON-MIN one flat object per annotation: `{"id", "text", "label": [{"start", "end", "text",
"labels"}], "annotator": "ann@x.org", "annotation_id", ...}` (the spans under the name of the
labels control, relations left out by Label Studio).

A task becomes one record whose `annotation_sets` hold every annotation the task carries: each
annotator's (kind "annotation", `annotator` their email or name), the one marked `ground_truth`
also as "gold", and each prediction (kind "prediction", `model_version`, `score`). The record's
own `spans`/`relations` are the gold set's (else empty). Cancelled annotations are skipped and
counted in `skipped`, like relations without a label.

Offsets: Label Studio's browser counts UTF-16 code units (JavaScript strings), so text with emoji
may carry offsets one further per emoji. Every labels item carries its `value.text`; each span is
read as code points when that matches the text there, else as UTF-16 units when that matches,
else refused naming the item. The writer writes code points (option `offsets`: utf16 for a Label
Studio that counts UTF-16) and always writes `value.text`, and puts `labeling_config.xml` (the
config to paste into the project's Labeling Interface) in the zip.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO
from xml.sax.saxutils import quoteattr  # nosec B406: escapes attribute values we write; nothing is parsed

from annotator.formats.base import UNSPLIT, Carries, ExportCounts, Format, FormatError, FormatOption, ReadItem
from annotator.formats.offsets import from_utf16, utf16_offsets
from annotator.formats.records import new_record, validate_record

OFFSETS = FormatOption(
    "offsets", ("codepoints", "utf16"), "codepoints",
    "What value.start and value.end count when written: code points, or UTF-16 code units (a Label Studio that "
    "counts JavaScript string positions). Reading detects the unit span by span from value.text.",
    applies="write")
FROM_NAME, TO_NAME = "label", "text"
CONFIG_NAME = "labeling_config.xml"
MIN_META_KEYS = ("id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement")
ARRAY_EXPECTED = "expected a JSON array of Label Studio tasks"


# --- reading -----------------------------------------------------------------------------

def iter_json_array(fileobj: BinaryIO, filename: str) -> Iterator[tuple[int, dict]]:
    """(line where it starts, object) for each element of a file holding one JSON array (or one
    object), so errors point at the task. JSON errors name the real line and column."""
    raw = fileobj.read()
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    raw = raw[bom:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:  # the byte counted in the file as it is, BOM included
        raise FormatError(filename, raw.count(b"\n", 0, error.start) + 1, None,
                          f"not valid UTF-8 (byte {bom + error.start})") from None
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if position == len(text):
        return
    single = text[position] == "{"
    if not single:
        if text[position] != "[":
            raise FormatError(filename, _line_of(text, position), None, f"{ARRAY_EXPECTED}, got {text[position]!r}")
        position = _skip_space(text, position + 1)
    index = 0
    while position < len(text) and (single or text[position] != "]"):
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise FormatError(filename, error.lineno, None, f"not valid JSON: {error.msg} at column {error.colno}") \
                from None
        line = _line_of(text, position)
        if not isinstance(value, dict):
            raise FormatError(filename, line, f"[{index}]", f"expected a task object, got {type(value).__name__}")
        yield line, value
        if single:
            position = _skip_space(text, end)
            break
        position = _skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)
        elif position < len(text) and text[position] != "]":
            raise FormatError(filename, _line_of(text, position), None,
                              f"not valid JSON: expected ',' or ']' at column {_column_of(text, position)}")
        index += 1
    if position >= len(text) and not single:
        raise FormatError(filename, _line_of(text, len(text)), None, "not valid JSON: the array is not closed (']')")
    rest = _skip_space(text, position + (0 if single else 1))
    if rest < len(text):
        raise FormatError(filename, _line_of(text, rest), None,
                          f"not valid JSON: extra data after the array at column {_column_of(text, rest)}")


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _column_of(text: str, position: int) -> int:
    return position - (text.rfind("\n", 0, position) + 1) + 1


def _task_text(task: dict, filename: str, line: int) -> tuple[str, dict]:
    """The task's text and the other data keys (kept as meta): `data.text`, else the longest string."""
    data = task.get("data")
    if data is None and "annotations" not in task and "predictions" not in task:  # JSON-MIN: data at top level
        data = {key: value for key, value in task.items() if key not in MIN_META_KEYS}
    if not isinstance(data, dict):
        raise FormatError(filename, line, "data", "missing: a task needs a `data` object holding its text")
    key = "text" if isinstance(data.get("text"), str) else max(
        (k for k, v in data.items() if isinstance(v, str)), key=lambda k: len(data[k]), default=None)
    if key is None:
        raise FormatError(filename, line, "data.text", "missing: no string in the task's data to annotate")
    return data[key], {k: v for k, v in data.items() if k != key and not isinstance(v, list)}


def _annotator_name(who) -> str | None:
    if isinstance(who, dict):
        name = who.get("email") or who.get("username") or (f"labelstudio-user-{who['id']}" if "id" in who else None)
        return str(name) if name else None
    if isinstance(who, bool) or who is None or who == "":
        return None
    return f"labelstudio-user-{who}" if isinstance(who, int) else str(who)


class _SetReader:
    """Reads one annotation's `result` list into spans and relations, checking offsets."""

    def __init__(self, text: str, filename: str, line: int):
        self.text, self.filename, self.line = text, filename, line
        self._to_point = None
        self.unlabeled_relations = 0

    def read(self, result, field: str, *, score=None) -> tuple[list[dict], list[dict]]:
        if not isinstance(result, list):
            raise FormatError(self.filename, self.line, field, "must be a list of result items")
        spans, first_span_of, relations = [], {}, []
        for index, item in enumerate(result):
            where = f"{field}[{index}]"
            if not isinstance(item, dict):
                raise FormatError(self.filename, self.line, where, "must be an object")
            if item.get("type") == "relation":
                relations.append((where, item))
                continue
            value = item.get("value")
            if not isinstance(value, dict) or "start" not in value or "end" not in value:
                continue  # a choice, a text area, a rating: nothing that marks a span
            labels = value.get("labels") or value.get("hypertextlabels") or []
            if isinstance(labels, str):
                labels = [labels]
            start, end = self._offsets(value, where)
            region = str(item.get("id", index))
            item_score = item.get("score", score)
            for number, label in enumerate(labels):
                span = {"id": f"{region}#{number}", "start": start, "end": end, "label": label}
                if item_score is not None:
                    span["score"] = item_score
                spans.append(span)
                first_span_of.setdefault(region, span["id"])
        out = []
        for where, item in relations:
            labels = item.get("labels") or []
            if not labels:
                self.unlabeled_relations += 1
                continue
            ends = {}
            for end_name, key in (("head", "from_id"), ("child", "to_id")):
                region = str(item.get(key))
                if region not in first_span_of:
                    raise FormatError(self.filename, self.line, f"{where}.{key}",
                                      f"refers to region {item.get(key)!r}, which holds no labeled span here")
                ends[end_name] = first_span_of[region]
            if item.get("direction") == "left":
                ends = {"head": ends["child"], "child": ends["head"]}
            out += [{**ends, "label": label} for label in labels]
        return spans, out

    def _offsets(self, value: dict, where: str) -> tuple[int, int]:
        start, end, given = value.get("start"), value.get("end"), value.get("text")
        if type(start) is not int or type(end) is not int:
            raise FormatError(self.filename, self.line, f"{where}.value.start",
                              f"start and end must be integers, got {start!r} and {end!r}")
        if given is None or self.text[start:end] == given:
            return start, end
        if self._to_point is None:
            self._to_point = from_utf16(self.text)
        point_start, point_end = self._to_point(start), self._to_point(end)
        if point_start is not None and point_end is not None and self.text[point_start:point_end] == given:
            return point_start, point_end  # counted in UTF-16 code units, as Label Studio's browser does
        raise FormatError(self.filename, self.line, f"{where}.value.text",
                          f"{given!r} is not the text at {start}-{end}, counted in code points "
                          f"({self.text[start:end]!r}) or in UTF-16 code units")


def task_to_record(task: dict, filename: str, line: int) -> dict:
    text, data_meta = _task_text(task, filename, line)
    meta = dict(task["meta"]) if isinstance(task.get("meta"), dict) else {}
    meta.update(data_meta)
    reader = _SetReader(text, filename, line)
    sets, cancelled = [], 0
    if "data" not in task and "annotations" not in task:  # JSON-MIN: one annotation per object
        lists = [(key, value) for key, value in task.items()
                 if isinstance(value, list) and all(isinstance(v, dict) and "start" in v for v in value)]
        result = [{"id": f"{key}{i}", "type": "labels", "value": v} for key, value in lists for i, v in enumerate(value)]
        spans, relations = reader.read(result, lists[0][0] if lists else "label")
        sets.append({"kind": "annotation", "annotator": _annotator_name(task.get("annotator")),
                     "spans": spans, "relations": relations})
    for index, annotation in enumerate(task.get("annotations") or []):
        field = f"annotations[{index}]"
        if not isinstance(annotation, dict):
            raise FormatError(filename, line, field, "must be an object")
        if annotation.get("was_cancelled"):
            cancelled += 1
            continue
        spans, relations = reader.read(annotation.get("result") or [], f"{field}.result")
        who = _annotator_name(annotation.get("completed_by"))
        sets.append({"kind": "annotation", "annotator": who, "spans": spans, "relations": relations, "where": field})
        if annotation.get("ground_truth"):
            sets.append({"kind": "gold", "annotator": who, "spans": spans, "relations": relations, "where": field})
    for index, prediction in enumerate(task.get("predictions") or []):
        field = f"predictions[{index}]"
        if not isinstance(prediction, dict):
            raise FormatError(filename, line, field, "must be an object")
        score = prediction.get("score")
        spans, relations = reader.read(prediction.get("result") or [], f"{field}.result", score=score)
        version = prediction.get("model_version")
        sets.append({"kind": "prediction", "model_version": "" if version is None else str(version),
                     "score": score, "spans": spans, "relations": relations, "where": field})
    gold = next((s for s in sets if s["kind"] == "gold"), None)
    external_id = "" if task.get("id") is None else str(task["id"])
    if "external_id" in meta:  # our own export: the document's id and external id ride in the task's meta
        meta.pop("id", None)
        external_id = str(meta.pop("external_id") or "") or external_id
    record = new_record(text, external_id=external_id, meta=meta,
                        title=str(meta.pop("title", "") or ""),
                        spans=list(gold["spans"]) if gold else [], relations=list(gold["relations"]) if gold else [])
    record["annotation_sets"] = sets
    record["skipped"] = {"cancelled_annotations": cancelled, "relations_without_label": reader.unlabeled_relations}
    return record


def read_labelstudio(fileobj: BinaryIO, filename: str, options: dict) -> Iterator[ReadItem]:
    for line, task in iter_json_array(fileobj, filename):
        record = task_to_record(task, filename, line)
        for one in record["annotation_sets"]:
            validate_record(new_record(record["text"], spans=one["spans"], relations=one["relations"]),
                            file=filename, line=line)
        yield ReadItem(validate_record(record, file=filename, line=line), filename, line)


# --- writing -----------------------------------------------------------------------------

def _result(record: dict, spans, relations, convert) -> list[dict]:
    text = record["text"]
    items = []
    for span in spans:
        item = {"id": f"s{span['id']}", "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
                "origin": "manual",
                "value": {"start": convert[span["start"]] if convert else span["start"],
                          "end": convert[span["end"]] if convert else span["end"],
                          "text": text[span["start"]:span["end"]], "labels": [span["label"]]}}
        if span.get("score") is not None:
            item["score"] = span["score"]
        items.append(item)
    items += [{"from_id": f"s{rel['head']}", "to_id": f"s{rel['child']}", "type": "relation", "direction": "right",
               "labels": [rel["label"]]} for rel in relations]
    return items


class LabelStudioWriter:
    """One JSON array of tasks per split (`train.json`, ...), written as records arrive."""

    def __init__(self, project_info: dict, sink, options: dict | None = None):
        self.project_info, self.sink, self.options = project_info, sink, dict(options or {})
        self.counts = ExportCounts()
        self._unsplit = UNSPLIT
        self._streams: dict[str, BinaryIO] = {}

    def write(self, record: dict) -> None:
        split = record.get("split") or self._unsplit
        self.counts.add(split, record)
        first = split not in self._streams
        if first:
            self._streams[split] = self.sink.open(f"{split}.json")
        stream = self._streams[split]
        stream.write(b"[\n" if first else b",\n")
        stream.write(json.dumps(task_from_record(record, self.options), ensure_ascii=False).encode("utf-8"))

    def close(self) -> None:
        for stream in self._streams.values():
            stream.write(b"\n]\n")
            stream.close()
        self._streams.clear()
        with self.sink.open(CONFIG_NAME) as config:
            config.write(labeling_config(self.project_info).encode("utf-8"))


def task_from_record(record: dict, options: dict) -> dict:
    convert = utf16_offsets(record["text"]) if OFFSETS.value(options) == "utf16" else None
    data = {"text": record["text"]}
    if record.get("title"):
        data["title"] = record["title"]
    task = {"data": data, "meta": {**(record.get("meta") or {}), "id": record.get("id"),
                                   "external_id": record.get("external_id") or ""},
            "annotations": [], "predictions": []}
    spans, relations = record.get("spans") or [], record.get("relations") or []
    is_prediction = any(span.get("score") is not None for span in spans)
    if spans or relations:
        if is_prediction and not record.get("reviewer"):
            task["predictions"].append({"model_version": record.get("model_version") or "export",
                                        "result": _result(record, spans, relations, convert)})
        else:
            task["annotations"].append({"result": _result(record, spans, relations, convert),
                                        "ground_truth": bool(record.get("reviewer")), "was_cancelled": False})
    for prediction in record.get("predictions") or ():
        model, version = prediction.get("model") or "", prediction.get("model_version") or ""
        item = {"model_version": f"{model}@{version}" if model and version and version != model else model or version,
                "result": _result(record, prediction["spans"], prediction.get("relations") or (), convert)}
        if prediction.get("score") is not None:
            item["score"] = prediction["score"]
        task["predictions"].append(item)
    return task


def labeling_config(project_info: dict) -> str:
    """The Labeling Interface XML for the project's entity and relation types."""
    lines = ["<View>"]
    relation_types = project_info.get("relation_types") or []
    if relation_types:
        lines.append("  <Relations>")
        lines += [f"    <Relation value={quoteattr(r['name'])}/>" for r in relation_types]
        lines.append("  </Relations>")
    lines.append(f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">')
    for entity in project_info.get("entity_types") or []:
        colour = f" background={quoteattr(entity['color'])}" if entity.get("color") else ""
        lines.append(f"    <Label value={quoteattr(entity['name'])}{colour}/>")
    lines += ["  </Labels>", f'  <Text name="{TO_NAME}" value="$text"/>', "</View>", ""]
    return "\n".join(lines)


FORMAT = Format(
    name="labelstudio",
    title="Label Studio JSON (tasks with annotations and predictions; reads JSON-MIN too)",
    extensions=(".json",),
    carries=Carries(spans=True, relations=True, overlapping=True, exact_text=True),
    read_file=read_labelstudio,
    make_writer=LabelStudioWriter,
    tokens="none",
    options=(OFFSETS,),
    predictions=True,
)
