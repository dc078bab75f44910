"""An annotation's history: its versions, newest first, and restoring one of them."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from annotator.models import Annotation
from annotator.selectors.history import annotation_history
from annotator.services.history import annotation_version_restore
from api.serializers.annotations import AnnotationSerializer
from api.serializers.base import ErrorSerializer
from api.serializers.history import AnnotationVersionSerializer, RestoreBodySerializer, version_item
from api.views.base import DocumentChildViewSet

PATH = [OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Document id."),
        OpenApiParameter("annotation_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Annotation id.")]


class AnnotationHistoryViewSet(DocumentChildViewSet):
    """Under documents/{id}/annotations/{annotation_id}/."""

    queryset = Annotation.objects.none()  # for the schema only: the actions read through the selectors
    lookup_url_kwarg = "annotation_id"
    lookup_value_regex = r"\d+"

    @extend_schema(summary="Versions of an annotation, newest first (reviewers and managers: any annotation; "
                           "annotators: those they may see, their own and the predictions)",
                   description="Every write of an annotation (editor, API, import, pre-label, gold, restore) adds "
                               "a version here, so what a later write replaced is kept.",
                   parameters=PATH, responses=AnnotationVersionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, **kwargs):
        document = self.document
        versions = annotation_history(document=document, annotation_id=int(kwargs["annotation_id"]),
                                      user=request.user, role=document.caller_role)
        page = self.paginate_queryset(versions)
        return self.get_paginated_response([version_item(row, document.text) for row in page])

    @extend_schema(summary="Restore an earlier version (the annotation's author, reviewers and managers)",
                   description="Writes the content of `version` as the annotation's new version (source "
                               "`restore`), checked as a save is. A stale `current_version` gets 409 and changes "
                               "nothing; a version whose labels the project no longer has gets 400 naming each "
                               "span and relation. Restoring a gold makes the document gold.",
                   parameters=PATH, request=RestoreBodySerializer,
                   responses={200: AnnotationSerializer,
                              409: OpenApiResponse(ErrorSerializer, description="Stale `current_version`: "
                                                                                "nothing was changed.")})
    @action(detail=True, methods=["post"])
    def restore(self, request, **kwargs):
        body = RestoreBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = self.document
        annotation = annotation_version_restore(document=document, annotation_id=int(kwargs["annotation_id"]),
                                                user=request.user, role=document.caller_role, **body.validated_data)
        return Response(AnnotationSerializer(annotation, context={"text": document.text}).data)
