"""Pure validation rules: annotation bodies (spans and relations checked whole, in one pass), review
decisions, and document records.

Nothing here touches the database: the caller passes plain values (the text, the project's
label names and relation type rules, a record) and gets back every problem found, each naming
the field (`spans[3].end`, `title`) and the reason. Limits are the settings at call time.
Services call these once per request (or per imported record). Who may do what by project
role is annotator/rules/roles.py.
"""
from annotator.rules.annotations import annotation_check, annotation_size_check, annotation_span_limit
from annotator.rules.decisions import DECISION_FIELDS, DECISION_VALUES, decisions_check, decisions_stored
from annotator.rules.documents import DOCUMENT_FIELDS, document_check
from annotator.rules.relations import RelationTypeRule, relations_check
from annotator.rules.spans import spans_check

__all__ = ["DECISION_FIELDS", "DECISION_VALUES", "DOCUMENT_FIELDS", "RelationTypeRule", "annotation_check",
           "annotation_size_check", "annotation_span_limit", "decisions_check", "decisions_stored", "document_check",
           "relations_check", "spans_check"]
