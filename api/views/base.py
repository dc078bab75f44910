"""The base every API view set builds on: authentication, membership scoping and roles, written once."""
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from annotator.models import Document, Project, Role
from annotator.selectors.documents import TOKENS_NONE, documents_visible
from annotator.selectors.projects import project_for_member
from api.parsers import PARSERS
from api.permissions import ProjectRole
from api.renderers import RENDERERS
from api.schema import ApiSchema

PROJECT_PK = OpenApiParameter("project_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Project id.")


class ScopedViewSet(viewsets.GenericViewSet):
    """Objects of the caller's projects only (others are 404), each action needing the role in `roles`.

    Subclasses build their queryset with `with_caller_role`, so every object carries the
    caller's role in its project; `ProjectRole` compares it with `roles[action]` (default: any member).
    """

    permission_classes = [IsAuthenticated, ProjectRole]
    parser_classes = PARSERS
    renderer_classes = RENDERERS
    schema = ApiSchema()
    roles: dict[str, str] = {}

    def required_role(self, obj=None) -> str:
        """The least role the current action needs on `obj` (default: any member)."""
        return self.roles.get(self.action, Role.ANNOTATOR)

    @property
    def fake(self) -> bool:
        """True while drf-spectacular inspects the view to write the schema (there is no real request)."""
        return getattr(self, "swagger_fake_view", False)


class ProjectChildViewSet(ScopedViewSet):
    """Views under projects/{project_pk}/: the project is resolved first (404 if the caller is not a
    member, 403 if their role is too low) and kept as `self.project`."""

    project: Project

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        project = project_for_member(user=request.user, project_id=self.kwargs["project_pk"])
        if project is None:
            raise Http404("No Project matches the given query.")  # what get_object_or_404 says
        self.project = project
        self.check_object_permissions(request, self.project)


class DocumentChildViewSet(ScopedViewSet):
    """Views under documents/{id}/...: the document is resolved first (404 if the caller is not a
    member of its project, 403 if their role is too low) and kept as `self.document`."""

    document: Document

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        document = documents_visible(user=request.user, tokens=TOKENS_NONE).filter(pk=self.kwargs["id"]).first()
        if document is None:
            raise Http404("No Document matches the given query.")  # what get_object_or_404 says
        self.document = document
        self.check_object_permissions(request, document)


@csrf_exempt  # the view it hands over to does its own CSRF check for session users
def not_found(request, *args, **kwargs):
    """Paths under /api/v1/ that match nothing.

    `projects/1` is served as `projects/1/` (a redirect would turn a PUT into a GET and lose
    its body); anything else answers the contract's error body instead of an HTML page.
    """
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return match.func(request, *match.args, **match.kwargs)
    detail = f"no API endpoint at {request.path}; see /api/v1/docs/"
    return JsonResponse({"detail": detail, "errors": []}, status=404)
