"""projects/{id}/assignments/: who was given which documents (figures), assign more, give back the open ones."""
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from annotator.models import Assignment, Role
from annotator.selectors.assignments import assignment_figures
from annotator.services.assignments import assignments_release, documents_assign
from api.serializers.assignments import (AssignedSerializer, AssignInputSerializer, AssignmentFiguresSerializer,
                                         ReleasedSerializer, ReleaseInputSerializer)
from api.views.base import PROJECT_PK, ProjectChildViewSet


class ProjectAssignmentViewSet(ProjectChildViewSet):
    roles = {"create": Role.MANAGER, "release": Role.MANAGER}
    pagination_class = None
    queryset = Assignment.objects.none()  # the figures come from a selector; this names the model for the schema

    @extend_schema(summary="Assigned and done documents per annotator", parameters=[PROJECT_PK],
                   responses=AssignmentFiguresSerializer(many=True))
    def list(self, request, project_pk=None):
        return Response(AssignmentFiguresSerializer(assignment_figures(project=self.project), many=True).data)

    @extend_schema(summary="Assign documents to a member (manager): a count of the next open ones, or ids",
                   parameters=[PROJECT_PK], request=AssignInputSerializer, responses={201: AssignedSerializer})
    def create(self, request, project_pk=None):
        body = AssignInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ids = documents_assign(project=self.project, username=data["username"], count=data.get("count"),
                               document_ids=data.get("documents"), statuses=data.get("statuses"),
                               assigned_by=request.user)
        return Response({"username": data["username"], "assigned": len(ids), "ids": ids},
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Give back a member's assigned documents not yet submitted (manager)",
                   parameters=[PROJECT_PK], request=ReleaseInputSerializer, responses=ReleasedSerializer)
    @action(detail=False, methods=["post"])
    def release(self, request, project_pk=None):
        body = ReleaseInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        username = body.validated_data["username"]
        return Response({"username": username,
                         "released": assignments_release(project=self.project, username=username)})
