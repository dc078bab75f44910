"""The project `bench scale` measures, written straight into the tables (not measured).

    python -m bench.scale_data --docs N --gold G --annotated A --password PASSWORD [--corpus FILE]

N documents from the shared corpus (a base of at most BASE documents, generated or read, cycled
and made unique by a last line `Reference S0000042.`); documents 0..G-1 have a model's prediction
(15 scored spans + 1 relation) and gold, status gold; documents G..G+A-1 have two models'
predictions (they differ on some spans) and two annotators' submitted annotations (they
disagree on some spans), status submitted; the rest are new.

Fast and memory-flat: the base texts are tokenized once (a copy's last line tokenizes the same
whatever its number, the number being of fixed width), rows are built per batch of BATCH
documents and inserted with executemany, ids given here so spans and relations refer to them,
one transaction per batch; on SQLite the load runs with `synchronous=OFF` (this connection only).
Columns this module does not name (added by later migrations) get their field's default.
Prints one JSON line: the project, users and sample document ids, and counts. With --describe,
writes nothing and prints the same line about a database an earlier run filled (`bench scale --reuse`).
"""
import argparse
import json
import os
import sys
import time

BASE = 2000
BATCH = 2000
SUFFIX = "\n\nReference S{:07d}."
ANNOTATORS = ("bench-annotator-1", "bench-annotator-2")
MODELS = ("bench-model", "bench-model-b")
# Management commands that rebuild stored figures from the tables, run after the load when they exist.
REBUILD_COMMANDS = ("rebuild_figures",)


def _score(i: int, k: int) -> float:
    return round(0.3 + ((i * 7919 + k * 104729) % 700) / 1000, 3)


