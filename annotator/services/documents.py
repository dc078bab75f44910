"""Adding documents to a project: validated whole (annotator/rules/documents.py), de-duplicated by
content hash, tokenized (through the API: tokenized by a worker after the commit)."""
import hashlib
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction

from annotator.models import Document, DocumentStatus, Project
from annotator.rules import DOCUMENT_FIELDS, document_check
from annotator.services.bulk import db_now, rows_insert_returning_ids
from annotator.services.document_tokens import document_tokens_fill_later
from annotator.services.errors import InvalidInput, LimitExceeded

# Where an error happened: records from a file carry their line number under this key.
LINE_KEY = "_line"


@dataclass
class AddResult:
    created: int = 0
    duplicates: int = 0
    ids: list[int] = field(default_factory=list)  # ids of the created documents, in input order
    # id of the stored document for every input record (new or duplicate), in input order
    document_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "duplicates": self.duplicates, "ids": self.ids}


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _where(record, index: int, *, lines: bool) -> dict:
    return {"line": record[LINE_KEY]} if lines and isinstance(record, dict) and LINE_KEY in record else {"index": index}


def _describe(where: dict) -> str:
    return f"line {where['line']}" if "line" in where else f"item {where['index']}"


def documents_check(*, records: Sequence, source: str = "",
                    fields: Collection[str] = DOCUMENT_FIELDS | {LINE_KEY}) -> None:
    """Raise InvalidInput listing every bad record (where, field, reason); return quietly if all are good.

    `fields`: the keys a record may have (a caller's records may carry their line under LINE_KEY)."""
    errors = []
    lines = LINE_KEY in fields
    for index, record in enumerate(records):
        where = _where(record, index, lines=lines)
        if source:
            where = {"file": source, **where}
        errors += [{**where, **error} for error in document_check(record, fields=fields)]
    if errors:
        first = errors[0]
        prefix = f"{first['file']} " if "file" in first else ""
        raise InvalidInput(
            f"{prefix}{_describe(first)}, field '{first['field']}': {first['message']}"
            + (f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""),
            errors=errors[:100],
        )


def documents_add_body(*, project: Project, body) -> AddResult:
    """Store the documents of a request body: one record or a list of at most MAX_DOCUMENTS_PER_REQUEST.

    Errors name the record by its `index` in the list (0 for a single object); a record may not
    carry LINE_KEY. The documents are stored with their tokens pending: a worker fills them after
    the commit (annotator/services/document_tokens.py), and reads compute them until then.
    """
    records = [body] if isinstance(body, dict) else body
    if not isinstance(records, list):
        raise InvalidInput("expected a document object or a list of them",
                           errors=[{"field": "", "message": "expected an object or a list"}])
    limit = settings.MAX_DOCUMENTS_PER_REQUEST
    if len(records) > limit:
        raise LimitExceeded(f"{len(records)} documents is over the limit of {limit} per request "
                            "(MAX_DOCUMENTS_PER_REQUEST); send them in smaller batches or import a file",
                            errors=[{"field": "", "message": f"at most {limit} documents per request"}])
    if not records:
        raise InvalidInput("the list is empty", errors=[{"field": "", "message": "expected at least one document"}])
    documents_check(records=records, fields=DOCUMENT_FIELDS)
    _tokenizer_check(model=project.spacy_model)
    return _add(project=project, records=records, defer_tokens=True)


def documents_add(*, project: Project, records: Sequence[dict], source: str = "", max_records: int | None = None,
                  tokens: dict[str, str] | None = None, defer_tokens: bool = False) -> AddResult:
    """Store new documents; texts already in the project are counted as duplicates, not stored again.

    The whole batch is validated first: one bad record refuses the batch and stores nothing.
    Texts are tokenized before the write transaction (the slow part: two requests tokenize on
    two cores while the database takes one writer at a time), and stored with one statement
    per database batch, their tokens as the JSON text the tokenizer wrote. `tokens` (from
    `documents_tokenize`) are tokens a caller computed before opening its own transaction.
    `defer_tokens`: store the new documents with their tokens pending, as documents_add_body does.
    """
    limit = max_records if max_records is not None else settings.MAX_DOCUMENTS_PER_FILE
    if len(records) > limit:
        raise LimitExceeded(f"{len(records)} documents is over the limit of {limit}")
    documents_check(records=records, source=source)
    if defer_tokens:
        _tokenizer_check(model=project.spacy_model)
    return _add(project=project, records=records, tokens=tokens, defer_tokens=defer_tokens)


