"""Relation rules: known types, both ends present in the body, allowed entity types at each end,
no self-relations, no duplicates (a symmetric type counts (a, b) and (b, a) as one)."""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RelationTypeRule:
    """Which entity types a relation type may join; an empty set allows any."""

    head_types: frozenset[str] = frozenset()
    child_types: frozenset[str] = frozenset()
    symmetric: bool = False

    def allows(self, head_label: str, child_label: str) -> bool:
        if self._fits(head_label, child_label):
            return True
        return self.symmetric and self._fits(child_label, head_label)

    def _fits(self, head_label: str, child_label: str) -> bool:
        return ((not self.head_types or head_label in self.head_types)
                and (not self.child_types or child_label in self.child_types))


def relations_check(*, relations: Sequence[Mapping], spans: Sequence[Mapping],
                    relation_types: Mapping[str, RelationTypeRule]) -> list[dict]:
    """Every problem with `relations` as [{"field", "message"}]; `head`/`child` are span ids of the body."""
    errors: list[dict] = []
    label_of = {}
    for span in spans:
        if span.get("id") is not None:
            label_of.setdefault(span["id"], span.get("label"))
    seen: dict = {}
    for index, relation in enumerate(relations):
        where = f"relations[{index}]"
        head, child, label = relation.get("head"), relation.get("child"), relation.get("label")
        rule = relation_types.get(label) if isinstance(label, str) else None
        if rule is None:
            known = ", ".join(sorted(relation_types)) or "none"
            errors.append({"field": f"{where}.label",
                           "message": f"unknown relation type {label!r} (project relation types: {known})"})
        ends_found = True
        for name, ref in (("head", head), ("child", child)):
            if ref not in label_of:
                errors.append({"field": f"{where}.{name}", "message": f"no span with id {ref!r} in this body"})
                ends_found = False
        if not ends_found:
            continue
        if head == child:
            errors.append({"field": f"{where}.child", "message": "a relation cannot join a span to itself"})
            continue
        if rule is None:
            continue
        if not rule.allows(label_of[head], label_of[child]):
            errors.append({"field": where, "message": _not_allowed(label, rule, label_of[head], label_of[child])})
            continue
        key = (frozenset((head, child)) if rule.symmetric else (head, child), label)
        if key in seen:
            errors.append({"field": where, "message": f"duplicate of relations[{seen[key]}]"})
        else:
            seen[key] = index
    return errors


def _not_allowed(label: str, rule: RelationTypeRule, head_label, child_label) -> str:
    heads = ", ".join(sorted(rule.head_types)) or "any"
    children = ", ".join(sorted(rule.child_types)) or "any"
    return (f"relation type {label!r} cannot go from {head_label} to {child_label} "
            f"(allowed: head {heads}; child {children})")
