"""The benchmark corpus: deterministic when generated, checked when read (timings never go into tests)."""
import json

import pytest

from bench.corpus import bench_spans, make_corpus, read_corpus


def test_generated_corpus_is_deterministic_and_news_sized():
    first = make_corpus(3, words=450, seed=7)
    assert first == make_corpus(3, words=450, seed=7) and first != make_corpus(3, words=450, seed=8)
    assert all(440 <= len(r["text"].split()) <= 500 for r in first)
    assert len({r["text"] for r in make_corpus(50, words=40)}) == 50


def test_read_corpus_takes_the_shared_layout_and_names_bad_lines(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({"text": "One.", "meta": {"title": "t"}}) + "\n\n" + json.dumps({"text": "Two."}) + "\n")
    assert read_corpus(path) == [{"text": "One.", "meta": {"title": "t"}}, {"text": "Two.", "meta": {}}]
    assert len(read_corpus(path, limit=1)) == 1
    path.write_text(json.dumps({"title": "no text"}) + "\n")
    with pytest.raises(ValueError, match="line 1"):
        read_corpus(path)


def test_bench_spans_are_fifteen_non_overlapping_with_a_relation():
    text = make_corpus(1)[0]["text"]
    body = bench_spans(text)
    spans = sorted((s["start"], s["end"]) for s in body["spans"])
    assert len(spans) == 15 and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert body["relations"] == [{"head": 0, "child": 1, "label": "related"}]
    assert bench_spans(text) == body
