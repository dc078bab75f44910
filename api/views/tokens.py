"""The caller's personal API tokens: list, make (the key is in this answer only), revoke."""
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from annotator.models import ApiToken
from annotator.selectors.tokens import api_tokens_of
from annotator.services.tokens import api_token_create, api_token_revoke
from api.parsers import PARSERS
from api.renderers import RENDERERS
from api.schema import ApiSchema
from api.serializers.tokens import ApiTokenCreatedSerializer, ApiTokenInputSerializer, ApiTokenSerializer


@extend_schema_view(
    list=extend_schema(summary="Your API tokens (without their keys), newest first", tags=["auth"]),
    create=extend_schema(summary="Make an API token; its key is in this answer only", tags=["auth"],
                         request=ApiTokenInputSerializer, responses={201: ApiTokenCreatedSerializer}),
    destroy=extend_schema(summary="Revoke one of your API tokens", tags=["auth"]),
)
class ApiTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]
    parser_classes = PARSERS
    renderer_classes = RENDERERS
    schema = ApiSchema()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return api_tokens_of(user=self.request.user)

    def create(self, request):
        body = ApiTokenInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        issued = api_token_create(user=request.user, **body.validated_data)
        data = {**ApiTokenSerializer(issued.token).data, "token": issued.key}
        return Response(data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        token = self.get_queryset().filter(pk=pk).first() if str(pk).isdigit() else None
        if token is None:
            raise Http404("No token of yours has this id.")
        api_token_revoke(token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
