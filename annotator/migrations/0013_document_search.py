"""Full-text search of documents (annotator/selectors/document_search.py), an index per database:

- SQLite: an FTS5 table `annotator_document_search` (contentless: the words only, no second copy
  of the text; unicode61 tokenizer, case and diacritics folded) holding each document's title, text
  and external id, and its project as a word (`p<id>`) so a project's matches are found, and
  counted, in the index alone. Triggers keep it current on every insert, delete and change of
  those columns, whoever writes the row (services, bulk inserts, the admin); after every migrate,
  annotator/services/search_index.py puts back any a later migration's table remake dropped.
- PostgreSQL: a stored generated column `search_vector` (the `simple` text-search vector of title,
  text and external id; not a model field: Django never writes it) with a GIN index. Stored, so
  checking a candidate row (a filter on status, the recheck of a bitmap scan) reads the vector
  instead of parsing the text again (2.2 s for ?status=gold&q=Nairobi at 20,000 documents).
"""
from django.db import migrations

from annotator.services.search_index import SQLITE_TRIGGERS

SQLITE = [
    "CREATE VIRTUAL TABLE annotator_document_search USING fts5("
    "title, text, external_id, project, content='', tokenize='unicode61 remove_diacritics 2')",
    *(f"CREATE TRIGGER {name} {body}" for name, body in SQLITE_TRIGGERS.items()),
    "INSERT INTO annotator_document_search(rowid, title, text, external_id, project) "
    "SELECT id, title, text, external_id, 'p' || project_id FROM annotator_document",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS annotator_document_search_insert",
    "DROP TRIGGER IF EXISTS annotator_document_search_delete",
    "DROP TRIGGER IF EXISTS annotator_document_search_update",
    "DROP TABLE IF EXISTS annotator_document_search",
]
POSTGRESQL = [
    "ALTER TABLE annotator_document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, title || ' ' || text || ' ' || external_id)) STORED",
    "CREATE INDEX annotator_document_search ON annotator_document USING GIN (search_vector)",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS annotator_document_search",
                      "ALTER TABLE annotator_document DROP COLUMN IF EXISTS search_vector"]


def _run(statements: dict):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('annotator', '0012_figures'),
    ]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
                             _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})),
    ]
