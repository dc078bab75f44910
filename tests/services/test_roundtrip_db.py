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
from tests.formats.brat_reads import as_brat_reads

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


def as_brat_exports(project) -> dict:
    """What a default brat export holds (line breaks as LF, spans moved onto that text), by text."""
    moved = (as_brat_reads(record) for record in export_records(project=project))
    return {text: (sorted(spans), sorted(relations)) for text, spans, relations in moved}


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
        # Spans anywhere (sub-word, after emoji) could look shifted to doccano's UTF-16 check: name the unit.
        options = {"options": {"offsets": "codepoints"}} if format_name == "doccano" else {}
        job = job_create(kind="import", project=target, created_by=reviewer,
                         params={"upload": export.file.name, "filename": Path(export.file.name).name, "as": "gold",
                                 **options})
        job_run(job_id=job.pk, work=import_documents_run)
        job = Job.objects.get(pk=job.pk)
        assert job.status == "succeeded", (format_name, job.errors)
        assert job.result["format"] == format_name
        if format_name == "brat":  # the .txt has LF line breaks, which brat and pybrat read alike
            assert annotations_by_text(target) == as_brat_exports(source), format_name
        else:
            assert annotations_by_text(target) == expected, format_name
        assert set(target.documents.values_list("status", flat=True)) == {"gold"}


BRAT_TEXT = "Doc:\r\nAnge\u0301la Merkel met 習近平 😀 in Berlin.\rApple\r\nrose."


def build_brat(project, **options):
    export = export_create(project=project, format="brat", split={"train": 1.0}, **options)
    export_build(job_id=export.job_id)
    export = Export.objects.get(pk=export.pk)
    assert export.status == "succeeded", Job.objects.get(pk=export.job_id).errors
    return export


def import_gold(project, export, user):
    job = job_create(kind="import", project=project, created_by=user,
                     params={"upload": export.file.name, "filename": Path(export.file.name).name, "as": "gold"})
    job_run(job_id=job.pk, work=import_documents_run)
    job = Job.objects.get(pk=job.pk)
    assert job.status == "succeeded", job.errors
    return job


@pytest.mark.django_db
def test_brat_export_shows_the_right_words_in_brat_and_pybrat_and_reads_back(users):
    import io
    import zipfile

    source = new_project("source")
    [document_id] = documents_add(project=source, records=[{"text": BRAT_TEXT}]).document_ids
    pieces = [("Ange\u0301la Merkel", "PER"), ("習近平", "PER"), ("Berlin", "LOC"), ("Apple", "ORG"), ("rose", "LOC")]
    spans = [{"id": i, "start": BRAT_TEXT.index(p), "end": BRAT_TEXT.index(p) + len(p), "label": label}
             for i, (p, label) in enumerate(pieces)]
    annotation_gold_save(document=Document.objects.get(pk=document_id), user=users["bob"], spans=spans,
                         relations=[{"head": 3, "child": 2, "label": "located_in"}])
    export = build_brat(source)
    with zipfile.ZipFile(export.file.open("rb")) as archive:
        [txt_name] = [n for n in archive.namelist() if n.endswith(".txt")]
        txt, ann = archive.read(txt_name), archive.read(txt_name[:-4] + ".ann").decode("utf-8")
    as_brat = txt.decode("utf-8")  # brat's server: codecs.open drops universal newlines
    as_pybrat = io.TextIOWrapper(io.BytesIO(txt), encoding="utf-8").read()  # text mode: universal newlines
    for text in (as_brat, as_pybrat):
        covered = [text[int(a):int(b)] for a, b in (line.split("\t")[1].split()[1:3] for line in ann.splitlines()
                                                    if line.startswith("T"))]
        assert covered == [piece for piece, _label in pieces]
    # Read back as gold: the same words, on the text with LF line breaks.
    target = new_project("copy")
    import_gold(target, export, users["bob"])
    [copied] = export_records(project=target)
    assert copied["text"] == BRAT_TEXT.replace("\r\n", "\n").replace("\r", "\n")
    assert [(copied["text"][s["start"]:s["end"]], s["label"]) for s in copied["spans"]] == pieces
    assert relation_keys(copied)[0][2] == "located_in"


@pytest.mark.django_db
def test_brat_export_with_exact_newlines_reimports_onto_the_same_document(users):
    source = new_project("source")
    [document_id] = documents_add(project=source, records=[{"text": BRAT_TEXT}]).document_ids
    document = Document.objects.get(pk=document_id)
    start = BRAT_TEXT.index("Apple")
    annotation_gold_save(document=document, user=users["bob"], spans=[{"id": 1, "start": start, "end": start + 5,
                                                                       "label": "ORG"}], relations=[])
    expected = annotations_by_text(source)
    export = build_brat(source, options={"newlines": "keep"})
    assert export.manifest["options"]["options"] == {"newlines": "keep"}
    job = import_gold(source, export, users["bob"])
    assert (job.result["created"], job.result["duplicates"]) == (0, 1)  # the same text, byte for byte
    assert annotations_by_text(source) == expected
