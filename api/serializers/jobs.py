"""Jobs, exports and the bodies that start them."""
import json

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotator.models import DocumentStatus, Export, Job
from annotator.selectors.exports import export_is_built
from annotator.formats.catalog import EXPORT_FORMATS, format_options_described
from annotator.services.imports import IMPORT_AS
from api.serializers.base import StrictBooleanField, StrictCharField, StrictIntegerField, StrictSerializer


class JobSerializer(serializers.ModelSerializer):
    progress = serializers.FloatField(read_only=True, help_text="Fraction done, 0..1.")

    class Meta:
        model = Job
        fields = ["id", "kind", "status", "project", "total", "done", "progress", "errors", "result", "created_at",
                  "started_at", "finished_at", "cancel_requested"]
        read_only_fields = fields


class ExportSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Export
        fields = ["id", "project", "format", "options", "status", "job", "sha256", "size", "manifest", "created_at",
                  "download_url"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Job._meta.get_field("status").choices))
    def get_status(self, export) -> str:
        return export.status  # its job's

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="Set once the export is built."))
    def get_download_url(self, export) -> str | None:
        if not export_is_built(export):
            return None
        url = reverse("export-download", kwargs={"pk": export.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class SplitSerializer(StrictSerializer):
    train = serializers.FloatField(min_value=0, max_value=1, required=False)
    dev = serializers.FloatField(min_value=0, max_value=1, required=False)
    test = serializers.FloatField(min_value=0, max_value=1, required=False)


OPTIONS_HELP = ("The format's options, checked by the format (an option it does not take is an error naming "
                f"`options.<name>`). {format_options_described()}.")


class ExportInputSerializer(StrictSerializer):
    format = serializers.ChoiceField(choices=EXPORT_FORMATS)
    options = serializers.DictField(child=StrictCharField(), required=False, help_text=OPTIONS_HELP)
    split = SplitSerializer(required=False, help_text="Ratios adding up to 1; default train 0.8, dev 0.1, test 0.1.")
    seed = StrictIntegerField(required=False, help_text="Split seed; the same seed gives the same split.")
    only_gold = StrictBooleanField(required=False, help_text="Only gold documents (default true).")
    status = serializers.ListField(child=serializers.ChoiceField(choices=DocumentStatus.choices), required=False,
                                   help_text="Only documents in these statuses.")


def _import_formats() -> list[str]:
    from annotator.formats.catalog import FORMATS

    return ["auto", *FORMATS]


@extend_schema_field({"type": "string", "description": "A JSON object as text, e.g. `{\"offsets\": \"utf16\"}`. "
                                                    + OPTIONS_HELP})
class JsonObjectTextField(serializers.Field):
    """A form field holding a JSON object as text (multipart bodies carry no nested values)."""

    # Braces doubled: DRF formats the message.
    default_error_messages = {"invalid": "must be a JSON object as text, e.g. {{\"offsets\": \"utf16\"}}"}

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, dict):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return json.dumps(value)


class ImportInputSerializer(StrictSerializer):
    """Multipart form: the file, its format, what it holds and the format's options."""

    file = serializers.FileField(allow_empty_file=False)
    format = serializers.ChoiceField(choices=[], default="auto")
    options = JsonObjectTextField(required=False)
    model = serializers.CharField(max_length=500, required=False,
                                  help_text="Predictions: the model that made them (default `import`); a Label Studio "
                                            "file's predictions are named by their own model_version when they have one.")
    model_version = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                          help_text="Predictions: the version of that model, recorded on each one.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = _import_formats()


# `as` is a Python keyword, so that field is added by name.
ImportInputSerializer._declared_fields["as"] = serializers.ChoiceField(
    choices=IMPORT_AS, default="documents", help_text="What the file holds: documents, predictions or gold.")


class PrelabelInputSerializer(StrictSerializer):
    # Bounded like the id column (a larger number is no id, and SQLite cannot even compare with it).
    documents = serializers.ListField(child=StrictIntegerField(min_value=1, max_value=2**63 - 1), required=False,
                                      allow_empty=False,
                                      help_text="Document ids; default: every document without a current prediction.")
    model = StrictCharField(max_length=500, required=False,
                            help_text="spaCy pipeline (package name or path), or a trained version of the project "
                                      "(`v3`, see GET projects/{id}/models/); default the project's.")
