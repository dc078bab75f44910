"""Starting work (imports, pre-labeling, exports) answers 202 with a Job or Export; reading and cancelling jobs."""
from django.conf import settings
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from annotator.models import AuditAction, Export, Job, Role
from annotator.rules.roles import job_cancel_allowed
from annotator.selectors.export_files import export_download_open
from annotator.selectors.exports import exports_visible, project_exports
from annotator.selectors.jobs import jobs_visible, project_jobs
from annotator.services.audit import audit_record
from annotator.services.exports import export_start
from annotator.services.imports import import_start
from annotator.services.jobs import job_cancel
from annotator.services.prelabel import prelabel_start
from api.filters import JobFilter
from api.serializers.base import ErrorSerializer
from api.serializers.jobs import (ExportInputSerializer, ExportSerializer, ImportInputSerializer, JobSerializer,
                                  PrelabelInputSerializer)
from api.uploads import upload_limit
from api.views.base import PROJECT_PK, ProjectChildViewSet, ScopedViewSet


@extend_schema_view(create=extend_schema(summary="Import a file (manager): documents, predictions or gold",
                                         parameters=[PROJECT_PK],
                                         request={"multipart/form-data": ImportInputSerializer},
                                         responses={202: JobSerializer}))
class ProjectImportViewSet(ProjectChildViewSet):
    serializer_class = ImportInputSerializer
    parser_classes = [MultiPartParser, FormParser]
    roles = {"create": Role.MANAGER}

    def create(self, request, project_pk=None):
        upload_limit(request, limit=settings.MAX_UPLOAD_BYTES)  # before the body is read
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        job = import_start(project=self.project, upload=values["file"], format=values["format"], as_=values["as"],
                           created_by=request.user, options=values.get("options"), model=values.get("model"),
                           model_version=values.get("model_version"))
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(create=extend_schema(summary="Pre-label documents with the project's spaCy model (manager)",
                                         parameters=[PROJECT_PK], request=PrelabelInputSerializer,
                                         responses={202: JobSerializer}))
class ProjectPrelabelViewSet(ProjectChildViewSet):
    serializer_class = PrelabelInputSerializer
    roles = {"create": Role.MANAGER}

    def create(self, request, project_pk=None):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = prelabel_start(project=self.project, document_ids=body.validated_data.get("documents"),
                             model=body.validated_data.get("model"), created_by=request.user)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(summary="Exports of the project, newest first", parameters=[PROJECT_PK]),
    create=extend_schema(summary="Start building an export (the project's export role, default reviewer)",
                         parameters=[PROJECT_PK],
                         request=ExportInputSerializer, responses={202: ExportSerializer}),
)
class ProjectExportViewSet(mixins.ListModelMixin, ProjectChildViewSet):
    """Exports hold the whole annotated data: every action needs the project's export role."""

    serializer_class = ExportSerializer

    def required_role(self, obj=None) -> str:
        return self.project.export_role

    def get_queryset(self):
        if self.fake:
            return Export.objects.none()
        return project_exports(project=self.project)

    def create(self, request, project_pk=None):
        body = ExportInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        export = export_start(project=self.project, created_by=request.user, **body.validated_data)
        return Response(self.get_serializer(export).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(list=extend_schema(summary="Jobs of the project (imports, pre-labeling, exports), newest first",
                                       parameters=[PROJECT_PK]))
class ProjectJobViewSet(mixins.ListModelMixin, ProjectChildViewSet):
    serializer_class = JobSerializer
    filterset_class = JobFilter

    def get_queryset(self):
        if self.fake:
            return Job.objects.none()
        return project_jobs(project=self.project)


@extend_schema_view(retrieve=extend_schema(summary="A job: status and progress"))
class JobViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = JobSerializer

    def get_queryset(self):
        return jobs_visible(user=self.request.user)

    @extend_schema(summary="Ask a job to stop (who started it, or a manager)", request=None,
                   responses=JobSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        job = self.get_object()
        if not job_cancel_allowed(user_id=request.user.pk, started_by_id=job.created_by_id, role=job.caller_role):
            raise PermissionDenied("only who started the job or a manager of the project can cancel it")
        return Response(JobSerializer(job_cancel(job=job)).data)


PART = OpenApiParameter("part", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["train", "dev", "test", "all"],
                        description="Only this split's file(s); default: the whole zip.")


@extend_schema_view(retrieve=extend_schema(summary="An export: status, manifest and download URL"))
class ExportViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    """An export and its file: the export role of the export's project (`export_role`, annotated)."""

    serializer_class = ExportSerializer

    def required_role(self, obj=None) -> str:
        return obj.export_role if obj is not None else Role.MANAGER

    def get_queryset(self):
        return exports_visible(user=self.request.user)

    @extend_schema(summary="Download a built export (the zip, or one split's file with ?part=)", parameters=[PART],
                   responses={(200, "application/zip"): OpenApiTypes.BINARY,
                              (200, "application/octet-stream"): OpenApiTypes.BINARY,
                              409: OpenApiResponse(ErrorSerializer, description="Not built (yet).")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        export = self.get_object()
        part = request.query_params.get("part")
        found = export_download_open(export=export, part=part)
        audit_record(action=AuditAction.EXPORT_DOWNLOADED, user=request.user, project=export.project, obj=export,
                     details={"part": part or "all", "format": export.format, "file": found.filename})
        content_type = "application/zip" if found.filename.endswith(".zip") else "application/octet-stream"
        response = FileResponse(found.file, as_attachment=True, filename=found.filename, content_type=content_type)
        response["Content-Length"] = str(found.size)
        return response
