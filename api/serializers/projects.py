"""Projects with their label sets, and members."""
from rest_framework import serializers

from annotator.markdown import markdown_html
from annotator.models import EntityType, Membership, Project, QueueOrder, RelationType, Role
from api.serializers.base import StrictBooleanField, StrictCharField, StrictIntegerField, StrictSerializer


class EntityTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntityType
        fields = ["id", "name", "color", "hotkey", "description"]


class RelationTypeSerializer(serializers.ModelSerializer):
    head_types = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True,
                                              help_text="Entity type names allowed at the head; empty means any.")
    child_types = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True,
                                               help_text="Entity type names allowed at the child; empty means any.")

    class Meta:
        model = RelationType
        fields = ["id", "name", "color", "hotkey", "head_types", "child_types", "symmetric"]


class ProjectSerializer(serializers.ModelSerializer):
    entity_types = EntityTypeSerializer(many=True, read_only=True)
    relation_types = RelationTypeSerializer(many=True, read_only=True)
    guidelines_html = serializers.SerializerMethodField(help_text=(
        "`guidelines` (Markdown) rendered to HTML and cleaned with an allow-list: no scripts, event handlers, "
        "styles or javascript: links."))

    class Meta:
        model = Project
        fields = ["id", "name", "description", "guidelines", "spacy_model", "label_map", "allow_overlap",
                  "annotators_per_document", "prelabel_on_import", "export_role", "entity_types", "relation_types",
                  "queue_unassigned", "queue_order", "relation_rules", "auto_train_every", "guidelines_html"]
        # The bounds a project accepts (ProjectInputSerializer), not the database column's, which
        # differ between SQLite and PostgreSQL and would make the schema depend on the database.
        extra_kwargs = {"annotators_per_document": {"min_value": 1, "max_value": 100},
                        "auto_train_every": {"min_value": 0, "max_value": 1_000_000}}

    def get_guidelines_html(self, project: Project) -> str:
        return markdown_html(project.guidelines)


class EntityTypeInputSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    name = StrictCharField(max_length=100)
    color = StrictCharField(max_length=20, required=False)
    hotkey = StrictCharField(max_length=1, required=False, allow_blank=True)
    description = StrictCharField(required=False, allow_blank=True)


class RelationTypeInputSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    name = StrictCharField(max_length=100)
    color = StrictCharField(max_length=20, required=False)
    hotkey = StrictCharField(max_length=1, required=False, allow_blank=True)
    head_types = serializers.ListField(child=StrictCharField(max_length=100), required=False,
                                       help_text="Entity type names; empty means any.")
    child_types = serializers.ListField(child=StrictCharField(max_length=100), required=False,
                                        help_text="Entity type names; empty means any.")
    symmetric = StrictBooleanField(required=False)


