"""Adding documents to a project: validated whole, de-duplicated by content hash, tokenized."""
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction

from annotator.models import Document, DocumentStatus, Project
from annotator.services.bulk import db_now, rows_insert_returning_ids
from annotator.services.errors import InvalidInput, LimitExceeded

DOCUMENT_FIELDS = {"text", "title", "meta", "external_id"}
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


def _where(record: dict, index: int) -> dict:
    return {"line": record[LINE_KEY]} if LINE_KEY in record else {"index": index}


def _describe(where: dict) -> str:
    return f"line {where['line']}" if "line" in where else f"item {where['index']}"


def validate_document_records(records: Sequence[dict], *, source: str = "") -> None:
    """Raise InvalidInput listing every bad record (where, field, reason); return quietly if all are good."""
    errors = []
    max_chars = settings.MAX_DOCUMENT_CHARS
    for index, record in enumerate(records):
        where = _where(record, index) if isinstance(record, dict) else {"index": index}
        if source:
            where = {"file": source, **where}
        if not isinstance(record, dict):
            errors.append({**where, "field": "", "message": "expected an object with a 'text' field"})
            continue
        unknown = set(record) - DOCUMENT_FIELDS - {LINE_KEY}
        if unknown:
            errors.append({**where, "field": sorted(unknown)[0], "message": "unknown field"})
        text = record.get("text")
        if not isinstance(text, str):
            errors.append({**where, "field": "text", "message": "required, must be a string"})
        elif not text.strip():
            errors.append({**where, "field": "text", "message": "must not be empty"})
        elif len(text) > max_chars:
            errors.append({**where, "field": "text",
                           "message": f"{len(text)} characters is over the limit of {max_chars} (MAX_DOCUMENT_CHARS)"})
        for name, kind, label in (("title", str, "a string"), ("external_id", str, "a string"), ("meta", dict, "an object")):
            if record.get(name) is not None and not isinstance(record[name], kind):
                errors.append({**where, "field": name, "message": f"must be {label}"})
        if isinstance(record.get("title"), str) and len(record["title"]) > 500:
            errors.append({**where, "field": "title", "message": "longer than 500 characters"})
        if isinstance(record.get("external_id"), str) and len(record["external_id"]) > 200:
            errors.append({**where, "field": "external_id", "message": "longer than 200 characters"})
    if errors:
        first = errors[0]
        prefix = f"{first['file']} " if "file" in first else ""
        raise InvalidInput(
            f"{prefix}{_describe(first)}, field '{first['field']}': {first['message']}"
            + (f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""),
            errors=errors[:100],
        )


def documents_add(*, project: Project, records: Sequence[dict], source: str = "", max_records: int | None = None,
                  tokens: dict[str, str] | None = None) -> AddResult:
    """Store new documents; texts already in the project are counted as duplicates, not stored again.

    The whole batch is validated first: one bad record refuses the batch and stores nothing.
    Texts are tokenized before the write transaction (the slow part: two requests tokenize on
    two cores while the database takes one writer at a time), and stored with one statement
    per database batch, their tokens as the JSON text the tokenizer wrote. `tokens` (from
    `documents_tokenize`) are tokens a caller computed before opening its own transaction.
    """
    limit = max_records if max_records is not None else settings.MAX_DOCUMENTS_PER_FILE
    if len(records) > limit:
        raise LimitExceeded(f"{len(records)} documents is over the limit of {limit}")
    validate_document_records(records, source=source)
    hashes = [content_hash(r["text"]) for r in records]
    tokens = dict(tokens or {})
    todo = [record for record, digest in zip(records, hashes) if digest not in tokens]
    if todo:
        tokens.update(documents_tokenize(project=project, records=todo))
    try:
        return _store(project=project, records=records, hashes=hashes, tokens=tokens)
    except IntegrityError:
        # Another import stored one of these texts between our lookup and insert: look again.
        return _store(project=project, records=records, hashes=hashes, tokens=tokens)


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


def _store(*, project: Project, records: Sequence[dict], hashes: list[str], tokens: dict[str, str]) -> AddResult:
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
        if missing:  # deleted since the first lookup: not tokenized yet
            texts = {hashes[p]: records[p]["text"] for p in new_positions}
            tokens = {**tokens, **dict(zip(missing, _tokens([texts[h] for h in missing], model=project.spacy_model)))}
        now = db_now(Document)
        rows = [(project.pk, records[p]["text"], records[p].get("title") or "",
                 json.dumps(records[p].get("meta") or {}), records[p].get("external_id") or "", hashes[p],
                 tokens[hashes[p]], DocumentStatus.NEW.value, now, now) for p in new_positions]
        result.ids = rows_insert_returning_ids(model=Document, columns=_COLUMNS, rows=rows)
        result.created = len(result.ids)
        stored = {**existing, **{hashes[p]: pk for p, pk in zip(new_positions, result.ids)}}
        result.document_ids = [stored[h] for h in hashes]
    return result


def _existing_ids(*, project: Project, hashes: Iterable[str]) -> dict[str, int]:
    unique = list(set(hashes))
    found: dict[str, int] = {}
    # Chunked so the IN list stays under SQLite's variable limit.
    for start in range(0, len(unique), 900):
        rows = Document.objects.filter(project=project, content_hash__in=unique[start:start + 900])
        found.update(rows.values_list("content_hash", "id"))
    return found
