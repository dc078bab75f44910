"""A trained model on the object store: training stores the pipeline as one archive (nothing in
MEDIA_ROOT), another machine's process fetches it into its own cache under the model's stable name
and pre-labels with it, and deleting the version removes the archive."""
import pytest
import spacy

from annotator.models import Annotation
from annotator.services.documents import documents_add
from annotator.services.model_registry import model_location, trained_model_delete
from annotator.services.prelabel import prelabel_start
from annotator.tasks import prelabel_task
from tests.object_store import local_files
from tests.services.test_training import train
from tests.training_data import add_gold, gold_records

pytestmark = pytest.mark.django_db


def test_a_trained_version_is_one_archive_fetched_where_it_is_used(object_store, settings, project, users, eager,
                                                                   tmp_path):
    add_gold(project, gold_records(30, labels=("PERSON", "ORG")), reviewer=users["bob"])
    job, trained = train(project, max_steps=2)
    assert job.status == "succeeded", job.errors
    assert trained.path == f"models/{project.pk}/1"  # the API shows the same path as on local storage
    assert object_store.keys() == [f"{object_store.prefix}/models/{project.pk}/1.tar.gz"]
    assert not local_files(settings.MEDIA_ROOT)
    assert not local_files(settings.LOCAL_CACHE_DIR / "building")  # the attempt folder is gone

    settings.LOCAL_CACHE_DIR = tmp_path / "another-machine"  # a worker that never saw the training
    name = f"project{project.pk}_v1"
    location = model_location(project=project, model=name)
    assert location == str(tmp_path / "another-machine" / "folders" / name)
    assert spacy.load(location).meta["name"] == name

    ids = documents_add(project=project, records=[{"text": r["text"]} for r in gold_records(3, seed=7)]).ids
    prelabel = prelabel_start(project=project, document_ids=ids, model="v1")
    prelabel_task(prelabel.pk)
    predictions = Annotation.objects.filter(document_id__in=ids, kind="prediction")
    assert set(predictions.values_list("model", flat=True)) == {name} and predictions.count() == 3

    trained_model_delete(trained=trained)
    assert object_store.keys() == [] and not local_files(tmp_path / "another-machine" / "folders")
