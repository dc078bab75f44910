"""Filling the tokens of documents stored without them.

`POST projects/{id}/documents/` stores documents with their tokens pending (NULL): tokenizing is
most of the cost of adding a document, and the request should not wait on it. After the request's
transaction commits, a worker (annotator/tasks/documents.py) fills them here with the project's
tokenizer, the very function an import uses (annotator/nlp/tokens.py), so the tokens stored are
the ones an import would have stored. Until then every read that needs tokens computes them the
same way (annotator/selectors/document_tokens.py): nothing ever sees a document without tokens.
Filling is idempotent: a document whose tokens are already there is left alone.
"""
from collections.abc import Sequence

from django.db import connections, router, transaction

from annotator.models import Document
from annotator.services.jobs import task_send

FILL_TASK = "annotator.tasks.documents.document_tokens_fill_task"


def document_tokens_fill_later(*, document_ids: Sequence[int]) -> None:
    """Send the task that fills these documents' tokens once the current transaction commits."""
    ids = list(document_ids)
    if ids:
        transaction.on_commit(lambda: task_send(name=FILL_TASK, args=[ids]))


def document_tokens_fill(*, document_ids: Sequence[int]) -> int:
    """Store the tokens of those of `document_ids` still pending; returns how many were filled."""
    from annotator.nlp import tokenize_texts_json  # loads spaCy: workers only

    pending = list(Document.objects.filter(pk__in=list(document_ids), tokens__isnull=True).order_by()
                   .values_list("pk", "text", "content_hash", "project__spacy_model"))
    by_model: dict[str, list[tuple[int, str, str]]] = {}
    for pk, text, digest, model in pending:
        by_model.setdefault(model, []).append((pk, text, digest))
    connection = connections[router.db_for_write(Document)]
    quote = connection.ops.quote_name
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    # Only while still pending and still this text: a text changed meanwhile has its own tokens.
    statement = (f"UPDATE {quote(Document._meta.db_table)} SET {quote('tokens')} = %s{cast} "  # nosec B608
                 f"WHERE {quote('id')} = %s AND {quote('tokens')} IS NULL AND {quote('content_hash')} = %s")
    filled = 0
    for model, rows in by_model.items():
        tokens = tokenize_texts_json([text for _pk, text, _digest in rows], model=model)
        with transaction.atomic(), connection.cursor() as cursor:
            for json_text, (pk, _text, digest) in zip(tokens, rows):  # one short statement a row, all in one commit
                cursor.execute(statement, (json_text, pk, digest))
                filled += cursor.rowcount
    return filled


def document_tokens_fill_pending(*, project_id: int | None = None, batch: int = 1000, progress=None) -> int:
    """Fill every pending document's tokens (of one project, or all), `batch` at a time in id order,
    through the pending documents' own index; for documents whose fill message was lost (the
    `tokens_fill` command). `progress(filled)` after each batch. Returns how many were filled."""
    pending = Document.objects.filter(tokens__isnull=True).order_by("id")
    if project_id is not None:
        pending = pending.filter(project_id=project_id)
    filled, last_id = 0, 0
    while ids := list(pending.filter(id__gt=last_id).values_list("id", flat=True)[:batch]):
        filled += document_tokens_fill(document_ids=ids)
        last_id = ids[-1]
        if progress is not None:
            progress(filled)
    return filled
