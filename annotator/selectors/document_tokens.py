"""The tokens of documents whose tokens are still pending (stored through the API and not yet
filled by a worker, see annotator/services/document_tokens.py): computed on read with the
project's tokenizer, the same function the worker stores them with, so a read gets exactly the
tokens the document will hold. Nothing is written here."""
from collections.abc import Mapping

from django.db.models import Func, IntegerField, QuerySet


class JsonArrayLength(Func):
    """The length of a JSON array column, counted by the database (NULL for NULL)."""
    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="jsonb_array_length", **extra)


def with_token_count(documents: QuerySet) -> QuerySet:
    """Documents without their tokens loaded, each with `token_count`: how many tokens it has, None
    while they are pending (a list of documents shows the number, not the tokens)."""
    return documents.defer("tokens").annotate(token_count=JsonArrayLength("tokens"))


def pending_tokens_json(*, texts: Mapping[int, str], model: str) -> dict[int, str]:
    """{document id: its tokens as JSON text} for documents `texts` ({id: text}) of a project whose
    spaCy model is `model`."""
    if not texts:
        return {}
    from annotator.nlp import tokenize_texts_json  # loads spaCy: only when a pending document is read

    return dict(zip(texts, tokenize_texts_json(list(texts.values()), model=model)))

