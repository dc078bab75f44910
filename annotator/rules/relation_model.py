"""A relation suggester learned from a project's gold relations (pure: no Django, no spaCy).

Every ordered pair of spans of a document at most `max_gap` characters apart (the text between the
end of the first and the start of the second, whatever their order) is a candidate. A multinomial
naive Bayes over the pair's features chooses between "no relation" and each relation label:

- the head and child labels, as a pair, and the direction (head first or child first);
- each word between the two spans (lowercased, letters and digits), and each pair of neighbouring words;
- the number of words between them (bucketed) and of other spans between them (capped);
- whether a sentence end or a line break lies between them.

The relation types' allowed head and child types are hard constraints: a label that does not allow
the pair's types is never chosen (nor counted in the normalisation), and a pair no label allows is
not a candidate. A pair gets the most probable class; when that is a label, it is suggested with
its posterior probability as score in [0, 1] (normalised over the classes allowed for the pair).

Training counts features, so it streams: `RelationModelTrainer.add` one document at a time, then
`build`. A model is a plain dict (`as_dict`/`from_dict`) stored as JSON next to the trained ner.
Offsets are code points (Python str indices), as everywhere.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

NONE = "_none_"
FORMAT = 1
WORD = re.compile(r"[^\W_]+", re.UNICODE)
BREAK = re.compile(r"[.!?][\s\"'\u201d)]|[\r\n]")
MAX_WORDS = 12  # words between the spans used as features (nearest the spans first)
ALPHA = 1.0  # Laplace smoothing

# Relation type name -> (allowed head types, allowed child types); empty means any.
Constraints = Mapping[str, tuple[Sequence[str], Sequence[str]]]


def _allows(constraints: Constraints, label: str, head: str, child: str) -> bool:
    heads, children = constraints.get(label, ((), ()))
    return (not heads or head in heads) and (not children or child in children)


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-4" if n < 5 else "5-8" if n < 9 else "9+"


def pair_features(text: str, spans: Sequence[tuple[int, int, str]], head: int, child: int) -> list[str]:
    """The features of the candidate (head, child); `spans` are (start, end, label)."""
    h_start, h_end, h_label = spans[head]
    c_start, c_end, c_label = spans[child]
    forward = h_start <= c_start
    left_end, right_start = (h_end, c_start) if forward else (c_end, h_start)
    between = text[left_end:right_start] if right_start > left_end else ""
    words = [w.lower() for w in WORD.findall(between)]
    if len(words) > MAX_WORDS:
        half = MAX_WORDS // 2
        words = words[:half] + words[-half:]
    inside = sum(1 for i, (start, end, _label) in enumerate(spans)
                 if i not in (head, child) and start >= left_end and end <= right_start)
    features = [f"pair={h_label}>{c_label}", f"dir={'fwd' if forward else 'back'}",
                f"words={_bucket(len(words))}", f"spans={min(inside, 3)}",
                f"break={'yes' if BREAK.search(between) else 'no'}"]
    features += [f"w={word}" for word in words]
    features += [f"b={a}_{b}" for a, b in pairwise(words)]
    if not words:
        features.append("adjacent")
    return features


def candidate_pairs(text: str, spans: Sequence[tuple[int, int, str]], *, max_gap: int,
                    constraints: Constraints, labels: Sequence[str]) -> list[tuple[int, int]]:
    """Ordered pairs (head, child) of different, non-overlapping spans at most `max_gap` characters
    apart that at least one label allows."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1]))
    pairs = []
    for position, i in enumerate(order):
        for j in order[position + 1:]:
            if spans[j][0] - spans[i][1] > max_gap:
                break
            if spans[j][0] < spans[i][1]:
                continue  # overlapping spans
            for head, child in ((i, j), (j, i)):
                if any(_allows(constraints, label, spans[head][2], spans[child][2]) for label in labels):
                    pairs.append((head, child))
    return pairs


