"""Training a model on the project's gold (manager; 202 with the train job) and the project's models (member)."""
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from annotator.models import Role, TrainedModel
from annotator.selectors.trained_models import project_models
from annotator.services.training import training_start
from api.serializers.jobs import JobSerializer
from api.serializers.training import ModelEntrySerializer, ModelListSerializer, TrainInputSerializer
from api.views.base import PROJECT_PK, ProjectChildViewSet


@extend_schema_view(create=extend_schema(
    summary="Train a spaCy ner on the project's gold (manager)", parameters=[PROJECT_PK], request=TrainInputSerializer,
    responses={202: JobSerializer},
    description="Trains on the gold documents of the train split (the split exports use, seed 0) and evaluates on "
                "dev; stores the pipeline as the project's next version (`v1`, `v2`...) and scores it and the "
                "base pipeline on the test split. Progress (step, loss, dev P/R/F1) is in the job's "
                "`result.progress`. 409 while another training of the project is not finished."))
class ProjectTrainViewSet(ProjectChildViewSet):
    serializer_class = TrainInputSerializer
    roles = {"create": Role.MANAGER}

    def create(self, request, project_pk=None):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = training_start(project=self.project, created_by=request.user, **body.validated_data)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(list=extend_schema(
    summary="The project's models: its base pipeline and the versions trained on its gold, with scores",
    parameters=[PROJECT_PK], responses=ModelListSerializer))
class ProjectModelViewSet(ProjectChildViewSet):
    serializer_class = ModelEntrySerializer
    queryset = TrainedModel.objects.none()  # for the schema only: the list is built by the selector

    def list(self, request, project_pk=None):
        entries = project_models(project=self.project)
        results = ModelEntrySerializer(entries, many=True).data
        return Response({"count": len(results), "next": None, "results": results})
