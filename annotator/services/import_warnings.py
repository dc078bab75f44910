"""Warnings of an import: what is stored as given but is likely a mistake a person should look at.

Spans that cut a token in two ("icrosoft" in "Microsoft") are what shifted offsets look like
(a file counting UTF-16 units or bytes, a tool that counts line breaks differently) and what a
token-based format (CoNLL, spaCy training) cannot hold as is. They are stored, and reported in
the job's result: how many, and the first few with file, line, field, the span's text and the
token's. Tokens are the project tokenizer's, known when the documents are stored.
"""
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.formats.base import ReadItem
from annotator.formats.catalog import FORMATS
from annotator.formats.tokens import token_cuts
from annotator.models import Document
from annotator.selectors.document_tokens import pending_tokens_json
from annotator.services.documents import content_hash

MAX_EXAMPLES = 10


@dataclass
class TokenCuts:
    count: int = 0
    examples: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"spans_cutting_tokens": self.count, "examples": self.examples}


def token_cuts_find(*, items: Sequence[ReadItem], document_ids: Sequence[int], tokens: dict[str, str],
                    format_name: str, found: TokenCuts, model: str) -> None:
    """Add to `found` the spans of `items` that cut a token of their document. `document_ids` are the
    stored documents of the items (in order); `tokens` the token JSON of the new texts by content hash
    (documents_tokenize); texts already in the project are looked up (one query; tokens still pending
    are computed with `model`, the project's spaCy model)."""
    wanted = [(item, document_id) for item, document_id in zip(items, document_ids) if item.record.get("spans")]
    if not wanted:
        return
    known = {document_id: tokens.get(content_hash(item.record["text"])) for item, document_id in wanted}
    missing = [document_id for document_id, value in known.items() if value is None]
    if missing:
        known.update(Document.objects.filter(pk__in=missing).values_list("pk", "tokens"))
        pending = [document_id for document_id in missing if known[document_id] is None]  # a worker fills them
        if pending:
            texts = dict(Document.objects.filter(pk__in=pending).values_list("pk", "text"))
            known.update(pending_tokens_json(texts=texts, model=model))
    field_name = FORMATS[format_name].field_name
    for item, document_id in wanted:
        document_tokens = known[document_id]
        if isinstance(document_tokens, str):
            document_tokens = json.loads(document_tokens)
        text, spans = item.record["text"], item.record["spans"]
        for index, (start, end) in token_cuts(document_tokens or [], spans):
            found.count += 1
            if len(found.examples) < MAX_EXAMPLES:
                span = spans[index]
                covered, token = text[span["start"]:span["end"]], text[start:end]
                found.examples.append({
                    "file": item.file, "line": item.line, "field": field_name(f"spans[{index}]"),
                    "span": covered, "token": token,
                    "message": f"span {covered!r} ({span['label']}) cuts the token {token!r} in two"})
