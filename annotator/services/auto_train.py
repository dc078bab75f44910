"""Auto-train: after every `Project.auto_train_every` new gold documents, a train job (annotator/services/
training.py) trains a version, scores it and the project's default model on the frozen test split, and
promotes it only when its exact-match micro F1 there is higher (`auto_train_decision`); the outcome is
in the job's result["auto_train"] and the version's metrics["auto_train"].

`auto_train_after_gold` runs once a gold save has committed (`transaction.on_commit`). It claims the
threshold crossing with a conditional UPDATE of `auto_train_gold_mark` (the gold count when auto-train
last started), so two saves crossing the same threshold at once start one training. A training already
running gives the crossing back (the mark returns): the next gold document tries again.
"""
import logging

from django.db import transaction

from annotator.models import Document, DocumentStatus, Job, Project
from annotator.services.errors import Conflict, InvalidInput

log = logging.getLogger(__name__)

FIGURE = "exact-match micro F1 on the frozen test split"


def auto_train_after_gold(*, project_id: int) -> Job | None:
    """Start an auto-train job when the project's gold grew by `auto_train_every` since the last one."""
    from annotator.services.training import training_start

    project = Project.objects.filter(pk=project_id).only("pk", "auto_train_every", "auto_train_gold_mark").first()
    if project is None or not project.auto_train_every:
        return None
    gold = Document.objects.filter(project_id=project_id, status=DocumentStatus.GOLD).count()
    mark = project.auto_train_gold_mark
    if gold - mark < project.auto_train_every:
        return None
    if not Project.objects.filter(pk=project_id, auto_train_gold_mark=mark).update(auto_train_gold_mark=gold):
        return None  # another save claimed this crossing
    try:
        return training_start(project=Project.objects.get(pk=project_id), auto=True)
    except (Conflict, InvalidInput) as exc:
        Project.objects.filter(pk=project_id, auto_train_gold_mark=gold).update(auto_train_gold_mark=mark)
        log.info("auto-train of project %s not started: %s", project_id, exc)
        return None


def auto_train_on_commit(*, project_id: int) -> None:
    """Check auto-train once the current transaction commits (now, outside of one)."""
    transaction.on_commit(lambda: auto_train_after_gold(project_id=project_id))


def auto_train_decision(*, trained_f1: float, default_model: str, default_f1: float | None) -> dict:
    """Promote the new version only when it beats the default model on the figure (a default that
    could not be scored loses)."""
    promoted = default_f1 is None or trained_f1 > default_f1
    return {"figure": FIGURE, "trained_f1": trained_f1, "default_model": default_model, "default_f1": default_f1,
            "promoted": promoted}
