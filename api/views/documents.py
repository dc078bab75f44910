"""Documents: add and list them in a project; read one; its annotations; save mine and gold."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema,
                                   extend_schema_view)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from annotator.models import Role, VersionSource
from annotator.selectors.annotations import annotation_items, annotation_rows_for_document
from annotator.selectors.document_counts import documents_count
from annotator.selectors.document_search import documents_search_paged, search_counted_in_index
from annotator.selectors.documents import TOKENS_NONE, TOKENS_RAW, documents_visible, project_documents
from annotator.selectors.review import documents_ranked
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from annotator.services.documents import documents_add_body
from annotator.services.errors import InvalidInput
from api.filters import DocumentFilter
from api.pagination import counted
from api.serializers.annotations import (AnnotationBodySerializer, AnnotationSerializer, GoldBodySerializer,
                                         annotation_object)
from api.serializers.base import ErrorSerializer
from api.serializers.documents import (DocumentInputSerializer, DocumentListItemSerializer, DocumentsAddedSerializer,
                                       DocumentSerializer)
from api.views.base import PROJECT_PK, ProjectChildViewSet, ScopedViewSet


@extend_schema_view(
    list=extend_schema(summary="Documents of the project, without annotations", parameters=[PROJECT_PK],
                       responses=DocumentListItemSerializer(many=True)),
    create=extend_schema(
        summary="Add one document or a list of them (manager)",
        parameters=[PROJECT_PK],
        request=PolymorphicProxySerializer(component_name="DocumentsInput",
                                           serializers=[DocumentInputSerializer, DocumentInputSerializer(many=True)],
                                           resource_type_field_name=None, many=False),
        responses={201: DocumentsAddedSerializer,
                   413: OpenApiResponse(ErrorSerializer, description="Too many documents.")},
    ),
)
class ProjectDocumentViewSet(mixins.ListModelMixin, ProjectChildViewSet):
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    roles = {"create": Role.MANAGER}

    def get_queryset(self):
        if self.fake:
            return DocumentSerializer.Meta.model.objects.none()
        return project_documents(project=self.project)

    def list(self, request, *args, **kwargs):
        ordering = request.query_params.get("ordering", "")
        if ordering.lstrip("-") != "disagreement":
            page = self.paginate_queryset(self._counted(self.filter_queryset(self.get_queryset())))
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        page = self.paginate_queryset(self._counted(documents_ranked(
            project=self.project, descending=ordering.startswith("-"),
            documents=self.filter_queryset(self.get_queryset()))))
        return self.get_paginated_response([{**self.get_serializer(document).data, "disagreement": score}
                                            for document, score in page])

    def _counted(self, documents):
        """(Called once the filters are valid.) Without a search, the count is the project's counters per
        status (annotator/selectors/document_counts.py); a word search is counted through the full-text
        index (annotator/selectors/document_search.py), not by the query that pages it."""
        q = self.request.query_params.get("q", "").strip()
        statuses = [status for status in self.request.query_params.getlist("status") if status]
        if not q:
            return counted(documents, lambda: documents_count(project_id=self.project.pk, statuses=statuses))
        if not search_counted_in_index(q=q):
            return documents
        return counted(*documents_search_paged(documents, project_id=self.project.pk, q=q, statuses=statuses))

    def create(self, request, project_pk=None):
        try:
            result = documents_add_body(project=self.project, body=request.data)
        except InvalidInput as exc:
            raise InvalidInput(exc.message, errors=_located(exc.errors, isinstance(request.data, dict))) from None
        return Response(result.as_dict(), status=status.HTTP_201_CREATED)


def _located(errors: list[dict], single: bool) -> list[dict]:
    """Service errors ({index, field}) as API errors whose field is a path: `[3].text`, or `text` for one object."""
    located = []
    for error in errors:
        field = error.get("field", "")
        if "index" in error and not single:
            field = f"[{error['index']}].{field}" if field else f"[{error['index']}]"
        located.append({**error, "field": field})
    return located


SAVE_RESPONSES = {200: AnnotationSerializer,
                  409: OpenApiResponse(ErrorSerializer, description="Stale version: nothing was changed."),
                  413: OpenApiResponse(ErrorSerializer, description="Too many spans.")}


@extend_schema_view(retrieve=extend_schema(
    summary="A document with its text and tokens",
    parameters=[OpenApiParameter("include", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["annotations"],
                                 description="`annotations`: the answer also holds `annotations`, every "
                                             "annotation of the document the caller may see (as GET "
                                             "documents/{id}/annotations/ lists them), in one request.")]))
class DocumentViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = DocumentSerializer
    roles = {"gold": Role.REVIEWER}

    def get_queryset(self):
        # The document object sends its tokens as stored; the annotation actions need its text only,
        # and the project's rules only when saving.
        tokens = TOKENS_RAW if self.action == "retrieve" else TOKENS_NONE
        return documents_visible(user=self.request.user, tokens=tokens,
                                 with_project=self.action not in ("retrieve", "annotations"))

    def retrieve(self, request, *args, **kwargs):
        document = self.get_object()
        data = self.get_serializer(document).data
        if request.query_params.get("include") == "annotations":
            rows = annotation_rows_for_document(document=document, user=request.user, role=document.caller_role)
            data["annotations"] = _annotation_objects(list(rows), document.text)
        return Response(data)

    @extend_schema(summary="Annotations of the document I may see: predictions, gold and mine "
                           "(reviewers and managers: everyone's)",
                   responses=AnnotationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def annotations(self, request, pk=None):
        document = self.get_object()
        rows = annotation_rows_for_document(document=document, user=request.user, role=document.caller_role)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(_annotation_objects(page, document.text))

    @extend_schema(summary="Save my annotation whole (any member)",
                   description="Spans are validated and stored whole, or refused whole with 400 naming the field. "
                               "The answer's spans and relations are in body order, with their stored ids. "
                               "A stale `version` gets 409 and changes nothing.",
                   request=AnnotationBodySerializer,
                   responses=SAVE_RESPONSES)
    @action(detail=True, methods=["put"], url_path="annotations/mine", url_name="annotations-mine")
    def annotations_mine(self, request, pk=None):
        document = self.get_object()
        body = AnnotationBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # Recorded in the history as written in the editor (a browser session) or by a script (a token).
        source = VersionSource.API if request.auth is not None else VersionSource.EDITOR
        annotation = annotation_mine_save(document=document, user=request.user, source=source,
                                          active_ms=body.validated_data.get("active_ms", 0), **_body_values(body))
        return Response(AnnotationSerializer(annotation, context={"text": document.text}).data)

    @extend_schema(summary="Save the gold annotation whole (reviewer); the document becomes gold",
                   request=GoldBodySerializer,
                   responses=SAVE_RESPONSES)
    @action(detail=True, methods=["put"])
    def gold(self, request, pk=None):
        document = self.get_object()
        body = GoldBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        annotation = annotation_gold_save(document=document, user=request.user, source=VersionSource.REVIEW,
                                          **_body_values(body))
        return Response(AnnotationSerializer(annotation, context={"text": document.text}).data)


def _annotation_objects(rows: list[dict], text: str) -> list[dict]:
    items = annotation_items(annotation_ids=[row["id"] for row in rows])
    return [annotation_object(row, *items[row["id"]], text) for row in rows]


def _body_values(body) -> dict:
    values = body.validated_data
    # `decisions` only when sent: absent, the saved ones stay (see the body serializer).
    return {key: values[key] for key in ("spans", "relations", "version", "submit", "decisions") if key in values}
