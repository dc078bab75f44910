"""Services send tasks by name: every name they use is a registered task, under its old name (messages
already queued carry it), and no service module imports the task modules."""
import ast
from pathlib import Path

import annotator.tasks as tasks
from annotator.celery import app
from annotator.models import JobKind
from annotator.services.jobs import CHUNK_TASKS, JOB_TASKS


def test_every_job_kind_has_a_registered_task_under_its_old_name():
    assert set(JOB_TASKS) == set(JobKind.values)
    assert JOB_TASKS == {
        "import": "annotator.tasks.imports.import_documents_task",
        "prelabel": "annotator.tasks.prelabel.prelabel_task",
        "export": "annotator.tasks.exports.export_build_task",
        "train": "annotator.tasks.training.train_task",
        "evaluate": "annotator.tasks.prelabel.prelabel_task",  # a pre-label job over the gold documents
    }
    assert CHUNK_TASKS == {"prelabel": "annotator.tasks.prelabel.prelabel_chunk_task",
                           "evaluate": "annotator.tasks.prelabel.prelabel_chunk_task"}
    for task in (tasks.import_documents_task, tasks.prelabel_task, tasks.export_build_task, tasks.train_task,
                 tasks.prelabel_chunk_task):
        assert task.name in {*JOB_TASKS.values(), *CHUNK_TASKS.values()}
        assert task.name in app.tasks
        assert task.acks_late and task.reject_on_worker_lost


def test_services_and_selectors_never_import_the_tasks():
    root = Path(__file__).resolve().parents[2] / "annotator"
    for path in [*root.joinpath("services").glob("*.py"), *root.joinpath("selectors").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any(name == "annotator.tasks" or name.startswith("annotator.tasks.") for name in names), path
