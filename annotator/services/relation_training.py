"""A trained version's relation suggester: learned from the gold relations of its train split, scored on
its test split, stored with the version (`relations.json` in its pipeline folder).

Training (annotator/services/training.py) feeds every gold record to `RelationGold.add`; the model is
built only when the train split holds at least RELATION_MODEL_MIN_GOLD relations (fewer: the version
has no relation model and pre-labeling with it falls back to the project's rules). Its test scores
are relation P/R/F1 with the gold spans given (the suggester alone), as annotator.metrics counts them.
"""
import json
from pathlib import Path

from django.conf import settings

from annotator.metrics import LabelCounts, Relation, Span, relation_counts
from annotator.models import Project, RelationType
from annotator.rules.relation_model import RelationModel, RelationModelTrainer

RELATION_MODEL_FILE = "relations.json"


def relation_constraints(*, project: Project) -> dict[str, tuple[list[str], list[str]]]:
    """Relation type name -> (allowed head types, allowed child types), empty meaning any."""
    types = RelationType.objects.filter(project=project).prefetch_related("head_types", "child_types")
    return {t.name: ([h.name for h in t.head_types.all()], [c.name for c in t.child_types.all()]) for t in types}


def _record_items(record: dict) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(text, spans, relations by span index) of an export record."""
    spans = [(s["start"], s["end"], s["label"]) for s in record["spans"]]
    index = {s["id"]: i for i, s in enumerate(record["spans"])}
    relations = [(index[r["head"]], index[r["child"]], r["label"]) for r in record["relations"]
                 if r["head"] in index and r["child"] in index]
    return record["text"], spans, relations


class RelationGold:
    """The relation side of a training run: counts the train split, keeps the test split to score."""

    def __init__(self, *, project: Project):
        self.trainer = RelationModelTrainer(constraints=relation_constraints(project=project),
                                            max_gap=settings.RELATION_MODEL_MAX_GAP)
        self.test: list[tuple] = []

    def add(self, record: dict, split: str) -> None:
        if not self.trainer.labels:
            return
        items = _record_items(record)
        if split == "train":
            self.trainer.add(*items)
        elif split == "test":
            self.test.append(items)

    def finish(self, *, folder: Path) -> dict:
        """Build, score and store the model in `folder` when there is enough gold; its metrics entry."""
        minimum = settings.RELATION_MODEL_MIN_GOLD
        entry = {"train_relations": self.trainer.relations, "min_gold": minimum, "model": False}
        if self.trainer.relations < minimum:
            entry["reason"] = (f"{self.trainer.relations} gold relations in the train split, fewer than "
                               f"RELATION_MODEL_MIN_GOLD={minimum}: the project's rules suggest relations")
            return entry
        model = self.trainer.build()
        (folder / RELATION_MODEL_FILE).write_text(json.dumps(model.as_dict(), ensure_ascii=False), encoding="utf-8")
        return {**entry, "model": True, "test": relation_model_score(model, self.test)}


def relation_model_score(model: RelationModel, documents: list[tuple]) -> dict:
    """Relation P/R/F1 (micro and per label) of the model on gold documents, the gold spans given."""
    counts = LabelCounts()
    for text, spans, relations in documents:
        gold = [Relation(Span(*spans[h]), Span(*spans[c]), label) for h, c, label in relations]
        found = [Relation(Span(*spans[h]), Span(*spans[c]), label) for h, c, label, _score in model.suggest(text, spans)]
        counts.add(relation_counts(found, gold))
    return {**counts.as_dict(), "documents": len(documents)}


def relation_model_load(folder: str | Path) -> RelationModel | None:
    """The relation model stored in a pipeline's folder, or None (an installed pipeline, a version trained
    on too few gold relations)."""
    path = Path(folder) / RELATION_MODEL_FILE
    if not path.is_file():
        return None
    return RelationModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
