"""What `make mutate`'s pytest plugin does to the test database: each mutant's child works on its own
copy of the database mutmut's process migrated once, and mutmut's own runs use that one."""
import sqlite3

import pytest
from django.conf import settings

from mutation.pytest_plugin import database_copy_for_mutant


class Config:
    """The part of pytest's config the plugin uses: cleanups run when the session ends."""

    def __init__(self):
        self.cleanups = []

    def add_cleanup(self, cleanup):
        self.cleanups.append(cleanup)

    def end_session(self):
        for cleanup in self.cleanups:
            cleanup()


@pytest.fixture
def shared_database(tmp_path, monkeypatch):
    """A migrated test database (one table, one row) named by the settings, as after mutmut's stats run."""
    path = tmp_path / "test-db.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE annotator_span (id INTEGER PRIMARY KEY, label TEXT)")
        connection.execute("INSERT INTO annotator_span (label) VALUES ('PERSON')")
    connection.close()
    database = {**settings.DATABASES["default"], "ENGINE": "django.db.backends.sqlite3", "TEST": {"NAME": str(path)}}
    monkeypatch.setattr(settings, "DATABASES", {**settings.DATABASES, "default": database})
    return path


def test_a_mutants_child_works_on_its_own_copy_removed_when_its_session_ends(shared_database, monkeypatch):
    monkeypatch.setenv("MUTANT_UNDER_TEST", "annotator.services.annotation_store.x__json__mutmut_2")
    config = Config()
    database_copy_for_mutant(config=config)

    own = settings.DATABASES["default"]["TEST"]["NAME"]
    assert own != str(shared_database) and own.startswith(str(shared_database))
    with sqlite3.connect(own) as connection:  # the shared database's tables and rows, without migrating
        assert connection.execute("SELECT label FROM annotator_span").fetchall() == [("PERSON",)]
        connection.execute("DELETE FROM annotator_span")
    connection.close()
    with sqlite3.connect(shared_database) as connection:  # what the child did stays in its copy
        assert connection.execute("SELECT count(*) FROM annotator_span").fetchone() == (1,)
    connection.close()
    config.end_session()
    assert sorted(path.name for path in shared_database.parent.iterdir()) == ["test-db.sqlite3"]


@pytest.mark.parametrize("run", ["stats", "", "fail"])
def test_mutmuts_own_runs_use_the_shared_database(shared_database, monkeypatch, run):
    monkeypatch.setenv("MUTANT_UNDER_TEST", run)
    config = Config()
    database_copy_for_mutant(config=config)
    assert settings.DATABASES["default"]["TEST"]["NAME"] == str(shared_database) and config.cleanups == []
