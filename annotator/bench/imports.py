"""`bench import`: throughput of import jobs, plain documents and documents with predictions.

Two runs on the same corpus, each on a fresh SQLite database in a temporary DATA_DIR, each in a
fresh process that runs the import job in-process exactly as a worker does (`job_run` with
`import_documents_run`: the checking pass over the whole file, then storing in chunks with
tokenization by the project's spaCy tokenizer and bulk inserts):
1. a JSONL file of plain documents ({text, meta}) imported as documents;
2. the same documents with 15 non-overlapping spans and one relation each, imported as predictions.
Reports docs/s of the whole job, the time of the checking pass alone, and peak RSS growth.

    python manage.py bench import --docs 2000 [--corpus FILE]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.bench.common import (ROOT, add_common_arguments, data_folder, environment, load_corpus, machine,
                                    manage, markdown_table)
from annotator.bench.export import LABELS, RELATION, SPANS_PER_DOCUMENT, _memory, _reset_peak, bench_spans

HELP = "import jobs: N plain documents, and N documents with 15 spans + 1 relation as predictions (docs/s)"
SCENARIOS = {"documents": "plain documents, as documents",
             "predictions": f"{SPANS_PER_DOCUMENT} spans + 1 relation each, as predictions"}


def add_arguments(parser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--chunk-size", type=int, default=None, help="IMPORT_CHUNK_SIZE (default: the setting's)")


def run(options: dict, out) -> dict:
    records = load_corpus(options)
    out.write(f"Corpus: {len(records)} documents ({options.get('corpus') or 'generated'})\n")
    runs = {}
    with tempfile.TemporaryDirectory(prefix="bench-import-files-") as files:
        paths = {}
        for scenario in SCENARIOS:
            paths[scenario] = Path(files) / f"{scenario}.jsonl"
            with open(paths[scenario], "w", encoding="utf-8") as handle:
                for record in records:
                    line = {"text": record["text"], "meta": record["meta"]}
                    if scenario == "predictions":
                        line.update(bench_spans(record["text"]))
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        for scenario, path in paths.items():
            with data_folder(f"import-{scenario}", keep=options["keep"]) as folder:
                extra = {"LOG_LEVEL": "WARNING"}
                if options.get("chunk_size"):
                    extra["IMPORT_CHUNK_SIZE"] = options["chunk_size"]
                env = environment(folder, **extra)
                manage(env, "migrate", "--no-input")
                result = subprocess.run([sys.executable, "-m", "annotator.bench.imports", "--file", str(path),
                                         "--as", scenario], cwd=ROOT, env=env, capture_output=True, text=True,
                                        timeout=3600)
                if result.returncode:
                    raise RuntimeError(f"the import run failed:\n{result.stderr[-4000:]}")
                measured = json.loads(result.stdout.strip().splitlines()[-1])
                runs[scenario] = measured
                out.write(f"  {SCENARIOS[scenario]}: {measured['docs_per_s']} docs/s ({measured['seconds']} s, "
                          f"checking pass {measured['check_seconds']} s; {measured['spans']} spans); peak RSS growth "
                          f"{measured['rss_growth_mib']} MiB\n")
    return {"benchmark": "import",
            "options": {k: options.get(k) for k in ("docs", "words", "seed", "corpus", "chunk_size")},
            "machine": machine(), "runs": runs}


def table(result: dict) -> str:
    rows = [[SCENARIOS[name], run["documents"], run["seconds"], run["docs_per_s"], run["check_seconds"],
             run["spans"], run["relations"], run["rss_growth_mib"]] for name, run in result["runs"].items()]
    header = ["import", "documents", "seconds", "docs/s", "checking pass (s)", "spans", "relations",
              "peak RSS growth (MiB)"]
    return "Import benchmark (one import job, in-process, fresh SQLite database)\n\n" + markdown_table(header, rows)


def _measure(path: str, as_: str) -> dict:
    from annotator.models import Job, Relation, Span
    from annotator.nlp import tokenize_texts
    from annotator.selectors.annotations import project_label_set
    from annotator.services.imports import import_check, import_documents_run
    from annotator.services.jobs import job_create, job_run
    from annotator.services.projects import project_create

    project = project_create(name="Bench", entity_types=list(LABELS), relation_types=[RELATION])
    tokenize_texts(["warm up"], model=project.spacy_model)  # a worker has its tokenizer loaded
    job = job_create(kind="import", project=project, params={"path": path, "as": as_})
    before = _memory()
    reset = _reset_peak()
    started = time.perf_counter()
    job_run(job_id=job.pk, work=import_documents_run)
    seconds = time.perf_counter() - started
    after = _memory()
    job = Job.objects.get(pk=job.pk)
    if job.status != "succeeded":
        raise SystemExit(f"import {job.status}: {job.errors[:3]}")
    labels = project_label_set(project=project) if as_ != "documents" else None
    started = time.perf_counter()
    import_check(path=path, name=Path(path).name, format="auto", as_=as_, project=project, labels=labels)
    check_seconds = time.perf_counter() - started
    documents = job.result["documents"]
    peak = after["VmHWM"] if reset else max(after["VmHWM"], before["VmRSS"])
    return {"as": as_, "documents": documents, "created": job.result["created"], "seconds": round(seconds, 3),
            "docs_per_s": round(documents / seconds, 1), "check_seconds": round(check_seconds, 3),
            "spans": Span.objects.count(), "relations": Relation.objects.count(),
            "rss_growth_mib": round((peak - before["VmRSS"]) / 1024, 1), "peak_rss_mib": round(peak / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m annotator.bench.imports")
    parser.add_argument("--file", required=True)
    parser.add_argument("--as", dest="as_", choices=tuple(SCENARIOS), required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()
    print(json.dumps(_measure(args.file, args.as_)))


if __name__ == "__main__":
    main()
