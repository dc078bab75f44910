"""Projects with their label sets, and members."""
from rest_framework import serializers

from annotator.models import EntityType, Membership, Project, RelationType, Role
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

    class Meta:
        model = Project
        fields = ["id", "name", "description", "guidelines", "spacy_model", "label_map", "allow_overlap",
                  "annotators_per_document", "prelabel_on_import", "entity_types", "relation_types"]


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
    spacy_model = StrictCharField(max_length=500, required=False)
    label_map = serializers.DictField(child=StrictCharField(max_length=100), required=False)
    allow_overlap = StrictBooleanField(required=False)
    annotators_per_document = StrictIntegerField(min_value=1, max_value=100, required=False)
    prelabel_on_import = StrictBooleanField(required=False)
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
    seen = set()
    for item in items:
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


class StatsDocumentsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField(), help_text="Document count per status.")


class StatsJobsSerializer(serializers.Serializer):
    running = serializers.IntegerField()
    queued = serializers.IntegerField()


class StatsProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField(), help_text="Document count per status.")


class StatsSerializer(serializers.Serializer):
    """Project figures; quality, agreement and per-annotator figures are filled in by the metrics work."""

    documents = StatsDocumentsSerializer()
    annotations = serializers.DictField(child=serializers.IntegerField(), help_text="Annotation count per kind.")
    jobs = StatsJobsSerializer()
    progress = StatsProgressSerializer()
    prelabel_quality = serializers.DictField(
        help_text="Pre-label scores against gold, per model (empty until computed).")
    agreement = serializers.DictField(help_text="Agreement between annotators and against gold (empty until computed).")
    annotators = serializers.ListField(child=serializers.DictField(), help_text="Per-annotator figures, one row each.")
