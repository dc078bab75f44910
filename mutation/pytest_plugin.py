"""Loaded by mutmut's pytest runs only ([tool.mutmut] pytest_add_cli_args: -p mutation.pytest_plugin).

Hypothesis: mutmut runs pytest twice in one process (once to map tests to functions, once clean)
and then once per mutant in forked children, so Hypothesis sees a class-based test called from
several instances and fails its `differing_executors` health check, a check about replaying
examples that says nothing about the code. Mutation runs also want the same examples every time,
so a survivor is not a matter of luck: derandomized, without the example database.

The test database: the stats run (in mutmut's own process, with --reuse-db) creates and migrates
it once and keeps it, in a data folder of the whole mutation run (not `run-<pid>`, which the
suite removes when a session ends: the next session of the same process would find no folder). Each mutant's child gets its own copy of it (a SQLite file, copied with
SQLite's backup, a few milliseconds) instead of migrating a new one (seconds), and two children
running at once never create, use and delete the same file.
"""
import os
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile("mutation", derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.differing_executors, HealthCheck.too_slow])

# Imported by the first session of mutmut's process (-p), before Django reads its settings; the
# working directory is mutants/, which `make mutate` rebuilds, so the folder goes with it.
os.environ.setdefault("DATA_DIR", str(Path.cwd() / "var" / "test" / f"mutation-{os.getpid()}"))

# MUTANT_UNDER_TEST in mutmut's own process: its stats, clean and forced-fail runs.
_NOT_A_MUTANT = {"", "stats", "fail", "list_all_tests", "mutant_generation"}


def pytest_configure(config):
    settings.load_profile("mutation")
    database_copy_for_mutant(config=config)


def database_copy_for_mutant(*, config) -> None:
    """In a mutant's child: point the test database at a copy of the shared one, removed when the
    session ends. In mutmut's own process: nothing."""
    if os.environ.get("MUTANT_UNDER_TEST", "") in _NOT_A_MUTANT:
        return
    from django.conf import settings as django_settings

    database = django_settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        return
    test = database.setdefault("TEST", {})
    shared = test.get("NAME")
    if not shared:
        return
    own = Path(f"{shared}-{os.getpid()}")
    if Path(shared).is_file():  # else pytest-django creates this child's own
        with sqlite3.connect(shared) as source, sqlite3.connect(own) as target:
            source.backup(target)
        source.close()
        target.close()
    test["NAME"] = str(own)
    config.add_cleanup(lambda: [Path(f"{own}{suffix}").unlink(missing_ok=True) for suffix in ("", "-wal", "-shm")])
