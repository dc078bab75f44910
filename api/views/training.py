"""Training a model on the project's gold (manager; 202 with the train job) and the project's models (member)."""
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from annotator.models import Role, TrainedModel
from annotator.selectors.trained_models import project_model_entry, project_models
from annotator.services.evaluate import evaluate_start
from annotator.services.model_registry import model_promote, trained_model_delete
from annotator.services.training import training_start
from api.serializers.jobs import JobSerializer
from api.serializers.training import (EvaluateInputSerializer, ModelEntrySerializer, ModelListSerializer,
                                      TrainInputSerializer)
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


@extend_schema_view(create=extend_schema(
    summary="Evaluate a model on every gold document (manager)", parameters=[PROJECT_PK],
    request=EvaluateInputSerializer, responses={202: JobSerializer},
    description="A job (kind `evaluate`) that adds or replaces the model's prediction of every gold document, "
                "never touching the gold or people's annotations; the stats' `model_comparison` then scores "
                "it beside the other versions on the same gold. 400 when the project has no gold."))
class ProjectEvaluateViewSet(ProjectChildViewSet):
    serializer_class = EvaluateInputSerializer
    roles = {"create": Role.MANAGER}

    def create(self, request, project_pk=None):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = evaluate_start(project=self.project, model=body.validated_data.get("model"), created_by=request.user)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


MODEL_LABEL = OpenApiParameter("label", OpenApiTypes.STR, OpenApiParameter.PATH,
                               description="`base` or a trained version (`v3`).")


@extend_schema_view(
    list=extend_schema(summary="The project's models: its base pipeline and the versions trained on its gold, "
                               "with scores", parameters=[PROJECT_PK], responses=ModelListSerializer),
    destroy=extend_schema(summary="Delete a trained version and its files (manager)",
                          parameters=[PROJECT_PK, MODEL_LABEL], responses={204: None}),
    promote=extend_schema(summary="Make a model the project's default for pre-labeling (manager)",
                          parameters=[PROJECT_PK, MODEL_LABEL], request=None, responses=ModelEntrySerializer),
)
class ProjectModelViewSet(ProjectChildViewSet):
    serializer_class = ModelEntrySerializer
    queryset = TrainedModel.objects.none()  # for the schema only: the list is built by the selector
    lookup_field = "label"
    lookup_value_regex = r"base|v\d{1,9}"
    roles = {"destroy": Role.MANAGER, "promote": Role.MANAGER}

    def list(self, request, project_pk=None):
        entries = project_models(project=self.project)
        results = ModelEntrySerializer(entries, many=True).data
        return Response({"count": len(results), "next": None, "results": results})

    def destroy(self, request, project_pk=None, label=None):
        trained = TrainedModel.objects.filter(project=self.project, version=int(label[1:])).first() \
            if label != "base" else None
        if trained is None:
            raise Http404("no trained version of this project by that label (the base pipeline is not deleted here)")
        trained_model_delete(trained=trained)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def promote(self, request, project_pk=None, label=None):
        project = model_promote(project=self.project, model=self.project.spacy_model if label == "base" else label)
        return Response(ModelEntrySerializer(project_model_entry(project=project, label=label)).data)
