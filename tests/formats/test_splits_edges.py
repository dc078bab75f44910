"""Split assignment at its edges: the sliver left when ratios add up to just under 1, documents
hashing exactly onto a boundary, and the messages a manager reads for bad ratios."""
import pytest

from annotator.formats import splits
from annotator.formats.splits import DEFAULT_RATIOS, SplitRatioError, split_for, validate_ratios


@pytest.fixture
def hashing_to(monkeypatch):
    """hashing_to(fraction): every document hashes to `fraction` (the hash itself is tested elsewhere)."""
    return lambda fraction: monkeypatch.setattr(splits, "hash_fraction", lambda doc_id, seed: fraction)


def test_ratios_just_under_one_give_the_top_sliver_to_the_last_split_with_a_share(hashing_to):
    hashing_to(0.99999995)
    assert split_for(1, 0, {"train": 0.8, "dev": 0.1, "test": 0.0999999}) == "test"
    assert split_for(1, 0, {"train": 0.8999999, "dev": 0.1, "test": 0}) == "dev"
    assert split_for(1, 0, {"train": 0.9999999}) == "train"


def test_a_document_exactly_on_a_boundary_goes_to_the_next_split(hashing_to):
    hashing_to(0.0)
    assert split_for(1, 0, DEFAULT_RATIOS) == "train"
    hashing_to(0.5)
    assert split_for(1, 0, {"train": 0.5, "dev": 0.5}) == "dev"
    assert split_for(1, 0, {"train": 0.5, "test": 0.5}) == "test"


def test_a_document_just_below_a_boundary_stays_in_the_earlier_split(hashing_to):
    hashing_to(0.49999999)
    assert split_for(1, 0, {"train": 0.5, "dev": 0.5}) == "train"


def test_the_fraction_is_in_zero_one_and_changes_with_seed_and_id():
    values = {splits.hash_fraction(i, s) for i in range(200) for s in (0, 1)}
    assert len(values) == 400 and all(0 <= v < 1 for v in values)


def test_no_ratios_mean_the_defaults_and_missing_splits_are_zero():
    assert validate_ratios(None) == {"train": 0.8, "dev": 0.1, "test": 0.1}
    assert validate_ratios({"dev": 1}) == {"train": 0.0, "dev": 1.0, "test": 0.0}
    validate_ratios(None)["train"] = 0  # a copy: the defaults are not changed for the next export
    assert DEFAULT_RATIOS["train"] == 0.8


@pytest.mark.parametrize("ratios, text", [
    ({"train": 0.8, "dev": 0.3}, "split.split: ratios must add up to 1, they add up to 1.1"),
    ({"train": 0.5}, "split.split: ratios must add up to 1, they add up to 0.5"),
    ({"train": 0.999998, "dev": 0}, "split.split: ratios must add up to 1, they add up to 0.999998"),
    ({"train": 1.2, "dev": -0.2}, "split.dev: must not be negative, got -0.2"),
    ({"train": True}, "split.train: must be a number, got True"),
    ({"train": float("inf")}, "split.train: must be a number, got inf"),
    ({"train": None}, "split.train: must be a number, got None"),
    ({"validation": 1}, "split.validation: unknown split; use train, dev, test"),
    ("80/10/10", 'split.split: must be an object like {"train": 0.8, "dev": 0.1, "test": 0.1}'),
])
def test_bad_ratios_say_which_field_and_why(ratios, text):
    with pytest.raises(SplitRatioError) as caught:
        validate_ratios(ratios)
    assert str(caught.value) == text
    assert caught.value.message == text.split(": ", 1)[1]


def test_integers_are_ratios_too():
    assert validate_ratios({"train": 1}) == {"train": 1.0, "dev": 0.0, "test": 0.0}
    assert validate_ratios({"train": 0.9999995, "test": 0})["train"] == 0.9999995
