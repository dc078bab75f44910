"""Searching a project's documents by the words of their title, text or external id.

A query is split on white space; a document matches when it holds every part, each as the
beginning of a word (a run of letters and digits; case and diacritics ignored): `nair` finds
"Nairobi", `o'neill` finds "O'Neill", `bench-7-12` finds "bench-7-12". Each part is looked up in a
full-text index (migration 0013_document_search): SQLite FTS5 (where the project is a word of the
index, so a project's matches are found and counted there alone) or a PostgreSQL GIN index on the
`simple` text-search vector stored beside each document (there accents count: `zoe` does not find "Zoë", and only a part that
is one word is a prefix). A query the word index cannot answer as a person means it is matched as a
case-insensitive substring by reading the texts (slow in a large project): text in a script
written without spaces between words (Chinese, Japanese, Thai...), and parts without a letter or
digit (punctuation, emoji).
"""
import re
import unicodedata
from collections.abc import Callable, Collection

from django.conf import settings
from django.db import connections, transaction
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from annotator.models import Document
from annotator.selectors.document_counts import documents_count

TABLE = "annotator_document_search"
_PART = re.compile(r"[^\W_]")
_WORD = re.compile(r"[^\W_]+")
# Scripts written without spaces between words: a word index holds whole runs of them as one word.
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN", "YI ")


def _unspaced(text: str) -> bool:
    for char in text:
        if ord(char) >= 0x0E00 and any(name in unicodedata.name(char, "") for name in _UNSPACED):
            return True
    return False


def search_parts(q: str) -> list[str] | None:
    """The parts of `q` the word index looks up, or None when it must be matched as a substring."""
    parts = q.split()
    if not parts or _unspaced(q) or not all(_PART.search(part) for part in parts):
        return None
    return parts


def documents_search(queryset: QuerySet[Document], *, q: str, project_id: int | None = None) -> QuerySet[Document]:
    """Documents of `queryset` matching `q` (see the module docstring); `project_id`, when all of
    them are of that project, lets SQLite find them in the index alone."""
    q = q.strip()
    if not q:
        return queryset
    parts = search_parts(q)
    vendor = connections[queryset.db].vendor
    if parts is None or vendor not in ("sqlite", "postgresql"):
        return queryset.filter(Q(title__icontains=q) | Q(text__icontains=q) | Q(external_id__icontains=q))
    if vendor == "postgresql":
        queries = [_tsquery(part) for part in parts]
        return queryset.alias(search_hit=RawSQL(  # nosec B611
            "annotator_document.search_vector @@ ("
            + " && ".join(sql for sql, _param in queries) + ")", [param for _sql, param in queries],
            output_field=BooleanField())).filter(search_hit=True)
    match = fts_query(parts, project_id=project_id)
    if project_id is None:  # the index's rowids (a parameter query; a constant name: bandit B608 accepted)
        return queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match]))  # nosec
    # The index finds exactly the project's matches: joined to it and read in its rowid order (the
    # documents' ids), SQLite walks the index and stops at the end of the page instead of collecting
    # every match first (13 ms instead of 85 ms for a word in 76,000 of 100,000 documents).
    return documents_in_order(queryset.extra(tables=[TABLE], where=[f"{TABLE}.rowid = annotator_document.id",  # nosec B610
                                                                     f"{TABLE} MATCH %s"], params=[match]))


def documents_in_order(queryset: QuerySet[Document], *, descending: bool = False) -> QuerySet[Document]:
    """`queryset` by id (or -id): by the search index's rowids, the same numbers, when it is joined
    to the index (see documents_search), so SQLite reads the index in that order."""
    if TABLE in queryset.query.extra_tables:
        rowid = RawSQL(f"{TABLE}.rowid", [])  # nosec B611 (a constant)
        return queryset.order_by(rowid.desc() if descending else rowid.asc())
    return queryset.order_by("-id" if descending else "id")


def documents_search_paged(queryset: QuerySet[Document], *, project_id: int, q: str,
                           statuses: Collection[str] = ()) -> tuple[QuerySet[Document], Callable[[], int]]:
    """A search's documents (`queryset`, in id order) as a page reads them, and their count (only when
    search_counted_in_index). On PostgreSQL the matches are counted first: under 1% of the project's
    documents, they are read from the GIN index's bitmap and sorted. The planner, which cannot tell
    a rare prefix from a common one, otherwise walks the primary key checking every document until a
    page is full: 4.9 s for a word of one document in 1,000,000 (a common word fills the page at once
    and keeps that walk). `id + 0` is the same order, given by no index."""
    if not isinstance(queryset, QuerySet) or connections[queryset.db].vendor != "postgresql":  # a ranked list: as is
        return queryset, lambda: documents_search_count(project_id=project_id, q=q, statuses=statuses)
    matches = documents_search_count(project_id=project_id, q=q, statuses=statuses)
    if matches * 100 < documents_count(project_id=project_id):
        by_id = RawSQL("annotator_document.id + 0", [])  # nosec B611 (a constant)
        queryset = queryset.order_by(by_id.desc() if queryset.query.order_by[:1] == ("-id",) else by_id.asc())
    return queryset, lambda: matches


