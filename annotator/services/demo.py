"""The demo project: a label set, users and news articles, loaded idempotently."""
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from annotator.models import DocumentStatus, Job, JobKind, Project
from annotator.services.documents import documents_add
from annotator.services.prelabel import prelabel_start
from annotator.services.projects import entity_types_set, member_set, project_create, relation_types_set

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"


@transaction.atomic
def demo_load(*, folder: Path = DEMO_DIR) -> tuple[Project, int]:
    """Create (or top up) the demo project; returns it and how many documents were added."""
    spec = json.loads((folder / "project.json").read_text(encoding="utf-8"))
    users = spec.pop("users", [])
    entity_types = spec.pop("entity_types")
    relation_types = spec.pop("relation_types")
    User = get_user_model()
    for item in users:
        user, created = User.objects.get_or_create(username=item["username"])
        if created:
            user.set_password(item["password"])
        user.is_staff = user.is_superuser = bool(item.get("staff"))
        user.save()
    project = Project.objects.filter(name=spec["name"]).first()
    if project is None:
        project = project_create(entity_types=entity_types, relation_types=relation_types, **spec)
    else:
        entity_types_set(project=project, entity_types=entity_types)
        relation_types_set(project=project, relation_types=relation_types)
    for item in users:
        member_set(project=project, username=item["username"], role=item["role"])
    records = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    result = documents_add(project=project, records=records, source="articles.jsonl")
    return project, result.created


def demo_prelabel(*, project: Project) -> Job | None:
    """Start pre-labeling the demo's new documents the first time only, so a new annotator sees the
    model's suggestions: None when the project already had a pre-label job (whatever became of it)
    or nothing is new. The job runs on the workers like any other (`make run` starts one)."""
    if Job.objects.filter(project=project, kind=JobKind.PRELABEL).exists():
        return None
    new = list(project.documents.filter(status=DocumentStatus.NEW).order_by("pk").values_list("pk", flat=True))
    if not new:
        return None
    return prelabel_start(project=project, document_ids=new)
