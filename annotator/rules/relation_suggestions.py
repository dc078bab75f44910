"""Relations suggested between predicted spans by a project's simple, editable rules (pure).

A rule `{"label": "works_for", "head": "PERSON", "child": "ORG", "words": ["director of", "works for"]}`
suggests `works_for` from a PERSON span to an ORG span that follows it when the text between them is at
most `max_gap` characters, holds one of the words (case-insensitive), and crosses no line break or
sentence end, and with no other span of the head's type in between (in "A, director of X, met B of Y"
only A-X and B-Y). Rules are checked against the project's relation types (the label must exist and allow
those head and child types), so a suggestion is always a relation people could have drawn.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SENTENCE_END = re.compile(r"[.!?]\s|[\r\n]")


@dataclass(frozen=True)
class RelationRule:
    label: str
    head: str
    child: str
    words: tuple[str, ...]


class RuleError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def relation_rules_parse(raw, *, relation_types: Mapping[str, tuple[Sequence[str], Sequence[str]]]
                         ) -> list[RelationRule]:
    """Rules from their JSON form; RuleError naming `relation_rules[i].field` for anything wrong.
    `relation_types`: name -> (allowed head types, allowed child types), empty meaning any."""
    if not isinstance(raw, list):
        raise RuleError("relation_rules", "must be a list of rules")
    rules = []
    for index, item in enumerate(raw):
        where = f"relation_rules[{index}]"
        if not isinstance(item, dict):
            raise RuleError(where, "must be an object {label, head, child, words}")
        for key in ("label", "head", "child"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise RuleError(f"{where}.{key}", "must be a non-empty string")
        words = item.get("words")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise RuleError(f"{where}.words", "must be a non-empty list of non-empty strings")
        label, head, child = item["label"].strip(), item["head"].strip(), item["child"].strip()
        if label not in relation_types:
            raise RuleError(f"{where}.label", f"no relation type {label!r} in this project")
        heads, children = relation_types[label]
        if heads and head not in heads:
            raise RuleError(f"{where}.head", f"{label} does not allow {head} as its head")
        if children and child not in children:
            raise RuleError(f"{where}.child", f"{label} does not allow {child} as its child")
        rules.append(RelationRule(label, head, child, tuple(w.strip().lower() for w in words)))
    return rules


def suggest_relations(text: str, spans: Sequence[tuple[int, int, str]], rules: Sequence[RelationRule], *,
                      max_gap: int) -> list[tuple[int, int, str]]:
    """(head index, child index, label) for every rule that fires between two spans (indexes into
    `spans`, given as (start, end, label) in code points); each triple once, in span order."""
    found: dict[tuple[int, int, str], None] = {}
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1]))
    for rule in rules:
        for position, i in enumerate(order):
            _head_start, head_end, head_label = spans[i]
            if head_label != rule.head:
                continue
            for j in order[position + 1:]:
                child_start, _child_end, child_label = spans[j]
                gap = text[head_end:child_start]
                if child_start < head_end:
                    continue
                if len(gap) > max_gap or SENTENCE_END.search(gap):
                    break
                if child_label == rule.child and any(word in gap.lower() for word in rule.words):
                    found[(i, j, rule.label)] = None
                if child_label == rule.head:
                    break  # another span of the head's type comes first: what follows is its
    return list(found)
