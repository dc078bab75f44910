"""Triggers that keep each project's count of documents per status in ProjectFigure (key ["status", S]),
whoever writes the document rows (services, bulk inserts, the admin): the stats read the counts instead of
counting the project's documents. Used by migration 0012_figures."""
KEY = "'[\"status\",\"' || {row}.status || '\"]'"
TABLE = "annotator_projectfigure"


def _add(row: str) -> str:
    return (f"INSERT INTO {TABLE} (project_id, key, value) VALUES ({row}.project_id, {KEY.format(row=row)}, 1) "  # nosec B608
            f"ON CONFLICT (project_id, key) DO UPDATE SET value = {TABLE}.value + 1;")


def _take(row: str) -> str:  # never inserts: a project being deleted may have lost its rows already
    return f"UPDATE {TABLE} SET value = value - 1 WHERE project_id = {row}.project_id AND key = {KEY.format(row=row)};"  # nosec B608


CHANGED = "OLD.status <> NEW.status OR OLD.project_id <> NEW.project_id"
SQLITE = [
    f"CREATE TRIGGER document_status_count_insert AFTER INSERT ON annotator_document BEGIN {_add('NEW')} END",
    (f"CREATE TRIGGER document_status_count_update AFTER UPDATE OF status, project_id ON annotator_document "
    f"WHEN {CHANGED} BEGIN {_take('OLD')} {_add('NEW')} END"),
    f"CREATE TRIGGER document_status_count_delete AFTER DELETE ON annotator_document BEGIN {_take('OLD')} END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS document_status_count_insert", "DROP TRIGGER IF EXISTS document_status_count_update",
               "DROP TRIGGER IF EXISTS document_status_count_delete"]
POSTGRESQL = [
    ("CREATE FUNCTION annotator_document_status_count() RETURNS trigger AS $$ BEGIN "
    f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_take('OLD')} END IF; "
    f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add('NEW')} END IF; "
    "RETURN NULL; END $$ LANGUAGE plpgsql"),
    ("CREATE TRIGGER document_status_count AFTER INSERT OR DELETE ON annotator_document "
    "FOR EACH ROW EXECUTE FUNCTION annotator_document_status_count()"),
    ("CREATE TRIGGER document_status_count_update AFTER UPDATE OF status, project_id ON annotator_document "
    f"FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION annotator_document_status_count()"),
]
POSTGRESQL_DROP = ["DROP TRIGGER IF EXISTS document_status_count ON annotator_document",
                   "DROP TRIGGER IF EXISTS document_status_count_update ON annotator_document",
                   "DROP FUNCTION IF EXISTS annotator_document_status_count()"]
# The counts of the documents already there.
BACKFILL = (f"INSERT INTO {TABLE} (project_id, key, value) SELECT project_id, '[\"status\",\"' || status || '\"]', "  # nosec B608
            "COUNT(*) FROM annotator_document GROUP BY project_id, status")


def forwards(apps, schema_editor):
    statements = POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in [*statements, BACKFILL]:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in POSTGRESQL_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement)


def status_triggers_ensure(*, using: str = "default", **_signal) -> list[str]:
    """After `migrate` (post_migrate): on SQLite a migration that remakes annotator_document (copy,
    drop, rename) drops these triggers with the old table. Put back the missing ones and, since rows
    may have been written while they were gone, count the statuses again. Returns the names put back."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    names = {statement.split()[2]: statement for statement in SQLITE}
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {(kind, name) for kind, name in cursor.fetchall()}
        if ("table", TABLE) not in present:
            return []
        missing = [name for name in names if ("trigger", name) not in present]
        if missing:
            for name in missing:
                cursor.execute(names[name])
            cursor.execute(f"DELETE FROM {TABLE} WHERE key LIKE '[\"status\",%'")  # nosec B608
            cursor.execute(BACKFILL)
    return missing
