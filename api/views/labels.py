"""projects/{id}/entity-types/ and relation-types/: a project's label set, one type at a time (manager writes)."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from annotator.models import EntityType, RelationType, Role
from annotator.services.labels import (entity_type_create, entity_type_delete, entity_type_update,
                                       relation_type_create, relation_type_delete, relation_type_update)
from api.serializers.base import ErrorSerializer
from api.serializers.projects import (EntityTypeInputSerializer, EntityTypeSerializer, RelationTypeInputSerializer,
                                      RelationTypeSerializer)
from api.views.base import PROJECT_PK, ProjectChildViewSet

WRITES = {"create": Role.MANAGER, "partial_update": Role.MANAGER, "destroy": Role.MANAGER}
IN_USE = {409: OpenApiResponse(ErrorSerializer, description="The type is in use; the body says by how many.")}


class _LabelViewSet(ProjectChildViewSet):
    roles = WRITES
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    input_serializer: type
    model: type

    def get_queryset(self):
        if self.fake:
            return self.model.objects.none()
        return self.model.objects.filter(project=self.project)

    def _item(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _body(self, request, partial: bool) -> dict:
        body = self.input_serializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def list(self, request, project_pk=None):
        page = self.paginate_queryset(self.get_queryset().order_by("id"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, project_pk=None, pk=None):
        return Response(self.get_serializer(self._item(pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Entity types of the project", parameters=[PROJECT_PK]),
    retrieve=extend_schema(summary="One entity type", parameters=[PROJECT_PK]),
    create=extend_schema(summary="Add an entity type (manager); a hotkey or name already used is refused",
                         parameters=[PROJECT_PK], request=EntityTypeInputSerializer,
                         responses={201: EntityTypeSerializer}),
    partial_update=extend_schema(summary="Change an entity type (manager); a new name relabels its spans",
                                 parameters=[PROJECT_PK], request=EntityTypeInputSerializer,
                                 responses=EntityTypeSerializer),
    destroy=extend_schema(summary="Delete an unused entity type (manager); one in use is refused with the count",
                          parameters=[PROJECT_PK], responses={204: None, **IN_USE}),
)
class EntityTypeViewSet(_LabelViewSet):
    serializer_class = EntityTypeSerializer
    input_serializer = EntityTypeInputSerializer
    model = EntityType

    def create(self, request, project_pk=None):
        entity_type = entity_type_create(project=self.project, **self._body(request, partial=False))
        return Response(EntityTypeSerializer(entity_type).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, project_pk=None, pk=None):
        entity_type = entity_type_update(entity_type=self._item(pk), **self._body(request, partial=True))
        return Response(EntityTypeSerializer(entity_type).data)

    def destroy(self, request, project_pk=None, pk=None):
        entity_type_delete(entity_type=self._item(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Relation types of the project", parameters=[PROJECT_PK]),
    retrieve=extend_schema(summary="One relation type", parameters=[PROJECT_PK]),
    create=extend_schema(summary="Add a relation type (manager); head and child types by entity type name",
                         parameters=[PROJECT_PK], request=RelationTypeInputSerializer,
                         responses={201: RelationTypeSerializer}),
    partial_update=extend_schema(summary="Change a relation type (manager); given head/child types replace the old",
                                 parameters=[PROJECT_PK], request=RelationTypeInputSerializer,
                                 responses=RelationTypeSerializer),
    destroy=extend_schema(summary="Delete an unused relation type (manager); one in use is refused with the count",
                          parameters=[PROJECT_PK], responses={204: None, **IN_USE}),
)
class RelationTypeViewSet(_LabelViewSet):
    serializer_class = RelationTypeSerializer
    input_serializer = RelationTypeInputSerializer
    model = RelationType

    def get_queryset(self):
        return super().get_queryset().prefetch_related("head_types", "child_types")

    def create(self, request, project_pk=None):
        relation_type = relation_type_create(project=self.project, **self._body(request, partial=False))
        return Response(RelationTypeSerializer(relation_type).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, project_pk=None, pk=None):
        relation_type = relation_type_update(relation_type=self._item(pk), **self._body(request, partial=True))
        return Response(RelationTypeSerializer(relation_type).data)

    def destroy(self, request, project_pk=None, pk=None):
        relation_type_delete(relation_type=self._item(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