@dataclass
class RelationModel:
    """A trained suggester: class counts, feature counts per class, the constraints it keeps."""
    labels: list[str]
    constraints: dict[str, tuple[list[str], list[str]]]
    max_gap: int
    class_counts: dict[str, int]
    feature_counts: dict[str, dict[str, int]]
    relations: int = 0  # gold relations it was trained on
    documents: int = 0
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def as_dict(self) -> dict:
        return {"format": FORMAT, "labels": self.labels, "constraints": self.constraints, "max_gap": self.max_gap,
                "class_counts": self.class_counts, "feature_counts": self.feature_counts,
                "relations": self.relations, "documents": self.documents}

    @classmethod
    def from_dict(cls, data: Mapping) -> RelationModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"relation model format {data.get('format')!r} is not {FORMAT}")
        return cls(labels=list(data["labels"]),
                   constraints={k: (list(v[0]), list(v[1])) for k, v in data["constraints"].items()},
                   max_gap=int(data["max_gap"]), class_counts=dict(data["class_counts"]),
                   feature_counts={k: dict(v) for k, v in data["feature_counts"].items()},
                   relations=int(data.get("relations", 0)), documents=int(data.get("documents", 0)))

    def _tables(self):
        if not self._cache:
            vocabulary = {f for counts in self.feature_counts.values() for f in counts}
            total_classes = sum(self.class_counts.values())
            classes = [NONE, *self.labels]
            prior = {c: math.log((self.class_counts.get(c, 0) + ALPHA) / (total_classes + ALPHA * len(classes)))
                     for c in classes}
            denominator = {c: math.log(sum(self.feature_counts.get(c, {}).values()) + ALPHA * len(vocabulary))
                           for c in classes}
            self._cache.update(vocabulary=vocabulary, prior=prior, denominator=denominator)
        return self._cache

    def class_probabilities(self, features: Sequence[str], allowed: Sequence[str]) -> dict[str, float]:
        """Posterior of each class in `allowed` (NONE included by the caller) given the features."""
        tables = self._tables()
        known = [f for f in features if f in tables["vocabulary"]]
        scores = {}
        for label in allowed:
            counts = self.feature_counts.get(label, {})
            scores[label] = tables["prior"][label] + sum(
                math.log(counts.get(f, 0) + ALPHA) - tables["denominator"][label] for f in known)
        top = max(scores.values())
        exps = {label: math.exp(score - top) for label, score in scores.items()}
        total = sum(exps.values())
        return {label: value / total for label, value in exps.items()}

    def suggest(self, text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str, float]]:
        """(head index, child index, label, score) for each pair the model links, in span order."""
        found = []
        for head, child in candidate_pairs(text, spans, max_gap=self.max_gap, constraints=self.constraints,
                                           labels=self.labels):
            allowed = [NONE] + [label for label in self.labels
                                if _allows(self.constraints, label, spans[head][2], spans[child][2])]
            probabilities = self.class_probabilities(pair_features(text, spans, head, child), allowed)
            label = max(allowed, key=lambda c: (probabilities[c], c == NONE))
            if label != NONE:
                found.append((head, child, label, round(probabilities[label], 4)))
        return found


class RelationModelTrainer:
    """Counts the candidates of gold documents; `build` gives the model."""

    def __init__(self, *, constraints: Constraints, max_gap: int):
        self.constraints = {k: (list(v[0]), list(v[1])) for k, v in constraints.items()}
        self.labels = sorted(self.constraints)
        self.max_gap = max_gap
        self.class_counts: Counter = Counter()
        self.feature_counts: dict[str, Counter] = defaultdict(Counter)
        self.relations = 0
        self.documents = 0

    def add(self, text: str, spans: Sequence[tuple[int, int, str]], relations: Sequence[tuple[int, int, str]]) -> None:
        """One gold document: spans (start, end, label), relations (head index, child index, label)."""
        gold = {(head, child): label for head, child, label in relations if label in self.constraints}
        self.documents += 1
        self.relations += len(gold)
        for head, child in candidate_pairs(text, spans, max_gap=self.max_gap, constraints=self.constraints,
                                           labels=self.labels):
            label = gold.get((head, child), NONE)
            self.class_counts[label] += 1
            self.feature_counts[label].update(pair_features(text, spans, head, child))

    def build(self) -> RelationModel:
        return RelationModel(labels=self.labels, constraints=self.constraints, max_gap=self.max_gap,
                             class_counts=dict(self.class_counts),
                             feature_counts={label: dict(counts) for label, counts in self.feature_counts.items()},
                             relations=self.relations, documents=self.documents)
