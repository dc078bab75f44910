"""Counting matches and turning counts into precision, recall and F1.

Counts are summed over documents first and divided once at the end (micro averaging), so a
document with many entities weighs more than one with few, as in seqeval and conlleval.
Every division by zero gives 0.0: no predictions means precision 0, no reference items means
recall 0, as seqeval reports them (zero_division="warn" returns 0).
"""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

DECIMALS = 4


def rounded(value: float) -> float:
    return round(value, DECIMALS)


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass
class Counts:
    matched: int = 0  # true positives: items matched one-to-one between the two sides
    predicted: int = 0  # items on the side being scored (precision's denominator)
    reference: int = 0  # items on the reference side (recall's denominator, the "support")

    def add(self, other: Counts) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.reference += other.reference

    @property
    def precision(self) -> float:
        return ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.matched, self.reference)

    @property
    def f1(self) -> float:
        # 2PR/(P+R) equals 2*matched/(predicted+reference), which needs no guard for P+R=0 apart
        # from the empty case and is exact in integers.
        return ratio(2 * self.matched, self.predicted + self.reference)

    def as_dict(self, *, support: bool = False) -> dict:
        result = {"p": rounded(self.precision), "r": rounded(self.recall), "f1": rounded(self.f1)}
        if support:
            result["support"] = self.reference
        return result


@dataclass
class LabelCounts:
    """Counts per label; the micro average is the sum over labels."""
    by_label: dict[Hashable, Counts] = field(default_factory=dict)

    def label(self, name: Hashable) -> Counts:
        return self.by_label.setdefault(name, Counts())

    def add(self, other: LabelCounts) -> None:
        for name, counts in other.by_label.items():
            self.label(name).add(counts)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.by_label.values():
            total.add(counts)
        return total

    def as_dict(self) -> dict:
        """{"per_label": {label: {p, r, f1, support}}, "micro": {p, r, f1}}, labels sorted."""
        return {
            "per_label": {str(name): self.by_label[name].as_dict(support=True)
                          for name in sorted(self.by_label, key=str)},
            "micro": self.micro.as_dict(),
        }

