"""Pure validation rules for an annotation body: spans and relations checked whole, in one pass.

Nothing here touches the database: the caller passes plain values (the text length, the
project's label names and relation type rules) and gets back every problem found, each naming
the field (`spans[3].end`) and the reason. Services call `annotation_check` once per request.
"""
from annotator.rules.annotations import annotation_check
from annotator.rules.relations import RelationTypeRule, relations_check
from annotator.rules.spans import spans_check

__all__ = ["RelationTypeRule", "annotation_check", "relations_check", "spans_check"]
