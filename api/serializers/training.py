"""Training a model on the project's gold, and the list of the project's models."""
from rest_framework import serializers

from annotator.models import TrainBase
from api.serializers.base import StrictIntegerField, StrictSerializer


class StrictNumberField(serializers.FloatField):
    """A JSON number: refuses strings and booleans instead of converting them."""

    default_error_messages = {"invalid": "must be a number"}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        return super().to_internal_value(data)


class TrainInputSerializer(StrictSerializer):
    base = serializers.ChoiceField(choices=TrainBase.choices, required=False,
                                   help_text="Start from the project's pipeline (fine-tune its ner; the default) "
                                             "or from a blank pipeline with a fresh ner.")
    max_steps = StrictIntegerField(min_value=1, max_value=1_000_000, required=False,
                                   help_text="Stop after this many steps (default TRAIN_MAX_STEPS).")
    time_budget_seconds = StrictNumberField(min_value=1, required=False,
                                            help_text="Stop after this many seconds of training (default "
                                                      "TRAIN_TIME_BUDGET_SECONDS, at most the task's time limit).")


class EvaluateInputSerializer(StrictSerializer):
    model = serializers.CharField(max_length=500, required=False,
                                  help_text="An installed spaCy pipeline or a version trained here (`v3`); default "
                                            "the project's default model.")


class ModelEntrySerializer(serializers.Serializer):
    """One of the project's models (read only; built by annotator.selectors.trained_models)."""

    kind = serializers.ChoiceField(choices=["base", "trained"])
    label = serializers.CharField(help_text="`base`, or `v3` for the third trained version.")
    model = serializers.CharField(allow_null=True,
                                  help_text="What to send as `model` to POST projects/{id}/prelabel/ to pre-label "
                                            "with it; null while it cannot be used (not trained, not installed).")
    name = serializers.CharField(help_text="Pipeline package or meta name (`project4_v3`).")
    version = serializers.IntegerField(allow_null=True, help_text="Trained version number; null for the base.")
    model_version = serializers.CharField(help_text="The pipeline's meta version, recorded on its predictions.")
    status = serializers.CharField(help_text="queued, running, succeeded, failed, cancelled; `missing` for a base "
                                             "pipeline that is not installed.")
    base = serializers.CharField(allow_null=True, help_text="What training started from: project or blank.")
    base_model = serializers.CharField(allow_null=True)
    path = serializers.CharField(allow_null=True, help_text="Folder of a trained pipeline under the media root (models/4/3); never an absolute path.")
    job = serializers.IntegerField(allow_null=True, help_text="The train job.")
    created_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    created_by = serializers.CharField(allow_null=True)
    metrics = serializers.DictField(help_text="{dev, test}: exact-match scores of this model on that split's gold, "
                                              "each {per_label: {label: {p, r, f1, support}}, micro: {p, r, f1}, "
                                              "documents}.")
    metrics_base = serializers.DictField(allow_null=True,
                                         help_text="{dev, test}: the base pipeline's scores on the same documents.")
    metrics_from = serializers.CharField(allow_null=True, help_text="The training that measured `metrics`.")
    split = serializers.DictField(allow_null=True, help_text="{seed, ratios, documents: {train, dev, test}}.")
    training = serializers.DictField(allow_null=True,
                                     help_text="{steps, stopped_by, seconds, best_step, max_steps, ...}.")
    default = serializers.BooleanField(help_text="Pre-labeling uses this model when none is named (promote one "
                                                 "with POST projects/{id}/models/{label}/promote/).")
    relations = serializers.DictField(allow_null=True, help_text=(
        "The relation suggester learned with this version: {model: bool, train_relations, min_gold, reason?, "
        "test?: relation P/R/F1 on the test split with gold spans}; model false: the project's rules suggest."))
    auto_train = serializers.DictField(allow_null=True, help_text=(
        "Set when auto-train made this version: {figure, trained_f1, default_model, default_f1, promoted, "
        "test_documents}."))


class ModelListSerializer(serializers.Serializer):
    results = ModelEntrySerializer(many=True)
    next = serializers.URLField(allow_null=True)
    count = serializers.IntegerField()
