"""Round trip through the database: gold stored in one project, exported in a format, imported with
as=gold into a NEW project, gives the same spans and relations (the export contract).

Generated documents mix ASCII, CJK, emoji (a ZWJ sequence too), combining marks, CRLF, tabs and
U+2028; spans overlap, nest, touch and cross line breaks; relations join random spans. Each
example stores, exports and imports through the services (with the project's spaCy tokenizer),
so examples are few.
"""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from annotator.formats.records import relation_keys, span_key
from annotator.models import Document, Export, Job
from annotator.selectors.exports import export_records
from annotator.services.annotations import annotation_gold_save
from annotator.services.documents import documents_add
from annotator.services.exports import export_build, export_create
from annotator.services.imports import import_documents_run
from annotator.services.jobs import job_create, job_run
from annotator.services.projects import project_create

FORMATS = ("jsonl", "spacy", "brat", "doccano", "prodigy")
LABELS = ("PER", "ORG", "LOC")
RELATIONS = ("works_for", "located_in")
CHUNKS = ["Obama", "Berlin", "ün", "東京", "😀", "👩\u200d👩\u200d👧", "e\u0301", "Ange\u0301la", ".", ",",
          "(CDU)", "2019", "'s"]
SEPARATORS = [" ", " ", "  ", "\r\n", "\n", "\t", "\u2028", ""]
EXAMPLES = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


@st.composite
def bodies(draw, text: str):
    """Spans anywhere in the text (unique by start, end, label), with relations between them."""
    spans, seen = [], set()
    for index in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 12)))
        label = draw(st.sampled_from(LABELS))
        if (start, end, label) not in seen:
            seen.add((start, end, label))
            spans.append({"id": index, "start": start, "end": end, "label": label})
    if draw(st.booleans()) and spans:  # an adjacent pair
        first = spans[0]
        if first["end"] < len(text) and (first["end"], first["end"] + 1, "ORG") not in seen:
            seen.add((first["end"], first["end"] + 1, "ORG"))
            spans.append({"id": 99, "start": first["end"], "end": first["end"] + 1, "label": "ORG"})
    relations, pairs = [], set()
    if len(spans) > 1:
        for _ in range(draw(st.integers(0, 3))):
            head, child = draw(st.sampled_from(spans)), draw(st.sampled_from(spans))
            label = draw(st.sampled_from(RELATIONS))
            if head is not child and (head["id"], child["id"], label) not in pairs:
                pairs.add((head["id"], child["id"], label))
                relations.append({"head": head["id"], "child": child["id"], "label": label})
    return {"spans": spans, "relations": relations}


@st.composite
def corpora(draw):
    documents = []
    for number in range(draw(st.integers(1, 4))):
        parts = draw(st.lists(st.tuples(st.sampled_from(CHUNKS), st.sampled_from(SEPARATORS)), min_size=1, max_size=10))
        text = f"Doc {number}:" + draw(st.sampled_from([" ", "\r\n", "\t"])) + "".join(c + s for c, s in parts)
        documents.append({"text": text, **draw(bodies(text))})
    return documents


def describe(corpus, expected) -> None:
    """What the examples covered (pytest --hypothesis-show-statistics)."""
    for spans, relations in expected.values():
        event(f"overlapping spans: {any(a[1] > b[0] for a, b in zip(spans, spans[1:]))}")
        event(f"adjacent spans: {any(a[1] == b[0] for a, b in zip(spans, spans[1:]))}")
        event(f"relations: {bool(relations)}")
    texts = "".join(document["text"] for document in corpus)
    event(f"emoji: {any(ord(char) > 0xFFFF for char in texts)}, CRLF: {chr(13) + chr(10) in texts}")


def new_project(name: str):
    return project_create(name=name, allow_overlap=True, entity_types=list(LABELS),
                          relation_types=[{"name": name} for name in RELATIONS])


def annotations_by_text(project) -> dict:
    return {record["text"]: (sorted(map(span_key, record["spans"])), sorted(relation_keys(record)))
            for record in export_records(project=project)}


@pytest.mark.django_db
@EXAMPLES
@given(corpus=corpora())
def test_export_then_import_as_gold_gives_the_same_annotations(corpus, users):
    reviewer = users["bob"]
    source = new_project("source")
    ids = documents_add(project=source, records=[{"text": d["text"]} for d in corpus]).document_ids
    for document_id, body in zip(ids, corpus):
        annotation_gold_save(document=Document.objects.get(pk=document_id), user=reviewer, spans=body["spans"],
                             relations=body["relations"])
    expected = annotations_by_text(source)
    describe(corpus, expected)
    assert len(expected) == len(corpus)
    for format_name in FORMATS:
        export = export_create(project=source, format=format_name, split={"train": 0.5, "dev": 0.5})
        export_build(job_id=export.job_id)
        export = Export.objects.get(pk=export.pk)
        assert export.status == "succeeded", Job.objects.get(pk=export.job_id).errors
        target = new_project(f"copy in {format_name}")
        job = job_create(kind="import", project=target, created_by=reviewer,
                         params={"path": export.file.path, "filename": Path(export.file.name).name, "as": "gold"})
        job_run(job_id=job.pk, work=import_documents_run)
        job = Job.objects.get(pk=job.pk)
        assert job.status == "succeeded", (format_name, job.errors)
        assert job.result["format"] == format_name
        assert annotations_by_text(target) == expected, format_name
        assert set(target.documents.values_list("status", flat=True)) == {"gold"}
