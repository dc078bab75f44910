"""An annotator's own work and progress in a project."""
from rest_framework import serializers

from annotator.selectors.my_work import WORK_STATUSES


class WorkItemSerializer(serializers.Serializer):
    document = serializers.IntegerField(source="document_id")
    title = serializers.CharField()
    document_status = serializers.CharField(help_text="The document's own status.")
    status = serializers.ChoiceField(choices=WORK_STATUSES, help_text="Mine: draft, submitted or skipped.")
    updated_at = serializers.DateTimeField(allow_null=True, help_text="When I last saved (or skipped) it.")


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(help_text="Documents I submitted.")
    drafts = serializers.IntegerField()
    skipped = serializers.IntegerField()
    remaining = serializers.IntegerField(help_text="Documents waiting in my queue (my drafts included).")
    done_today = serializers.IntegerField(help_text="Documents I submitted today (server time zone).")
    position = serializers.IntegerField(help_text="The document's place among my done, skipped and queued "
                                                  "documents, from 1; 0 when it is in none of them.")
    total = serializers.IntegerField(help_text="My done and skipped documents plus my queue.")
    previous = serializers.IntegerField(allow_null=True, help_text="The document of my work before it (by id).")
    next = serializers.IntegerField(allow_null=True, help_text="The document of my work after it (by id).")
