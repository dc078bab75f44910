"""Deterministic, stable splits and ratio validation."""
import hashlib

import pytest

from annotator.formats.splits import DEFAULT_RATIOS, SplitRatioError, split_for, validate_ratios


def test_same_seed_same_split_and_documented_hash():
    assert [split_for(i, 7) for i in range(50)] == [split_for(i, 7) for i in range(50)]
    fraction = int.from_bytes(hashlib.sha256(b"7:12").digest()[:8], "big") / 2**64
    expected = "train" if fraction < 0.8 else "dev" if fraction < 0.9 else "test"
    assert split_for(12, 7) == expected


def test_adding_documents_never_moves_old_ones():
    before = {i: split_for(i, 3, DEFAULT_RATIOS) for i in range(1, 500)}
    after = {i: split_for(i, 3, DEFAULT_RATIOS) for i in range(1, 1000)}
    assert all(after[i] == split for i, split in before.items())


def test_ratios_are_roughly_respected_and_seed_matters():
    splits = [split_for(i, 0) for i in range(5000)]
    assert 0.77 < splits.count("train") / 5000 < 0.83
    assert 0.08 < splits.count("dev") / 5000 < 0.12
    assert splits != [split_for(i, 1) for i in range(5000)]


def test_zero_ratio_is_never_chosen():
    ratios = {"train": 0.7, "dev": 0.0, "test": 0.3}
    assert {split_for(i, 0, ratios) for i in range(2000)} == {"train", "test"}
    assert {split_for(i, 0, {"train": 1}) for i in range(100)} == {"train"}


@pytest.mark.parametrize("ratios, field, message", [
    ({"train": 0.8, "dev": 0.3}, "split", "add up to 1.1"),
    ({"train": 1.2, "dev": -0.2}, "dev", "must not be negative"),
    ({"train": "0.8", "dev": 0.2}, "train", "must be a number"),
    ({"train": 0.8, "valid": 0.2}, "valid", "unknown split"),
    ({"train": float("nan"), "dev": 1}, "train", "must be a number"),
    ([0.8, 0.1, 0.1], "split", "must be an object"),
])
def test_bad_ratios_name_the_field(ratios, field, message):
    with pytest.raises(SplitRatioError) as caught:
        validate_ratios(ratios)
    assert caught.value.field == field
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_rounding_within_tolerance_is_accepted():
    assert validate_ratios({"train": 0.7, "dev": 0.2, "test": 0.1 + 5e-7})["test"] == 0.1 + 5e-7