class ProjectInputSerializer(StrictSerializer):
    """A new project (POST) or changes to one (PATCH: entity and relation types are added or updated by name)."""

    id = serializers.IntegerField(read_only=True)
    name = StrictCharField(max_length=200)
    description = StrictCharField(required=False, allow_blank=True)
    guidelines = StrictCharField(required=False, allow_blank=True)
    guidelines_html = serializers.CharField(read_only=True)  # a project object posted back: ignored
    spacy_model = StrictCharField(max_length=500, required=False)
    label_map = serializers.DictField(child=StrictCharField(max_length=100), required=False)
    allow_overlap = StrictBooleanField(required=False)
    annotators_per_document = StrictIntegerField(min_value=1, max_value=100, required=False)
    prelabel_on_import = StrictBooleanField(required=False)
    export_role = serializers.ChoiceField(choices=Role.choices, required=False,
                                          help_text="The least role that may create and download exports.")
    queue_unassigned = StrictBooleanField(
        required=False, help_text="Offer annotators documents assigned to nobody once their assigned ones are done.")
    relation_rules = serializers.JSONField(required=False, help_text=(
        'Relations pre-labeling suggests between predicted spans: [{"label": "works_for", "head": "PERSON", '
        '"child": "ORG", "words": ["director of"]}], the head before the child, at most RELATION_RULE_MAX_GAP '
        "characters apart in one sentence, one of the words between them."))
    queue_order = serializers.ChoiceField(choices=QueueOrder.choices, required=False,
                                          help_text="The annotators' queue after their drafts: in order, most "
                                                    "uncertain first, or where model versions disagree most first.")
    auto_train_every = StrictIntegerField(
        min_value=0, max_value=1_000_000, required=False,
        help_text="Auto-train after every this many new gold documents (0: off): train, score on the frozen test "
                  "split, promote only when the F1 is higher than the default model's.")
    entity_types = EntityTypeInputSerializer(many=True, required=False)
    relation_types = RelationTypeInputSerializer(many=True, required=False)

    def validate_entity_types(self, value):
        _unique(value, "name")
        _unique([t for t in value if t.get("hotkey")], "hotkey")
        return value

    def validate_relation_types(self, value):
        _unique(value, "name")
        return value


def _unique(items: list[dict], key: str) -> None:
    """Each item's `key` given once. A PATCH makes the items' fields optional (DRF's partial reaches
    nested serializers), so a missing one is refused here, not left to fail later."""
    seen = set()
    for index, item in enumerate(items):
        if key not in item:
            raise serializers.ValidationError(f"item {index}: {key} is required")
        if item[key] in seen:
            raise serializers.ValidationError(f"{key} {item[key]!r} is used twice")
        seen.add(item[key])


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")

    class Meta:
        model = Membership
        fields = ["username", "role"]


class MemberInputSerializer(StrictSerializer):
    username = StrictCharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)


class MemberRoleSerializer(StrictSerializer):
    role = serializers.ChoiceField(choices=Role.choices)


class StatsDocumentsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField(),
                                      help_text="Document count per status; every status is present.")


class StatsJobsSerializer(serializers.Serializer):
    running = serializers.IntegerField()
    queued = serializers.IntegerField()


class ScoresSerializer(serializers.Serializer):
    p = serializers.FloatField(help_text="Precision, 0..1.")
    r = serializers.FloatField(help_text="Recall, 0..1.")
    f1 = serializers.FloatField()


class LabelScoresSerializer(ScoresSerializer):
    support = serializers.IntegerField(help_text="Items of this label on the reference side.")


class SpanScoresSerializer(serializers.Serializer):
    per_label = serializers.DictField(child=LabelScoresSerializer())
    micro = ScoresSerializer()


class ModelQualitySerializer(serializers.Serializer):
    exact = SpanScoresSerializer(help_text="Spans matching gold in start, end and label.")
    relaxed = SpanScoresSerializer(help_text="Spans overlapping a gold span of the same label (one-to-one).")
    relations = ScoresSerializer(help_text="Relations whose two spans and label match gold.")
    documents = serializers.IntegerField(help_text="Documents with both this model's prediction and gold.")


class AgreementPairSerializer(serializers.Serializer):
    a = serializers.CharField()
    b = serializers.CharField()
    documents = serializers.IntegerField(help_text="Documents both submitted.")
    span_f1 = serializers.FloatField(help_text="Exact span F1 of a against b.")
    per_label = serializers.DictField(child=LabelScoresSerializer(), help_text="a scored against b per label.")
    relation_f1 = serializers.FloatField()
    kappa = serializers.FloatField(help_text="Cohen's kappa on token-level IOB2 tags.")


class AgreementGoldSerializer(serializers.Serializer):
    annotator = serializers.CharField()
    documents = serializers.IntegerField(help_text="Documents the annotator submitted that have gold.")
    span_f1 = serializers.FloatField()
    relation_f1 = serializers.FloatField()
    kappa = serializers.FloatField()