class Inserter:
    """executemany of one model's rows given as {field name: value as the database takes it};
    the model's other concrete fields get their default."""

    def __init__(self, model, names: list[str]):
        from django.db import connection
        from django.db.models import JSONField

        self.model = model
        fields = [f for f in model._meta.concrete_fields]
        given = set(names)
        self.names = list(names)
        self.defaults = []
        for f in fields:
            if f.attname in given or f.primary_key:
                continue
            if not f.has_default():
                if f.null:
                    continue
                raise SystemExit(f"{model.__name__}.{f.name}: no default, bench/scale_data.py must set it")
            value = f.get_default()
            value = json.dumps(value) if isinstance(f, JSONField) else f.get_db_prep_save(value, connection)
            self.names.append(f.attname)
            self.defaults.append(value)
        self.columns = self.names  # attnames: _meta.get_field takes them
        self.defaults = tuple(self.defaults)

    def insert(self, rows: list[tuple]) -> None:
        from annotator.services.bulk import rows_insert

        if rows:
            rows_insert(model=self.model, columns=self.columns, rows=[row + self.defaults for row in rows])


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def generate(*, docs: int, gold: int, annotated: int, password: str, corpus: str | None, words: int,
             seed: int, out=sys.stderr) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from annotator.models import Annotation, Document, EntityType, Membership, Relation, RelationType, Role, Span
    from annotator.nlp import tokenize_texts_json
    from annotator.services.bulk import db_now
    from annotator.services.documents import content_hash
    from annotator.services.projects import project_create
    from bench.corpus import LABELS, RELATION, bench_spans, make_corpus, read_corpus
    from bench.server import ADMIN, USER

    started = time.perf_counter()
    gold = min(gold, docs)
    annotated = min(annotated, docs - gold)
    users = get_user_model().objects
    users.create_superuser(username=ADMIN, password=password, email="")
    manager = users.create_user(username=USER, password=password)
    annotators = [users.create_user(username=name, password=password) for name in ANNOTATORS]
    project = project_create(name="Scale", entity_types=list(LABELS), relation_types=[RELATION])
    Membership.objects.create(project=project, user=manager, role=Role.MANAGER)
    for person in annotators:
        Membership.objects.create(project=project, user=person, role=Role.ANNOTATOR)
    label_ids = dict(EntityType.objects.filter(project=project).values_list("name", "id"))
    relation_id = RelationType.objects.get(project=project, name=RELATION).id

    base_size = min(docs, BASE)
    base = read_corpus(corpus, limit=base_size) if corpus else make_corpus(base_size, words=words, seed=seed)
    texts = [record["text"] + SUFFIX.format(0) for record in base]
    tokens = tokenize_texts_json(texts, model=project.spacy_model)
    spans_of = [bench_spans(record["text"])["spans"] for record in base]
    out.write(f"  base corpus: {len(base)} documents tokenized in {time.perf_counter() - started:.1f} s\n")

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    now = db_now(Document)
    documents = Inserter(Document, ["id", "project_id", "text", "title", "meta", "external_id", "content_hash",
                                    "tokens", "status", "created_at", "updated_at"])
    annotations = Inserter(Annotation, ["id", "document_id", "kind", "author_id", "model", "model_version", "status",
                                        "created_at", "updated_at"])
    spans = Inserter(Span, ["id", "annotation_id", "start", "end", "label_id", "score"])
    relations = Inserter(Relation, ["annotation_id", "head_id", "child_id", "label_id"])
    first_document, next_annotation, next_span = _next_id(Document), _next_id(Annotation), _next_id(Span)
    counts = {"documents": 0, "annotations": 0, "spans": 0, "relations": 0}
    label_names = list(LABELS)

    def annotation(document_id: int, kind: str, status: str, base_spans: list[dict], *, i: int, author=None,
                   model: str = "", shift: int = 0, scored: bool = False) -> tuple[list, list, list]:
        nonlocal next_annotation, next_span
        pk = next_annotation
        next_annotation += 1
        span_rows = []
        for k, span in enumerate(base_spans):
            # `shift` relabels some spans (a second model, a second annotator): they disagree there.
            label = label_names[(k + (shift if (i + k) % 3 == 0 else 0)) % len(label_names)]
            span_rows.append((next_span + k, pk, span["start"], span["end"], label_ids[label],
                              _score(i, k) if scored else None))
        relation_rows = [(pk, span_rows[0][0], span_rows[1][0], relation_id)] if len(span_rows) > 1 else []
        next_span += len(span_rows)
        row = (pk, document_id, kind, author, model, "1" if model else "", status, now, now)
        return [row], span_rows, relation_rows

    for batch_start in range(0, docs, BATCH):
        doc_rows, ann_rows, span_rows, rel_rows = [], [], [], []
        for i in range(batch_start, min(docs, batch_start + BATCH)):
            b = i % len(base)
            record = base[b]
            text = record["text"] + SUFFIX.format(i)
            document_id = first_document + i
            status = "gold" if i < gold else "submitted" if i < gold + annotated else "new"
            meta = {k: v for k, v in (record.get("meta") or {}).items() if k not in ("title", "external_id")}
            doc_rows.append((document_id, project.pk, text, str((record.get("meta") or {}).get("title", ""))[:500],
                             json.dumps(meta), f"scale-{i}", content_hash(text), tokens[b], status, now, now))
            made = []
            if i < gold:
                made.append(annotation(document_id, "prediction", "submitted", spans_of[b], i=i, model=MODELS[0],
                                       scored=True))
                made.append(annotation(document_id, "gold", "submitted", spans_of[b], i=i, author=manager.pk))
            elif i < gold + annotated:
                made.append(annotation(document_id, "prediction", "submitted", spans_of[b], i=i, model=MODELS[0],
                                       scored=True))
                made.append(annotation(document_id, "prediction", "submitted", spans_of[b], i=i, model=MODELS[1],
                                       scored=True, shift=1))
                for n, person in enumerate(annotators):
                    made.append(annotation(document_id, "annotation", "submitted", spans_of[b], i=i,
                                           author=person.pk, shift=n * (1 + i % 2)))
            for a, s, r in made:
                ann_rows += a
                span_rows += s
                rel_rows += r
        with transaction.atomic():
            documents.insert(doc_rows)
            annotations.insert(ann_rows)
            spans.insert(span_rows)
            relations.insert(rel_rows)
        counts["documents"] += len(doc_rows)
        counts["annotations"] += len(ann_rows)
        counts["spans"] += len(span_rows)
        counts["relations"] += len(rel_rows)
        if (batch_start // BATCH) % 50 == 49:
            out.write(f"  {counts['documents']} documents stored ({time.perf_counter() - started:.0f} s)\n")
            out.flush()
    load_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Document, Annotation, Span, Relation):
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # nosec B608 (model names)
                               f"COALESCE((SELECT MAX(id) FROM {table}), 1))")
            cursor.execute("ANALYZE")
    rebuilt = _rebuild(out)
    return {"project": project.pk, "users": {"manager": USER, "annotators": list(ANNOTATORS), "admin": ADMIN},
            "gold": gold, "annotated": annotated, **counts, "base_documents": len(base),
            "sample": {"gold_document": first_document, "annotated_document": first_document + gold,
                       "new_document": first_document + min(docs - 1, gold + annotated),
                       "rare_word": f"S{docs // 2:07d}"},
            "load_seconds": round(load_seconds, 1), "rebuilt_with": rebuilt,
            "seconds": round(time.perf_counter() - started, 1)}


