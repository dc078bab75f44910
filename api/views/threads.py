"""A document's comment threads (flags for review among them), and skipping a document."""
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from annotator.models import Thread
from annotator.selectors.threads import document_skip_of, document_thread, document_threads
from annotator.services.threads import document_skip, document_unskip, thread_open, thread_reply, thread_resolve
from api.serializers.threads import (CommentInputSerializer, ResolveInputSerializer, SkipInputSerializer,
                                     SkipSerializer, ThreadInputSerializer, ThreadSerializer)
from api.views.base import DocumentChildViewSet

DOCUMENT = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Document id.")
THREAD = OpenApiParameter("thread_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Thread id.")


class ThreadViewSet(DocumentChildViewSet):
    """Under documents/{id}/threads/: any member of the document's project reads and writes them."""

    queryset = Thread.objects.none()  # for the schema only: the actions read through the selectors
    lookup_url_kwarg = "thread_id"
    lookup_value_regex = r"\d+"

    def _thread(self) -> Thread:
        thread = document_thread(document=self.document, thread_id=int(self.kwargs["thread_id"]))
        if thread is None:
            raise Http404("No Thread matches the given query.")
        return thread

    def _answer(self, thread_id: int, code=status.HTTP_200_OK) -> Response:
        thread = document_thread(document=self.document, thread_id=thread_id)
        return Response(ThreadSerializer().to_representation(thread), status=code)

    @extend_schema(summary="The document's comment threads, oldest first, with their comments",
                   parameters=[DOCUMENT], responses=ThreadSerializer(many=True))
    def list(self, request, **kwargs):
        page = self.paginate_queryset(document_threads(document=self.document))
        return self.get_paginated_response([ThreadSerializer().to_representation(t) for t in page])

    @extend_schema(summary="Open a thread with its first comment; `flag: true` flags the document for review",
                   parameters=[DOCUMENT], request=ThreadInputSerializer, responses={201: ThreadSerializer})
    def create(self, request, **kwargs):
        body = ThreadInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        thread = thread_open(document=self.document, user=request.user, **body.validated_data)
        return self._answer(thread.pk, status.HTTP_201_CREATED)

    @extend_schema(summary="Reply in a thread (a resolved thread opens again)", parameters=[DOCUMENT, THREAD],
                   request=CommentInputSerializer, responses={201: ThreadSerializer})
    @action(detail=True, methods=["post"])
    def comments(self, request, **kwargs):
        body = CommentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        thread = self._thread()
        thread_reply(thread=thread, user=request.user, **body.validated_data)
        return self._answer(thread.pk, status.HTTP_201_CREATED)

    @extend_schema(summary="Resolve a thread, or open it again (its author, reviewers and managers)",
                   parameters=[DOCUMENT, THREAD], request=ResolveInputSerializer, responses=ThreadSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, **kwargs):
        body = ResolveInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        thread = self._thread()
        thread_resolve(thread=thread, user=request.user, role=self.document.caller_role, **body.validated_data)
        return self._answer(thread.pk)


class DocumentSkipViewSet(DocumentChildViewSet):
    """documents/{id}/skip/: the caller's own skip of the document."""

    queryset = Thread.objects.none()

    def _answer(self, request) -> Response:
        skip = document_skip_of(document=self.document, user=request.user)
        return Response({"document": self.document.pk, "skipped": skip is not None,
                         "reason": skip.reason if skip else ""})

    @extend_schema(summary="Whether I skipped the document", parameters=[DOCUMENT], responses=SkipSerializer)
    def list(self, request, **kwargs):
        return self._answer(request)

    @extend_schema(summary="Skip the document (with an optional reason): it leaves my queue, not anyone else's",
                   parameters=[DOCUMENT], request=SkipInputSerializer, responses=SkipSerializer)
    def create(self, request, **kwargs):
        body = SkipInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document_skip(document=self.document, user=request.user, **body.validated_data)
        return self._answer(request)

    @extend_schema(summary="Take my skip back: the document returns to my queue", parameters=[DOCUMENT],
                   request=None, responses=SkipSerializer)
    @action(detail=False, methods=["post"])
    def undo(self, request, **kwargs):
        document_unskip(document=self.document, user=request.user)
        return self._answer(request)
