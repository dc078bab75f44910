"""projects/: list, create (staff), read, change and delete (manager), members and stats."""
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from annotator.models import Role
from annotator.rules.roles import project_create_allowed
from annotator.selectors.projects import project_members, projects_visible
from annotator.selectors.stats import project_stats
from annotator.services.projects import member_remove, member_set, project_create, project_delete, project_update
from api.serializers.projects import (MemberInputSerializer, MemberRoleSerializer, MemberSerializer,
                                      ProjectInputSerializer, ProjectSerializer, StatsSerializer)
from api.views.base import ScopedViewSet


@extend_schema_view(
    list=extend_schema(summary="Projects I am a member of (staff: all)"),
    create=extend_schema(summary="Create a project (staff); the creator becomes its manager",
                         request=ProjectInputSerializer, responses={201: ProjectSerializer}),
    retrieve=extend_schema(summary="A project with its label set"),
    partial_update=extend_schema(summary="Change a project (manager); given types are added or updated by name",
                                 request=ProjectInputSerializer, responses=ProjectSerializer),
    destroy=extend_schema(summary="Delete a project and everything in it (manager)"),
)
class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = ProjectSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    roles = {"partial_update": Role.MANAGER, "destroy": Role.MANAGER, "members_add": Role.MANAGER,
             "member_change": Role.MANAGER, "member_remove": Role.MANAGER}

    def get_queryset(self):
        # Label sets are loaded only for the views that render them.
        return projects_visible(user=self.request.user, with_labels=self.action in ("list", "retrieve"))

    def create(self, request):
        if not project_create_allowed(request.user):
            raise PermissionDenied("only staff users (or users given the add_project permission) create projects")
        body = ProjectInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        project = project_create(created_by=request.user, **body.validated_data)
        return Response(self._render(project.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        project = self.get_object()
        body = ProjectInputSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        project_update(project=project, **body.validated_data)
        return Response(self._render(project.pk))

    def destroy(self, request, pk=None):
        project_delete(project=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Members of the project", responses=MemberSerializer(many=True))
    @action(detail=True, methods=["get"])
    def members(self, request, pk=None):
        page = self.paginate_queryset(project_members(project=self.get_object()))
        return self.get_paginated_response(MemberSerializer(page, many=True).data)

    @extend_schema(summary="Give a user a role in the project (manager)", request=MemberInputSerializer,
                   responses={201: MemberSerializer})
    @members.mapping.post
    def members_add(self, request, pk=None):
        project = self.get_object()
        body = MemberInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        membership = member_set(project=project, **body.validated_data)
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change a member's role (manager); the last manager keeps the role",
                   request=MemberRoleSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["patch"], url_path=r"members/(?P<username>[^/]+)")
    def member_change(self, request, pk=None, username=None):
        project = self.get_object()
        body = MemberRoleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not project.memberships.filter(user__username=username).exists():
            raise NotFound(f"{username!r} is not a member of this project")
        membership = member_set(project=project, username=username, role=body.validated_data["role"])
        return Response(MemberSerializer(membership).data)

    @extend_schema(summary="Take a member out of the project (manager); their annotations stay", responses={204: None})
    @member_change.mapping.delete
    def member_remove(self, request, pk=None, username=None):
        member_remove(project=self.get_object(), username=username)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Progress, pre-label quality, agreement and per-annotator figures",
                   responses=StatsSerializer)
    @action(detail=True, methods=["get"])
    def stats(self, request, pk=None):
        return Response(project_stats(project=self.get_object()))

    def _render(self, pk: int) -> dict:
        return ProjectSerializer(projects_visible(user=self.request.user).get(pk=pk)).data
