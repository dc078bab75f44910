"""Deterministic train/dev/test assignment.

A document's split depends only on (seed, document id), never on how many documents exist or
in which order they come, so adding documents to a project never moves an old test document
into a new train split (which would leak test data into training).
"""
from __future__ import annotations

import hashlib
import math

from annotator.formats.base import SPLITS

DEFAULT_RATIOS = {"train": 0.8, "dev": 0.1, "test": 0.1}
TOLERANCE = 1e-6


class SplitRatioError(ValueError):
    """Invalid ratios; `field` names the offending key so the API can answer {field: reason}."""

    def __init__(self, field: str, message: str):
        super().__init__(f"split.{field}: {message}")
        self.field = field
        self.message = message


def validate_ratios(ratios: dict | None) -> dict[str, float]:
    """Return ratios for every split (missing ones are 0), or raise SplitRatioError."""
    if ratios is None:
        return dict(DEFAULT_RATIOS)
    if not isinstance(ratios, dict):
        raise SplitRatioError("split", "must be an object like {\"train\": 0.8, \"dev\": 0.1, \"test\": 0.1}")
    for name in ratios:
        if name not in SPLITS:
            raise SplitRatioError(str(name), f"unknown split; use {', '.join(SPLITS)}")
    clean = {}
    for name in SPLITS:
        value = ratios.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise SplitRatioError(name, f"must be a number, got {value!r}")
        if value < 0:
            raise SplitRatioError(name, f"must not be negative, got {value}")
        clean[name] = float(value)
    total = sum(clean.values())
    if abs(total - 1.0) > TOLERANCE:
        raise SplitRatioError("split", f"ratios must add up to 1, they add up to {total:g}")
    return clean


def hash_fraction(doc_id: int, seed: int) -> float:
    """A number in [0, 1) from sha256 of "seed:doc_id": uniform and the same on every machine
    and Python version (unlike hash(), which is salted per process)."""
    digest = hashlib.sha256(f"{seed}:{doc_id}".encode("ascii")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_for(doc_id: int, seed: int = 0, ratios: dict | None = None) -> str:
    clean = validate_ratios(ratios)
    return split_for_valid(doc_id, seed, clean)


def split_for_valid(doc_id: int, seed: int, clean_ratios: dict[str, float]) -> str:
    """split_for without re-validating, for exports that assign thousands of documents."""
    fraction = hash_fraction(doc_id, seed)
    cumulative = 0.0
    last_used = None
    for name in SPLITS:
        share = clean_ratios.get(name, 0.0)
        if share <= 0:
            continue
        last_used = name
        cumulative += share
        if fraction < cumulative:
            return name
    # Ratios adding up to 0.9999999 leave a sliver at the top: it belongs to the last split.
    return last_used
