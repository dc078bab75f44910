"""Comment threads on a document, flags for review, and skips."""
from rest_framework import serializers

from api.serializers.base import StrictBooleanField, StrictCharField, StrictSerializer


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(allow_null=True, help_text="Username (null when the account was deleted).")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()

    def to_representation(self, comment):
        return {"id": comment.pk, "author": comment.author.username if comment.author_id else None,
                "body": comment.body, "created_at": serializers.DateTimeField().to_representation(comment.created_at)}


class ThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document = serializers.IntegerField()
    author = serializers.CharField(allow_null=True, help_text="Who opened it.")
    flag = serializers.BooleanField(help_text="Flagged for review: reviewers see the document in their queue.")
    resolved = serializers.BooleanField()
    resolved_by = serializers.CharField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    comments = CommentSerializer(many=True, help_text="Oldest first; the first one opened the thread.")

    def to_representation(self, thread):
        when = serializers.DateTimeField()
        return {
            "id": thread.pk, "document": thread.document_id,
            "author": thread.author.username if thread.author_id else None,
            "flag": thread.flag, "resolved": thread.resolved_at is not None,
            "resolved_by": thread.resolved_by.username if thread.resolved_by_id else None,
            "resolved_at": when.to_representation(thread.resolved_at) if thread.resolved_at else None,
            "created_at": when.to_representation(thread.created_at),
            "comments": [CommentSerializer().to_representation(c) for c in thread.comments.all()],
        }


class ThreadInputSerializer(StrictSerializer):
    body = StrictCharField(help_text="The first comment (at most MAX_COMMENT_CHARS characters).")
    flag = StrictBooleanField(required=False, default=False,
                              help_text="Flag the document for review (reviewers see it in their queue).")


class CommentInputSerializer(StrictSerializer):
    body = StrictCharField(help_text="The reply (at most MAX_COMMENT_CHARS characters).")


class ResolveInputSerializer(StrictSerializer):
    resolved = StrictBooleanField(required=False, default=True, help_text="false opens the thread again.")


class SkipInputSerializer(StrictSerializer):
    reason = StrictCharField(required=False, default="", allow_blank=True,
                             help_text="Why (optional; at most MAX_SKIP_REASON_CHARS characters).")


class SkipSerializer(serializers.Serializer):
    document = serializers.IntegerField()
    skipped = serializers.BooleanField(help_text="Whether the caller has skipped the document.")
    reason = serializers.CharField(allow_blank=True)
