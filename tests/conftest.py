"""Shared fixtures: named users (alice annotator, bob reviewer, carol manager, mallory outsider),
a small project, and a real Celery worker process for tests that need one."""
import os
import time
from pathlib import Path

import pytest
from django.conf import settings

from annotator.processes import Process, worker_command

pytest_plugins = ["tests.object_store"]  # s3_server, object_store: a real S3-compatible server and a bucket


@pytest.fixture
def make_user(django_user_model):
    def make(username: str, **extra):
        return django_user_model.objects.create_user(username=username, password=f"{username}-pw", **extra)
    return make


@pytest.fixture
def project(db):
    from annotator.services.projects import project_create

    return project_create(
        name="News",
        entity_types=[{"name": "PERSON", "hotkey": "p"}, {"name": "ORG", "hotkey": "o"}, {"name": "GPE", "hotkey": "g"}],
        relation_types=[{"name": "works_for", "head_types": ["PERSON"], "child_types": ["ORG"]},
                        {"name": "located_in", "head_types": ["ORG", "GPE"], "child_types": ["GPE"]}],
    )


@pytest.fixture
def users(project, make_user):
    """alice annotator, bob reviewer, carol manager of `project`; mallory belongs to no project."""
    from annotator.models import Membership

    people = {"alice": "annotator", "bob": "reviewer", "carol": "manager", "mallory": None}
    made = {}
    for name, role in people.items():
        made[name] = make_user(name)
        if role:
            Membership.objects.create(user=made[name], project=project, role=role)
    return made


def _worker_env() -> dict:
    """Environment for a worker process that sees the test database and the test broker."""
    env = {k: v for k, v in os.environ.items()}
    env["DJANGO_SETTINGS_MODULE"] = "annotator.settings_test"
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        env["SQLITE_PATH"] = str(db["NAME"])
    else:
        env["DATABASE_URL"] = (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                               f"{db['PORT'] or 5432}/{db['NAME']}")
    return env


class WorkerProcess(Process):
    """A real `celery worker` process (annotator/processes.py) seeing the test database and broker;
    start/kill/stop/restart it from a test."""

    def __init__(self, concurrency: int = 1):
        super().__init__(worker_command(concurrency=concurrency, name=f"test-{id(self)}"), name="worker",
                         env=_worker_env(), log_path=Path(settings.DATA_DIR) / f"worker-{os.getpid()}-{id(self)}.log")

    def start(self) -> "WorkerProcess":
        """Returns once the worker takes tasks."""
        super().start()
        self.wait_log(timeout=60)
        return self


def purge_broker() -> None:
    from annotator.celery import app

    app.control.purge()


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker running for the duration of one test (transactional: it sees committed data)."""
    purge_broker()
    process = WorkerProcess().start()
    yield process
    process.stop()


@pytest.fixture
def eager():
    """Celery tasks run inline when sent (a job's task runs its chunk tasks in this process)."""
    from annotator.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


def wait_for(predicate, timeout: float = 60, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


@pytest.fixture(scope="session", autouse=True)
def _remove_test_data_dir():
    """Remove this run's data folder (see annotator/settings_test.py) when the run ends."""
    yield
    import shutil

    # From the environment, not settings: pure tests may run without Django configured.
    folder = Path(os.environ.get("DATA_DIR", ""))
    if folder.parent.name == "test" and folder.name.startswith("run-"):
        shutil.rmtree(folder, ignore_errors=True)


def pytest_unconfigure(config):
    """Under pytest-xdist the controlling process runs no test, so no fixture removes the data
    folder its settings made (annotator/settings_test.py; the xdist processes have their own)."""
    if getattr(config, "workerinput", None) is None:
        import shutil

        folder = Path(os.environ.get("DATA_DIR", ""))
        if folder.parent.name == "test" and folder.name.startswith("run-"):
            shutil.rmtree(folder, ignore_errors=True)
