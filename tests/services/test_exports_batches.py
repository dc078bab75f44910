"""An export read in many batches writes the same bytes as one read in a single batch: documents
with emoji, CJK, combining marks and CRLF, gold, submitted, draft and predicted annotations, and
documents with none, whichever batch each falls in."""
import zipfile

import pytest
from django.test import override_settings

from annotator.models import Document, Export, Job
from annotator.selectors import exports as selector
from annotator.selectors.annotations import project_label_set
from annotator.services.annotation_import import annotations_import
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from annotator.services.documents import documents_add
from annotator.services.exports import export_build, export_create
from tests.object_store import use_local_storage

TEXTS = [
    "Maria Okafor 😀 of Reuters met 東京 officials.\r\nReuters said so.",
    "“Maria Okafor” joined Reuters in Zu\u0308rich 🇳🇬.\r\n\r\nMore later.",
    "Maria Okafor\tof Reuters: 北京 and 東京, 𝒳 ok.",
    "Plain Maria Okafor of Reuters.\nLine two\rthree.",
]
DOCUMENTS = 23  # batches of 1, 2, 3 and 4 leave a last batch short, so every boundary falls somewhere new
GOLD = sum(1 for i in range(DOCUMENTS) if i % 5 in (0, 3))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_local_storage(settings, tmp_path / "media")


def at(text, fragment, label, span_id):
    start = text.index(fragment)
    return {"id": span_id, "start": start, "end": start + len(fragment), "label": label}


def spans_of(text, *, score=None):
    spans = [at(text, "Maria Okafor", "PERSON", 1), at(text, "Reuters", "ORG", 2)]
    return [{**span, "score": score} for span in spans] if score is not None else spans


@pytest.fixture
def mixed_project(project, users):
    texts = [f"{TEXTS[i % len(TEXTS)]} #{i}" for i in range(DOCUMENTS)]
    ids = documents_add(project=project, records=[{"text": t, "external_id": f"ext-{i}", "meta": {"n": i, "é": "東"}}
                                                  for i, t in enumerate(texts)]).document_ids
    labels = project_label_set(project=project)
    predicted = [pk for i, pk in enumerate(ids) if i % 5 in (1, 3)]
    annotations_import(kind="prediction", document_ids=predicted, labels=labels, model="m", model_version="v1",
                       bodies=[{"spans": spans_of(Document.objects.get(pk=pk).text, score=0.25 + pk % 3 / 10),
                                "relations": []} for pk in predicted])
    relation = [{"head": 1, "child": 2, "label": "works_for"}]
    for i, pk in enumerate(ids):
        document = Document.objects.get(pk=pk)
        if i % 5 in (0, 3):  # gold (over a prediction for 3)
            annotation_gold_save(document=document, user=users["bob"], spans=spans_of(document.text),
                                 relations=relation)
        elif i % 5 == 2:  # a submitted annotation and another annotator's draft
            annotation_mine_save(document=document, user=users["alice"], spans=spans_of(document.text),
                                 relations=relation, submit=True)
            annotation_mine_save(document=document, user=users["carol"], spans=spans_of(document.text)[:1],
                                 relations=[])
        # 1: the prediction only; 4: nothing at all
    return project


def members(project, format_name, **options):
    export = export_create(project=project, format=format_name, **options)
    export_build(job_id=export.job_id)
    export = Export.objects.get(pk=export.pk)
    assert export.status == "succeeded", Job.objects.get(pk=export.job_id).errors
    with zipfile.ZipFile(export.file.path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "manifest.json"}, export


@pytest.mark.django_db
@pytest.mark.parametrize("format_name", ["jsonl", "labelstudio", "conll"])  # raw tokens, predictions, decoded tokens
@pytest.mark.parametrize("only_gold", [False, True])
def test_many_batches_write_the_bytes_of_one_batch(mixed_project, monkeypatch, format_name, only_gold):
    one, first = members(mixed_project, format_name, only_gold=only_gold, seed=3)
    assert sum(c["documents"] for c in first.manifest["counts"].values()) == (DOCUMENTS if not only_gold else GOLD)
    for size in (1, 2, 3, 4):
        monkeypatch.setattr(selector, "EXPORT_BATCH_SIZE", size)
        monkeypatch.setattr(selector, "EXPORT_BATCH_SIZE_TEXT", size)
        many, export = members(mixed_project, format_name, only_gold=only_gold, seed=3)
        assert many == one, f"batches of {size}"
        assert export.manifest["counts"] == first.manifest["counts"]


@pytest.mark.django_db
def test_the_export_is_the_same_whatever_the_compressing_threads(mixed_project, monkeypatch):
    from annotator.formats import zip_sink

    monkeypatch.setattr(zip_sink, "CHUNK", 256)  # many chunks in flight at once
    with override_settings(EXPORT_COMPRESS_THREADS=1):
        one, first = members(mixed_project, "jsonl", only_gold=False)
    with override_settings(EXPORT_COMPRESS_THREADS=4):
        four, export = members(mixed_project, "jsonl", only_gold=False)
    assert four == one and export.manifest["files"] == first.manifest["files"]
    with zipfile.ZipFile(first.file.path) as a, zipfile.ZipFile(export.file.path) as b:
        for name in one:  # the deflated bytes too, not only what they inflate to
            assert (a.getinfo(name).CRC, a.getinfo(name).compress_size) == (b.getinfo(name).CRC,
                                                                             b.getinfo(name).compress_size)