def _add(*, project: Project, records: Sequence[dict], tokens: dict[str, str] | None = None,
         defer_tokens: bool = False) -> AddResult:
    """`defer_tokens`: store the new documents with their tokens pending (NULL) and have a worker
    fill them after the commit, instead of tokenizing here."""
    hashes = [content_hash(r["text"]) for r in records]
    tokens = dict(tokens or {})
    todo = [record for record, digest in zip(records, hashes) if digest not in tokens]
    if todo and not defer_tokens:
        tokens.update(documents_tokenize(project=project, records=todo))
    store = partial(_store, project=project, records=records, hashes=hashes, tokens=tokens, defer_tokens=defer_tokens)
    try:
        result = store()
    except IntegrityError:
        # Another import stored one of these texts between our lookup and insert: look again.
        result = store()
    if defer_tokens:
        document_tokens_fill_later(document_ids=result.ids)
    return result


def _tokenizer_check(*, model: str) -> None:
    """InvalidInput when the project's tokenizer cannot be loaded (as tokenizing would have said)."""
    from annotator.nlp import ModelNotAvailable, load_pipeline  # loads spaCy once per process

    try:
        load_pipeline(model, purpose="tokenize")
    except ModelNotAvailable as exc:
        raise InvalidInput(str(exc), errors=[{"field": "spacy_model", "message": str(exc)}]) from None


def documents_tokenize(*, project: Project, records: Sequence[dict]) -> dict[str, str]:
    """The tokens documents_add would store for the texts not in the project yet, by content hash:
    for callers that tokenize before opening a transaction around documents_add."""
    texts: dict[str, str] = {}
    for record in records:
        text = record.get("text") if isinstance(record, dict) else None
        if isinstance(text, str) and text.strip():
            texts.setdefault(content_hash(text), text)
    existing = _existing_ids(project=project, hashes=texts)
    new = {digest: text for digest, text in texts.items() if digest not in existing}
    return dict(zip(new, _tokens(list(new.values()), model=project.spacy_model)))


def _tokens(texts: list[str], *, model: str) -> list[str]:
    """The JSON text of each text's token offsets (annotator/nlp/tokens.py)."""
    if not texts:
        return []
    from annotator.nlp import ModelNotAvailable, tokenize_texts_json  # loads spaCy: only when a text comes

    try:
        return tokenize_texts_json(texts, model=model)
    except ModelNotAvailable as exc:
        raise InvalidInput(str(exc), errors=[{"field": "spacy_model", "message": str(exc)}]) from None


_COLUMNS = ("project", "text", "title", "meta", "external_id", "content_hash", "tokens", "status", "created_at",
            "updated_at")


def _store(*, project: Project, records: Sequence[dict], hashes: list[str], tokens: dict[str, str],
           defer_tokens: bool = False) -> AddResult:
    result = AddResult()
    with transaction.atomic():
        existing = _existing_ids(project=project, hashes=hashes)
        new_positions, seen = [], set()
        for position, digest in enumerate(hashes):
            if digest in existing or digest in seen:
                result.duplicates += 1
            else:
                seen.add(digest)
                new_positions.append(position)
        missing = [hashes[p] for p in new_positions if hashes[p] not in tokens]
        if missing and not defer_tokens:  # deleted since the first lookup: not tokenized yet
            texts = {hashes[p]: records[p]["text"] for p in new_positions}
            tokens = {**tokens, **dict(zip(missing, _tokens([texts[h] for h in missing], model=project.spacy_model)))}
        now = db_now(Document)
        rows = [(project.pk, records[p]["text"], records[p].get("title") or "",
                 json.dumps(records[p].get("meta") or {}), records[p].get("external_id") or "", hashes[p],
                 tokens.get(hashes[p]), DocumentStatus.NEW.value, now, now) for p in new_positions]
        result.ids = rows_insert_returning_ids(model=Document, columns=_COLUMNS, rows=rows)
        result.created = len(result.ids)
        stored = {**existing, **{hashes[p]: pk for p, pk in zip(new_positions, result.ids)}}
        result.document_ids = [stored[h] for h in hashes]
    return result


def _existing_ids(*, project: Project, hashes: Iterable[str]) -> dict[str, int]:
    unique = list(set(hashes))
    found: dict[str, int] = {}
    # Chunked so the IN list stays under SQLite's variable limit. Unordered: with the model's
    # ORDER BY id, SQLite walks every document of the project (by its project index) instead of
    # looking each hash up in the unique (project, content_hash) index, so imports slowed with N.
    for start in range(0, len(unique), 900):
        rows = Document.objects.filter(project=project, content_hash__in=unique[start:start + 900]).order_by()
        found.update(rows.values_list("content_hash", "id"))
    return found
