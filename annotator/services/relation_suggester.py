"""The relation suggester of a project's pre-labeling: its rules (Project.relation_rules) checked against
its relation types, as a function from a document's predicted spans to suggested relations."""
from collections.abc import Callable

from django.conf import settings

from annotator.models import Project, RelationType
from annotator.rules.relation_suggestions import RuleError, relation_rules_parse, suggest_relations
from annotator.services.errors import InvalidInput


def project_relation_rules(*, project: Project, raw=None):
    """(the parsed rules, relation type name -> id); InvalidInput naming the rule's field when one is wrong."""
    types = RelationType.objects.filter(project=project).prefetch_related("head_types", "child_types")
    constraints = {t.name: ([h.name for h in t.head_types.all()], [c.name for c in t.child_types.all()]) for t in types}
    try:
        rules = relation_rules_parse(project.relation_rules if raw is None else raw, relation_types=constraints)
    except RuleError as exc:
        raise InvalidInput(str(exc), errors=[{"field": exc.field, "message": exc.message}]) from None
    return rules, {t.name: t.pk for t in types}


def relation_suggester(*, project: Project) -> Callable[[str, list[tuple]], list[tuple[int, int, int]]]:
    """text, spans [(start, end, entity type id, score)] -> [(head index, child index, relation type id)]."""
    from annotator.services.jobs import JobFailed

    try:
        rules, relation_ids = project_relation_rules(project=project)
    except InvalidInput as exc:
        raise JobFailed(f"the project's relation rules are not valid: {exc.message}") from None
    if not rules:
        return lambda text, spans: []
    names = dict(project.entity_types.values_list("pk", "name"))
    gap = settings.RELATION_RULE_MAX_GAP

    def suggest(text: str, spans: list[tuple]) -> list[tuple[int, int, int]]:
        found = suggest_relations(text, [(start, end, names[label]) for start, end, label, _score in spans], rules,
                                  max_gap=gap)
        return [(head, child, relation_ids[label]) for head, child, label in found]

    return suggest
