"""`bench import`: import throughput over HTTP against the running server.

The server is started as `make run` starts it (bench/server.py: gunicorn and a Celery
worker on a fresh database) and driven by a client process of its own
(bench/client.py), as a plain member with a token:
1. plain documents: `POST projects/{id}/documents/` with lists of --batch (1000) documents,
   --concurrency requests at a time (default: one per web worker); docs/s over the whole run,
   from the first request sent to the last answer;
2. predictions: `POST projects/{id}/imports/` with a JSONL file of the same documents with 15
   non-overlapping spans and one relation each, `as=predictions`; docs/s from the upload to
   the job's `finished_at` (the worker checks the whole file, then stores documents, tokens,
   predictions, spans and relations).
Each is run --repeat times, each time into a new project of the same server; the median is
reported with every run. Peak RSS of the web tier and of the worker is sampled from /proc.

    python manage.py bench import --docs 2000 [--corpus FILE] [--repeat 3]
"""
import tempfile
from pathlib import Path

from bench.common import PeakRss, add_common_arguments, load_corpus, machine, markdown_table
from bench.corpus import SPANS_PER_DOCUMENT, write_corpus
from bench.server import fresh_stack

HELP = "import over HTTP: N plain documents (POST documents/), and N with 15 spans + 1 relation as predictions"
SCENARIOS = {"documents": "plain documents, POST documents/ in lists of 1000",
             "predictions": f"{SPANS_PER_DOCUMENT} spans + 1 relation each, POST imports/ as=predictions"}
TARGETS = {"documents_docs_per_s": 12000, "predictions_docs_per_s": 5000}


def add_arguments(parser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each import (default 3); the median is reported")
    parser.add_argument("--batch", type=int, default=1000, help="documents per POST documents/ (default 1000)")
    parser.add_argument("--concurrency", type=int, default=None,
                        help="POST documents/ requests in flight at once (default: one per web worker)")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers (default 2, as make run)")


def run(options: dict, out) -> dict:
    records = load_corpus(options)
    out.write(f"Corpus: {len(records)} documents ({options.get('corpus') or 'generated'})\n")
    started_on = machine()
    concurrency = options.get("concurrency") or options.get("web_workers") or 2
    runs: dict[str, list[dict]] = {name: [] for name in SCENARIOS}
    with tempfile.TemporaryDirectory(prefix="bench-import-files-") as files:
        plain = write_corpus(records, Path(files) / "documents.jsonl")
        with_spans = write_corpus(records, Path(files) / "predictions.jsonl", with_spans=True)
        del records
        with fresh_stack("import", options=options) as stack:
            stack.start()
            stack.wait_worker()
            stack.accounts()
            for attempt in range(1, max(1, options["repeat"]) + 1):
                project = stack.project(f"Plain {attempt}")
                with PeakRss(stack.processes, interval=0.1) as memory:
                    measured = stack.client("documents", "--project", str(project), "--corpus", str(plain),
                                            "--batch", str(options["batch"]), "--concurrency", str(concurrency))
                measured["peak_rss_mib"] = memory.peaks
                runs["documents"].append(measured)
                out.write(f"  plain documents {attempt}: {measured['docs_per_s']} docs/s ({measured['seconds']} s, "
                          f"{measured['created']} created, {measured['requests']} requests, concurrency "
                          f"{concurrency}); peak RSS web {memory.peaks.get('web')} MiB\n")
                project = stack.project(f"Predictions {attempt}")
                with PeakRss(stack.processes, interval=0.1) as memory:
                    measured = stack.client("predictions", "--project", str(project), "--file", str(with_spans))
                measured["peak_rss_mib"] = memory.peaks
                runs["predictions"].append(measured)
                out.write(f"  predictions {attempt}: {measured['docs_per_s']} docs/s ({measured['seconds']} s: "
                          f"upload {measured['upload_seconds']} s, queued {measured['queued_seconds']} s, job "
                          f"{measured['job_seconds']} s; {measured['spans']} spans, {measured['relations']} "
                          f"relations); peak RSS worker {memory.peaks.get('worker')} MiB\n")
    return {"benchmark": "import",
            "options": {**{k: options.get(k) for k in ("docs", "words", "seed", "corpus", "repeat", "batch",
                                                       "web_workers")}, "concurrency": concurrency},
            "machine": {**started_on, "load_average_at_end": machine()["load_average_at_start"]},
            "runs": {name: _median(values) for name, values in runs.items()},
            "targets": TARGETS}


def _median(values: list[dict]) -> dict:
    """The run of median docs/s, with every run's docs/s."""
    ordered = sorted(values, key=lambda r: r["docs_per_s"])
    return {**ordered[len(ordered) // 2], "all_docs_per_s": [r["docs_per_s"] for r in values]}


def table(result: dict) -> str:
    rows = []
    for name, measured in result["runs"].items():
        peaks = measured["peak_rss_mib"]
        rows.append([SCENARIOS[name], measured["documents"], measured["seconds"], measured["docs_per_s"],
                     ", ".join(str(v) for v in measured["all_docs_per_s"]), measured.get("spans") or 0,
                     measured.get("relations") or 0, peaks.get("web"), peaks.get("worker")])
    header = ["import", "documents", "seconds", "docs/s (median)", "docs/s of each run", "spans", "relations",
              "peak RSS web (MiB)", "peak RSS worker (MiB)"]
    return ("Import benchmark: over HTTP against the running server (gunicorn + Celery worker, fresh database)\n\n"
            + markdown_table(header, rows))

