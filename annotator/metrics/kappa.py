"""Cohen's kappa between two annotators' token tags.

kappa = (p_o - p_e) / (1 - p_e), with p_o the share of tokens both tagged alike and p_e the
agreement expected by chance from each annotator's own tag frequencies:
p_e = sum over tags t of (n_a(t) / n) * (n_b(t) / n). Computed in integers,
kappa = (n * agreed - sum n_a(t) n_b(t)) / (n^2 - sum n_a(t) n_b(t)), so the only undefined
case is exact: both annotators used one and the same tag on every token (p_e = 1). They then
agree on everything, and we report 1.0 (scikit-learn would give NaN). No tokens at all gives 0.0.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class TagAgreement:
    """Accumulates two annotators' tags over many documents; kappa is computed once at the end."""
    tokens: int = 0
    agreed: int = 0
    tags_a: Counter = field(default_factory=Counter)
    tags_b: Counter = field(default_factory=Counter)

    def add(self, tags_a: Sequence[str], tags_b: Sequence[str]) -> None:
        if len(tags_a) != len(tags_b):
            raise ValueError(f"tag sequences differ in length: {len(tags_a)} and {len(tags_b)}")
        self.tokens += len(tags_a)
        self.agreed += sum(1 for a, b in zip(tags_a, tags_b) if a == b)
        self.tags_a.update(tags_a)
        self.tags_b.update(tags_b)

    @property
    def kappa(self) -> float:
        if not self.tokens:
            return 0.0
        chance = sum(count * self.tags_b[tag] for tag, count in self.tags_a.items())
        squared = self.tokens * self.tokens
        if chance == squared:
            return 1.0
        return (self.tokens * self.agreed - chance) / (squared - chance)


def cohen_kappa(tags_a: Sequence[str], tags_b: Sequence[str]) -> float:
    agreement = TagAgreement()
    agreement.add(tags_a, tags_b)
    return agreement.kappa
