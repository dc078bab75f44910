"""The encoder's quick "all of it can be stored" never says so of a value the full walk finds a
problem in: value_unstorable answers the same with it as without it, on any JSON-like value."""
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.rules import storable
from annotator.rules.storable import MAX_JSON_DEPTH, value_unstorable

BAD_TEXT = st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "\\u0000", "😀", "北京", "e\u0301"])
TEXT = st.one_of(st.text(max_size=8), BAD_TEXT, st.text(alphabet=st.sampled_from("ab[{\x00\ud800"), max_size=5))
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), TEXT)
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(TEXT, st.integers()), inner, max_size=4)), max_leaves=30)


def walked(value):
    """What the walk alone says (the quick check switched off)."""
    quick, storable._storable_at_once = storable._storable_at_once, lambda data: False
    try:
        return value_unstorable(value)
    finally:
        storable._storable_at_once = quick


def asked_first(value):
    """What value_unstorable says when the encoder is asked before any walk (a body past WALK_FIRST
    items; small values here, so the quick check is what answers whenever it can)."""
    budget, storable.WALK_FIRST = storable.WALK_FIRST, 0
    try:
        return value_unstorable(value)
    finally:
        storable.WALK_FIRST = budget


@settings(max_examples=400, deadline=None)
@given(VALUE)
def test_the_quick_check_answers_as_the_walk(value):
    assert value_unstorable(value) == walked(value) == asked_first(value)


def test_deep_nesting_and_brackets_inside_text_go_to_the_walk():
    deep = "x"
    for _ in range(MAX_JSON_DEPTH + 1):
        deep = [deep]
    assert value_unstorable(deep) == walked(deep) == asked_first(deep)
    assert value_unstorable(deep)[1] == "nested more than 100 levels deep"
    shallow = {"note": "[" * 200, "spans": [{"start": 0, "end": 4, "label": "ORG"}] * 15}
    assert value_unstorable(shallow) is None and asked_first(shallow) is None


@settings(max_examples=200, deadline=None)
@given(records=st.integers(min_value=0, max_value=150), levels=st.integers(min_value=MAX_JSON_DEPTH - 3,
                                                                          max_value=MAX_JSON_DEPTH + 2),
       where=st.integers(min_value=0, max_value=149), inner=VALUE)
def test_many_brackets_answer_as_the_walk_at_every_depth_near_the_limit(records, levels, where, inner):
    """A body with a hundred brackets or more (a list of records) is told by its containers' depth."""
    chain = inner
    for _ in range(levels):
        chain = {"a": [chain]} if levels % 2 else [chain]
    body = [{"text": f"doc {i}", "meta": {"n": i, "tags": ["x", {"y": i}]}} for i in range(records)]
    body.insert(min(where, len(body)), {"text": "deep", "meta": chain})
    assert value_unstorable(body) == walked(body) == asked_first(body)


def test_a_thousand_documents_are_walked_and_ten_thousand_spans_told_by_the_encoder(monkeypatch):
    """Each the quicker way: long texts looked at in C by the walk, many small items by the encoder
    (and their containers' depth), so neither body is gone through twice."""
    documents = [{"text": f"Document {i} from Nairobi. " * 40, "meta": {"source": "wire", "tags": ["a", "b"]}}
                 for i in range(1000)]
    spans = [{"id": i, "start": i, "end": i + 1, "label": "ORG", "score": 0.5} for i in range(10_000)]

    def refused(*_args):
        raise AssertionError("not the quicker way")

    with monkeypatch.context() as patched:
        patched.setattr(storable, "_storable_at_once", refused)
        assert value_unstorable(documents) is None
    with monkeypatch.context() as patched:
        patched.setattr(storable, "_scalar_problem", refused)
        patched.setattr(storable, "text_unstorable", refused)
        assert value_unstorable(spans) is None
    spans[9_999]["label"] = "O\x00RG"
    assert value_unstorable(spans) == ("[9999].label", "contains a NUL character (\\u0000) at index 1, which cannot be stored")
