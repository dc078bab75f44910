"""The relation suggester of a project's pre-labeling, as a function from a document's predicted spans to
suggested relations: the relation model a trained version learned from the project's gold relations
(annotator/services/relation_training.py; its suggestions carry a score), else the project's rules
(Project.relation_rules, checked against its relation types; no score)."""
from collections.abc import Callable

from django.conf import settings

from annotator.models import Project, RelationType
from annotator.rules.relation_suggestions import RuleError, relation_rules_parse, suggest_relations
from annotator.services.errors import InvalidInput
from annotator.services.relation_training import relation_constraints, relation_model_load

# text, spans [(start, end, entity type id, score)] -> [(head index, child index, relation type id, score or None)]
Suggester = Callable[[str, list[tuple]], list[tuple[int, int, int, float | None]]]


def project_relation_rules(*, project: Project, raw=None):
    """(the parsed rules, relation type name -> id); InvalidInput naming the rule's field when one is wrong."""
    try:
        rules = relation_rules_parse(project.relation_rules if raw is None else raw,
                                     relation_types=relation_constraints(project=project))
    except RuleError as exc:
        raise InvalidInput(str(exc), errors=[{"field": exc.field, "message": exc.message}]) from None
    return rules, dict(RelationType.objects.filter(project=project).values_list("name", "pk"))


def relation_suggester(*, project: Project, location: str | None = None) -> Suggester:
    """The suggester pre-labeling with the model at `location` (what `model_location` gives) uses."""
    from annotator.services.jobs import JobFailed

    names = dict(project.entity_types.values_list("pk", "name"))
    try:
        learned = relation_model_load(location) if location else None
    except (ValueError, KeyError, TypeError) as exc:
        raise JobFailed(f"the model's relation suggester cannot be read: {exc}") from None
    if learned is not None:
        relation_ids = dict(RelationType.objects.filter(project=project).values_list("name", "pk"))

        def learned_suggest(text: str, spans: list[tuple]) -> list[tuple[int, int, int, float | None]]:
            found = learned.suggest(text, [(start, end, names[label]) for start, end, label, _score in spans])
            return [(head, child, relation_ids[label], score) for head, child, label, score in found
                    if label in relation_ids]  # a type deleted since training suggests nothing

        return learned_suggest
    try:
        rules, relation_ids = project_relation_rules(project=project)
    except InvalidInput as exc:
        raise JobFailed(f"the project's relation rules are not valid: {exc.message}") from None
    if not rules:
        return lambda text, spans: []
    gap = settings.RELATION_RULE_MAX_GAP

    def suggest(text: str, spans: list[tuple]) -> list[tuple[int, int, int, float | None]]:
        found = suggest_relations(text, [(start, end, names[label]) for start, end, label, _score in spans], rules,
                                  max_gap=gap)
        return [(head, child, relation_ids[label], None) for head, child, label in found]

    return suggest
