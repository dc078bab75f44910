"""Everything under /api/v1/: one router, the token endpoint, and the schema with its docs."""
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api.schema import SCHEMA_SETTINGS
from api.views.assignments import ProjectAssignmentViewSet
from api.views.auth import TokenView
from api.views.base import not_found
from api.views.docs import RedocView, SwaggerView
from api.views.documents import DocumentViewSet, ProjectDocumentViewSet
from api.views.history import AnnotationHistoryViewSet
from api.views.jobs import (ExportViewSet, JobViewSet, ProjectExportViewSet, ProjectImportViewSet,
                            ProjectJobViewSet, ProjectPrelabelViewSet)
from api.views.labels import EntityTypeViewSet, RelationTypeViewSet
from api.views.my_work import MyWorkViewSet, ProgressViewSet
from api.views.projects import ProjectViewSet
from api.views.threads import DocumentSkipViewSet, ThreadViewSet
from api.views.tokens import ApiTokenViewSet
from api.views.training import ProjectEvaluateViewSet, ProjectModelViewSet, ProjectTrainViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register(r"projects/(?P<project_pk>\d+)/documents", ProjectDocumentViewSet, basename="project-documents")
router.register(r"projects/(?P<project_pk>\d+)/imports", ProjectImportViewSet, basename="project-imports")
router.register(r"projects/(?P<project_pk>\d+)/prelabel", ProjectPrelabelViewSet, basename="project-prelabel")
router.register(r"projects/(?P<project_pk>\d+)/exports", ProjectExportViewSet, basename="project-exports")
router.register(r"projects/(?P<project_pk>\d+)/jobs", ProjectJobViewSet, basename="project-jobs")
router.register(r"projects/(?P<project_pk>\d+)/train", ProjectTrainViewSet, basename="project-train")
router.register(r"projects/(?P<project_pk>\d+)/models", ProjectModelViewSet, basename="project-models")
router.register(r"projects/(?P<project_pk>\d+)/my-work", MyWorkViewSet, basename="project-my-work")
router.register(r"projects/(?P<project_pk>\d+)/progress", ProgressViewSet, basename="project-progress")
router.register(r"projects/(?P<project_pk>\d+)/entity-types", EntityTypeViewSet, basename="project-entity-types")
router.register(r"projects/(?P<project_pk>\d+)/relation-types", RelationTypeViewSet, basename="project-relation-types")
router.register(r"projects/(?P<project_pk>\d+)/assignments", ProjectAssignmentViewSet, basename="project-assignments")
router.register(r"projects/(?P<project_pk>\d+)/evaluate", ProjectEvaluateViewSet, basename="project-evaluate")
router.register("documents", DocumentViewSet, basename="document")
router.register(r"documents/(?P<id>\d+)/annotations", AnnotationHistoryViewSet, basename="annotation-history")
router.register(r"documents/(?P<id>\d+)/threads", ThreadViewSet, basename="document-threads")
router.register(r"documents/(?P<id>\d+)/skip", DocumentSkipViewSet, basename="document-skip")
router.register("jobs", JobViewSet, basename="job")
router.register("exports", ExportViewSet, basename="export")
router.register("auth/tokens", ApiTokenViewSet, basename="auth-tokens")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
    # Last: a path without its trailing slash is served as if it had one; anything else is a JSON 404.
    re_path(r"^[\s\S]*$", not_found),  # [\s\S]: a path holding a line break (%0A) too
]
