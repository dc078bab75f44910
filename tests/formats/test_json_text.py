"""json_text.py writes what json.dumps writes, byte for byte; the jsonl writer's lines built from it
are the lines json.dumps writes for the contract's dict (the export's bytes did not change)."""
import io
import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.json_text import json_list_text, json_text
from annotator.formats.jsonl import JsonlWriter, line_text
from annotator.formats.records import RawJson

TEXTS = st.text(alphabet=st.sampled_from(list("ab é東京😀\r\n\t\"\\\u2028\x00\x1f\u0301")) | st.characters(exclude_categories=("Cs",)), max_size=40)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXTS
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
                      max_leaves=12)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


@given(VALUES)
def test_json_text_is_json_dumps(value):
    assert json_text(value) == dumps(value)


@given(st.lists(VALUES, max_size=5))
def test_json_list_text_is_json_dumps(values):
    assert json_list_text(values) == dumps(values)
    assert json_list_text(tuple(values)) == dumps(values)


def test_special_floats_and_subclasses_as_json_dumps():
    class Label(str):
        pass

    for value in (float("nan"), float("inf"), -float("inf"), -0.0, 1e300, 0.1, True, False, Label("PER"), 2**70):
        assert json_text(value) == dumps(value)


@st.composite
def records(draw):
    text = draw(st.text(alphabet=st.sampled_from(list("Maria 東京😀\r\n\t\"é\u0301")), min_size=1, max_size=30))
    spans = []
    for index in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        span = {"id": 100 + index, "start": start, "end": end, "label": draw(st.sampled_from(["PER", "ORG", "É"]))}
        score = draw(st.none() | st.floats(0, 1) | st.just(1))
        if score is not None:
            span["score"] = score
        spans.append(span)
    relations = [{"head": a["id"], "child": b["id"], "label": "knows"} for a, b in itertools.pairwise(spans)]
    tokens = [[i, i + 1] for i in range(len(text))]
    return {
        "id": draw(st.integers(1, 10**9)), "external_id": draw(st.none() | TEXTS), "title": draw(st.none() | TEXTS),
        "text": text, "meta": draw(st.none() | st.dictionaries(TEXTS, SCALARS, max_size=3)),
        "split": draw(st.sampled_from([None, "train", "dev", "test"])), "spans": spans, "relations": relations,
        "tokens": draw(st.sampled_from([tokens, RawJson(dumps(tokens)), [], None])),
        "annotators": draw(st.lists(TEXTS, max_size=3)), "reviewer": draw(st.none() | TEXTS),
        "reviewed_at": draw(st.none() | st.just("2026-12-03T00:00:00+00:00")),
    }


def contract_line(record) -> str:
    """The line as the writer wrote it before json_text.py: json.dumps of the contract's dict."""
    text = record["text"]
    tokens = record.get("tokens") or []
    return dumps({
        "id": record.get("id"), "external_id": record.get("external_id") or "", "title": record.get("title") or "",
        "text": text, "meta": dumps(record.get("meta") or {}), "split": record.get("split"),
        "spans": [{"id": s["id"], "start": s["start"], "end": s["end"], "label": s["label"],
                   "text": text[s["start"]:s["end"]], "score": s.get("score")} for s in record["spans"]],
        "relations": [{"head": r["head"], "child": r["child"], "label": r["label"]} for r in record["relations"]],
        "tokens": json.loads(tokens) if isinstance(tokens, RawJson) else [[a, b] for a, b in tokens],
        "annotators": list(record.get("annotators") or ()), "reviewer": record.get("reviewer"),
        "reviewed_at": record.get("reviewed_at"),
    }) + "\n"


@settings(max_examples=300)
@given(records())
def test_a_jsonl_line_is_json_dumps_of_the_contract_dict(record):
    assert line_text(record) == contract_line(record)
    stream = io.BytesIO()
    JsonlWriter({"name": "x"}, None).write_record(stream, record, "train")
    assert stream.getvalue() == contract_line(record).encode("utf-8")
