"""SQLite's full-text index of documents (migration 0013_document_search) kept wired to the table.

Triggers on annotator_document keep the FTS5 table current. On SQLite, Django applies many schema
changes by remaking a table (create a copy, copy the rows, drop the old one, rename), and dropping
the old table drops its triggers: after every `migrate`, search_triggers_ensure puts back any
trigger that is missing (the copied rows keep their ids, so the index's rows still match them).
"""
from django.db import connections

TABLE = "annotator_document_search"
_VALUES = "(new.id, new.title, new.text, new.external_id, 'p' || new.project_id)"
_INSERT = f"INSERT INTO {TABLE}(rowid, title, text, external_id, project) VALUES {_VALUES};"  # nosec B608
_DELETE = (f"INSERT INTO {TABLE}({TABLE}, rowid, title, text, external_id, project) "  # nosec B608
           "VALUES ('delete', old.id, old.title, old.text, old.external_id, 'p' || old.project_id);")
SQLITE_TRIGGERS = {
    f"{TABLE}_insert": f"AFTER INSERT ON annotator_document BEGIN {_INSERT} END",
    f"{TABLE}_delete": f"AFTER DELETE ON annotator_document BEGIN {_DELETE} END",
    f"{TABLE}_update": ("AFTER UPDATE OF title, text, external_id, project_id ON annotator_document "
                        f"BEGIN {_DELETE} {_INSERT} END"),
}


def search_triggers_ensure(*, using: str = "default", **_signal) -> list[str]:
    """Create the index's triggers that are missing (SQLite, once the index exists); their names."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {(kind, name) for kind, name in cursor.fetchall()}
        if ("table", TABLE) not in present:
            return []
        missing = [name for name in SQLITE_TRIGGERS if ("trigger", name) not in present]
        for name in missing:
            cursor.execute(f"CREATE TRIGGER {name} {SQLITE_TRIGGERS[name]}")
    return missing
