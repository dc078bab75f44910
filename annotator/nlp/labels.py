"""Model labels to project labels, through the project's label map (pure)."""
from collections import Counter
from collections.abc import Iterable, Mapping


class LabelMapper:
    """Maps a model label to a project entity type name, or None to drop it.

    `label_map` maps model label -> project label; a null or empty value drops that model label
    on purpose. A model label with no entry is kept when the project has an entity type of that
    exact name. A mapping to a name the project does not have drops the label too. Every drop is
    counted per model label in `dropped`.
    """

    def __init__(self, *, label_map: Mapping[str, str | None] | None, project_labels: Iterable[str]):
        self.label_map = dict(label_map or {})
        self.project_labels = frozenset(project_labels)
        self.dropped: Counter[str] = Counter()

    def target(self, model_label: str) -> str | None:
        """The project label for a model label, or None; counts nothing."""
        if model_label in self.label_map:
            mapped = self.label_map[model_label]
            return mapped if mapped and mapped in self.project_labels else None
        return model_label if model_label in self.project_labels else None

    def map(self, model_label: str) -> str | None:
        """The project label, or None after counting the drop."""
        mapped = self.target(model_label)
        if mapped is None:
            self.dropped[model_label] += 1
        return mapped


def body_labels_map(*, spans: list[dict], relations: list[dict], mapper: LabelMapper) -> tuple[list, list, Counter]:
    """A model's spans and relations with labels mapped as pre-labeling maps them: spans whose label
    has no project label are dropped (counted per model label in the Counter returned), and so are
    the relations that held them (counted under "(relation to a dropped span)")."""
    dropped: Counter[str] = Counter()
    kept, gone = [], set()
    for span in spans:
        label = mapper.target(span["label"]) if isinstance(span.get("label"), str) else None
        if label is None:
            dropped[str(span.get("label"))] += 1
            gone.add(span.get("id"))
            continue
        kept.append({**span, "label": label})
    kept_relations = [relation for relation in relations
                      if relation.get("head") not in gone and relation.get("child") not in gone]
    if len(kept_relations) < len(relations):
        dropped["(relation to a dropped span)"] += len(relations) - len(kept_relations)
    return kept, kept_relations, dropped