def describe() -> dict:
    """What generate() printed, read back from a database it filled earlier (`bench scale --reuse`):
    the project named "Scale", its documents, annotations, spans and relations now, the sample ids and
    rare word of the generated documents, and when the project was made."""
    from django.db.models import Min

    from annotator.models import Annotation, Document, Project, Relation, Span
    from bench.server import ADMIN, USER

    project = Project.objects.filter(name="Scale").order_by("id").first()
    if project is None:
        raise SystemExit("no project named Scale here: not the data of a `bench scale --keep` run")
    documents = Document.objects.filter(project=project)
    generated = documents.filter(external_id__startswith="scale-").count()
    first = documents.aggregate(first=Min("id"))["first"]
    gold = documents.filter(status="gold").count()
    annotated = documents.filter(status="submitted").count()
    annotations = Annotation.objects.filter(document__project=project)
    return {"project": project.pk, "users": {"manager": USER, "annotators": list(ANNOTATORS), "admin": ADMIN},
            "gold": gold, "annotated": annotated, "documents": documents.count(), "generated_documents": generated,
            "annotations": annotations.count(), "spans": Span.objects.filter(annotation__in=annotations).count(),
            "relations": Relation.objects.filter(annotation__in=annotations).count(),
            "sample": {"gold_document": first, "annotated_document": first + gold,
                       "new_document": first + min(generated - 1, gold + annotated), "rare_word": f"S{generated // 2:07d}"},
            "generated_at": project.created_at.isoformat(timespec="seconds"), "seconds": None}


def _rebuild(out) -> list[str]:
    """Run the figure-rebuilding commands this checkout has (see REBUILD_COMMANDS)."""
    from django.core.management import call_command, get_commands

    ran = []
    for name in REBUILD_COMMANDS:
        if name in get_commands():
            started = time.perf_counter()
            call_command(name, stdout=out)
            out.write(f"  {name}: {time.perf_counter() - started:.1f} s\n")
            ran.append(name)
    return ran


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale_data")
    parser.add_argument("--describe", action="store_true", help="print what an earlier run generated; write nothing")
    parser.add_argument("--docs", type=int)
    parser.add_argument("--gold", type=int)
    parser.add_argument("--annotated", type=int)
    parser.add_argument("--password")
    parser.add_argument("--corpus")
    parser.add_argument("--words", type=int, default=450)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()
    if args.describe:
        print(json.dumps(describe()))
        return
    if None in (args.docs, args.gold, args.annotated, args.password):
        parser.error("--docs, --gold, --annotated and --password are required to generate")
    result = generate(docs=args.docs, gold=args.gold, annotated=args.annotated, password=args.password,
                      corpus=args.corpus, words=args.words, seed=args.seed)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