class AgreementSerializer(serializers.Serializer):
    pairs = AgreementPairSerializer(many=True, help_text="Each annotator against each other (submitted work only).")
    vs_gold = AgreementGoldSerializer(many=True, help_text="Each annotator against gold.")


class RecentWorkSerializer(serializers.Serializer):
    submitted = serializers.IntegerField()
    per_day = serializers.FloatField()


class AnnotatorFiguresSerializer(serializers.Serializer):
    username = serializers.CharField()
    submitted = serializers.IntegerField()
    drafts = serializers.IntegerField()
    time_spent = serializers.FloatField(help_text="Seconds, drafts and submitted work.")
    mean_seconds_per_document = serializers.FloatField(help_text="Over submitted documents.")
    last_7_days = RecentWorkSerializer()
    last_30_days = RecentWorkSerializer()


class DocumentTimeSerializer(serializers.Serializer):
    document = serializers.IntegerField()
    time_spent = serializers.FloatField(help_text="Seconds, everyone's drafts and submitted work.")
    annotators = serializers.DictField(child=serializers.FloatField(), help_text="Seconds per username.")


class DecisionRatesSerializer(serializers.Serializer):
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    accept_rate = serializers.FloatField(help_text="accepted / (accepted + rejected); 0 when nothing was decided.")


class VersionChangeSerializer(serializers.Serializer):
    # "from" is a Python keyword: declared below.
    f1 = serializers.FloatField(help_text="Micro F1 (exact) minus the previous version's, on the same documents.")


VersionChangeSerializer._declared_fields["from"] = serializers.CharField(help_text="The previous version's key.")


class ComparedVersionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="\"model@version\", as in prelabel_quality.")
    model = serializers.CharField(help_text="The model's stable name (a package, or project4_v3 for a version "
                                            "trained here).")
    model_version = serializers.CharField()
    exact = SpanScoresSerializer(help_text="On the shared gold documents, spans matching in start, end and label.")
    relaxed = SpanScoresSerializer()
    relations = ScoresSerializer()
    decisions = DecisionRatesSerializer(help_text="Review decisions taken on this version's suggestions.")
    gold_documents = serializers.IntegerField(help_text="Gold documents this version predicted (shared or not).")
    change = VersionChangeSerializer(allow_null=True, help_text="From the version before; null for the first.")


class ModelComparisonSerializer(serializers.Serializer):
    documents = serializers.IntegerField(help_text="Gold documents every compared version predicted.")
    document_ids = serializers.ListField(child=serializers.IntegerField())
    labels = serializers.ListField(child=serializers.CharField(), help_text="Labels seen on either side.")
    versions = ComparedVersionSerializer(many=True, help_text="The project's pipeline first, then trained "
                                                              "versions by number. POST projects/{id}/evaluate/ "
                                                              "adds a version's prediction on every gold document.")


class StatsSerializer(serializers.Serializer):
    """Project figures: progress by status, pre-label quality against gold, agreement, per-annotator figures."""

    documents = StatsDocumentsSerializer(help_text="Documents by status (the same figures as `progress`).")
    annotations = serializers.DictField(child=serializers.IntegerField(), help_text="Annotation count per kind.")
    jobs = StatsJobsSerializer()
    progress = StatsDocumentsSerializer(help_text="Documents by status.")
    prelabel_quality = serializers.DictField(
        child=ModelQualitySerializer(),
        help_text="Per \"model@version\": its predictions scored against gold, on documents that have both.")
    model_comparison = ModelComparisonSerializer(
        help_text="Every model version scored on the same gold documents, side by side, with the change from the "
                  "version before.")
    agreement = AgreementSerializer()
    annotators = AnnotatorFiguresSerializer(many=True, help_text="One row per annotator, by username.")
    time_per_document = DocumentTimeSerializer(many=True, help_text=(
        "Active time measured in the editor, per document someone worked on, by id."))
