"""projects/{id}/my-work/ and projects/{id}/progress/: the caller's own work and where they are in it."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from annotator.models import Document
from annotator.selectors.my_work import WORK_STATUSES, my_progress, my_work
from annotator.services.errors import InvalidInput
from api.serializers.my_work import ProgressSerializer, WorkItemSerializer
from api.views.base import PROJECT_PK, ProjectChildViewSet


class MyWorkViewSet(ProjectChildViewSet):
    queryset = Document.objects.none()  # for the schema only: the selector reads

    @extend_schema(summary="My work in the project: documents I drafted, submitted or skipped, by id",
                   parameters=[PROJECT_PK, OpenApiParameter("status", OpenApiTypes.STR, enum=list(WORK_STATUSES))],
                   responses=WorkItemSerializer(many=True))
    def list(self, request, **kwargs):
        status = request.query_params.get("status", "")
        if status and status not in WORK_STATUSES:
            message = f"must be one of {', '.join(WORK_STATUSES)}"
            raise InvalidInput(f"status: {message}", errors=[{"field": "status", "message": message}])
        page = self.paginate_queryset(my_work(project=self.project, user=request.user, status=status))
        return self.get_paginated_response(WorkItemSerializer(page, many=True).data)


class ProgressViewSet(ProjectChildViewSet):
    queryset = Document.objects.none()

    @extend_schema(summary="Where I am in the project: done, skipped, remaining, done today; around `document`, "
                           "its position and the previous and next documents of my work",
                   parameters=[PROJECT_PK, OpenApiParameter("document", OpenApiTypes.INT)],
                   responses=ProgressSerializer)
    def list(self, request, **kwargs):
        raw = request.query_params.get("document")
        if raw is not None and not raw.isdigit():
            raise InvalidInput("document: must be a document id",
                               errors=[{"field": "document", "message": "must be a document id"}])
        progress = my_progress(project=self.project, user=request.user,
                               document_id=int(raw) if raw is not None else None)
        return Response(ProgressSerializer(progress.as_dict()).data)