def search_counted_in_index(*, q: str) -> bool:
    """Whether documents_search_count can count the matches of `q` (a word query)."""
    vendor = connections[Document.objects.db].vendor
    return vendor in ("sqlite", "postgresql") and search_parts(q.strip()) is not None


def documents_search_count(*, project_id: int, q: str, statuses: Collection[str] = ()) -> int:
    """How many documents of the project (in one of `statuses`, if any) match `q` (only when
    search_counted_in_index). SQLite: without statuses in the index alone; with them, the index's
    matches looked up in the (project, status, id) index. (Counting the join documents_search pages
    with, SQLite reads every document of those statuses and asks the index about each: minutes.)"""
    if connections[Document.objects.db].vendor == "postgresql":
        return _postgresql_search_count(project_id=project_id, parts=search_parts(q.strip()), statuses=statuses)
    # The index holds one row per document (triggers): when the project holds every document (its
    # counters say as many as all projects'), its word adds nothing but the work of intersecting its
    # whole list with the matches (median 214 -> 126 ms for a word in 759,000 of 1,000,000 documents).
    alone = not statuses and documents_count(project_id=project_id) == documents_count(project_id=None)
    match = fts_query(search_parts(q.strip()), project_id=None if alone else project_id)
    # Constant names; values are parameters (bandit B608 accepted).
    sql, params = f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH %s", [match]  # nosec B608
    if statuses:
        sql = (f"SELECT count(*) FROM annotator_document WHERE project_id = %s AND status IN "  # nosec B608
               f"({', '.join(['%s'] * len(statuses))}) AND id IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)")
        params = [project_id, *statuses, match]
    with connections[Document.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _postgresql_search_count(*, project_id: int, parts: list[str], statuses: Collection[str]) -> int:
    """The documents_search condition counted through bitmaps of the indexes: the GIN index's, ANDed
    with the (project, status) index's when statuses are given, so no row's stored vector is read.
    The planner, estimating a word in most documents, reads every row and its vector instead (3.5 s
    at 100,000 documents against 0.6-1.0 s, EXPLAIN ANALYZE at load 12), and with a status walks
    that status's rows reading each one's vector (0.36-0.72 s for 10,000 gold against 0.14 s): plain
    and index scans are turned off for this one statement (set_config(..., true) would last until the
    transaction ends: the settings are put back right after)."""
    queries = [_tsquery(part) for part in parts]
    # Constant names; values are parameters (bandit B608 accepted).
    sql = ("SELECT count(*) FROM annotator_document WHERE project_id = %s"  # nosec B608
           + (f" AND status IN ({', '.join(['%s'] * len(statuses))})" if statuses else "")
           + " AND search_vector @@ (" + " && ".join(sql for sql, _param in queries) + ")")
    connection = connections[Document.objects.db]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                       "current_setting('work_mem')")
        previous = cursor.fetchone()
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), "
                       "set_config('work_mem', %s, true)", [settings.SEARCH_COUNT_WORK_MEM])
        cursor.execute(sql, [project_id, *statuses, *(param for _sql, param in queries)])
        count = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true), "
                       "set_config('work_mem', %s, true)", list(previous))
    return count


def _phrase(part: str) -> str:
    return '"' + part.replace('"', '""') + '"'


# The one word of the index's `project` column: `p<id>`.
_PROJECT_WORD = re.compile(r"[pP][0-9]*")


def _may_be_a_project_word(part: str) -> bool:
    """Whether `part`, as the prefix query fts_query makes of it, could match a project's word: a
    part of one word that begins one (`p`, `P12`), or not ASCII (the tokenizer folds diacritics:
    kept to be safe). A phrase of several words never matches the one-word column."""
    words = _WORD.findall(part)
    return len(words) == 1 and (not words[0].isascii() or _PROJECT_WORD.fullmatch(words[0]) is not None)


def fts_query(parts: list[str], *, project_id: int | None = None) -> str:
    """An FTS5 query: every part a phrase of its words, the last one a prefix, in the title, text
    or external id; and, with `project_id`, the project's word. The column filter is written only
    when a part could match a project's word: FTS5 reads every match's positions to apply it (for
    a word in 759,000 of 1,000,000 documents, a count 46 -> 31 ms and the first page 27 -> 15 ms)."""
    words = " AND ".join(_phrase(part) + "*" for part in parts)
    query = (f"{{title text external_id}} : ({words})" if any(map(_may_be_a_project_word, parts))
             else f"({words})")
    return f"project : p{int(project_id)} AND {query}" if project_id is not None else query


def _tsquery(part: str) -> tuple[str, str]:
    """SQL and parameter of a PostgreSQL tsquery of one part: a word as a prefix; a part of several
    words (`bench-7-12`, `o'neill`) as those words one after the other, as the `simple` parser
    splits them."""
    if _WORD.fullmatch(part):
        return "to_tsquery('simple', %s)", "'" + part.lower() + "':*"
    return "phraseto_tsquery('simple', %s)", part
