"""Warnings of an import: what is stored as given but is likely a mistake a person should look at.

Spans that cut a token in two ("icrosoft" in "Microsoft") are what shifted offsets look like
(a file counting UTF-16 units or bytes, a tool that counts line breaks differently) and what a
token-based format (CoNLL, spaCy training) cannot hold as is. They are stored, and reported in
the job's result: how many, and the first few with file, line, field, the span's text and the
token's. Tokens are the project tokenizer's, known when the documents are stored.
"""
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from annotator.formats.base import ReadItem
from annotator.formats.catalog import FORMATS
from annotator.formats.tokens import token_cuts
from annotator.models import Document
from annotator.nlp import tokens_at_edges
from annotator.selectors.document_tokens import pending_tokens_json

MAX_EXAMPLES = 10


@dataclass
class TokenCuts:
    count: int = 0
    examples: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"spans_cutting_tokens": self.count, "examples": self.examples}


def token_cuts_find(*, items: Sequence[ReadItem], document_ids: Sequence[int], created: Collection[int],
                    format_name: str, found: TokenCuts, model: str) -> None:
    """Add to `found` the spans of `items` that cut a token of their document. `document_ids` are the
    stored documents of the items (in order), `created` those of them this import stored (their tokens
    are pending: the texts with a span edge inside a word are tokenized here with `model`, the
    project's spaCy model, see nlp/tokens.py's tokens_at_edges); a text already in the project is
    checked against the tokens it holds (one query; tokens still pending are computed with `model`)."""
    wanted = [(item, document_id) for item, document_id in zip(items, document_ids) if item.record.get("spans")]
    if not wanted:
        return
    new = {document_id: item.record for item, document_id in wanted if document_id in created}
    known: dict = dict(zip(new, tokens_at_edges([(record["text"], _edges(record["spans"])) for record in new.values()],
                                                model=model)))
    missing = [document_id for _item, document_id in wanted if document_id not in known]
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
        elif document_id in new:  # flat, from tokens_at_edges
            document_tokens = list(zip(document_tokens[0::2], document_tokens[1::2]))
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


def _edges(spans: Sequence[dict]) -> list[int]:
    return [edge for span in spans for edge in (span["start"], span["end"])]
