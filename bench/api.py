"""`bench api`: the running system as the editor and scripts meet it, over HTTP.

On the real server started as `make run` starts it (bench/server.py: `manage.py serve
--migrate`, gunicorn with its workers and a Celery worker, on a fresh database) and driven by a
client process of its own (bench/client.py):

1. start-up: from spawning `manage.py serve --migrate` on a fresh, empty database (so applying
   every migration is included) to the first 200 on /healthz; --repeat times, each on a fresh
   database;
2. idle memory of the web tier (the gunicorn master and its workers: RSS and PSS of each, and
   summed) and of the Celery worker, once the system is up and nothing is asked of it;
3. latency, one request at a time as a plain member (token auth): save a document's 15 spans
   and 1 relation (PUT annotations/mine, first save), save it again with its version, and read
   it with its annotations: in one request (GET documents/{id}/?include=annotations, as the
   peers' figure reads a task with its annotations), and in two (GET the document, then GET
   its annotations, p50/p95/max of the pair and of each); --requests documents (at least 200);
4. the same memory figures again after those requests (the tokenizer is loaded by the first
   document import, so its memory is counted there).

    python manage.py bench api [--requests 250] [--repeat 3] [--web-workers 2]
"""
import tempfile
import time
from pathlib import Path

from bench.common import add_common_arguments, load_corpus, machine, markdown_table
from bench.corpus import write_corpus
from bench.server import fresh_stack

HELP = "start-up time, idle memory, save and read latency of the running server over HTTP"
TARGETS = {"save_p50_ms": 10, "read_p50_ms": 5, "startup_seconds": 4, "idle_web_mb": 150}
SETTLE_SECONDS = 2.0


def add_arguments(parser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--requests", type=int, default=250,
                        help="documents saved and read, one request at a time (default 250; at least 200 "
                             "for the percentiles to mean something)")
    parser.add_argument("--repeat", type=int, default=3, help="start-ups measured, each on a fresh database")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers (default 2, as make run)")


def run(options: dict, out) -> dict:
    options = {**options, "docs": max(options["docs"], options["requests"])}
    records = load_corpus(options)[:options["requests"]]
    started_on = machine()
    startups = []
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-api-files-") as files:
        corpus = write_corpus(records, Path(files) / "corpus.jsonl")
        for attempt in range(1, max(1, options["repeat"]) + 1):
            with fresh_stack("api", options=options) as stack:
                startups.append(round(stack.start(), 3))
                out.write(f"  start-up {attempt}: {startups[-1]} s to the first 200 on /healthz\n")
                if attempt < max(1, options["repeat"]):
                    continue
                stack.wait_worker()
                time.sleep(SETTLE_SECONDS)
                result["idle"] = stack.memory()
                out.write(f"  idle: web tier {_web_line(result['idle'])}\n")
                stack.accounts()
                project = stack.project("Latency")
                added = stack.client("documents", "--project", str(project), "--corpus", str(corpus),
                                     "--concurrency", "1")
                out.write(f"  {added['created']} documents added over the API\n")
                result["latency"] = stack.client("latency", "--project", str(project), "--requests",
                                                 str(options["requests"]))
                time.sleep(SETTLE_SECONDS)
                result["after"] = stack.memory()
                lat = result["latency"]
                out.write(f"  save p50 {lat['save']['p50_ms']} ms, re-save p50 {lat['resave']['p50_ms']} ms, "
                          f"read p50 {lat['read']['p50_ms']} ms (two requests: {lat['read_pair']['p50_ms']} ms; "
                          f"{lat['requests']} documents)\n")
                out.write(f"  after the requests: web tier {_web_line(result['after'])}\n")
    ordered = sorted(startups)
    return {
        "benchmark": "api",
        "options": {k: options.get(k) for k in ("requests", "repeat", "web_workers", "seed", "corpus")},
        "machine": {**started_on, "load_average_at_end": machine()["load_average_at_start"]},
        "startup": {"median_seconds": ordered[len(ordered) // 2], "all_seconds": startups},
        **result,
        "targets": TARGETS,
    }


def _web_line(memory: dict) -> str:
    web = memory["web"]
    each = ", ".join(f"{p['rss_mib']}" for p in web["processes"])
    return (f"PSS {web['pss_sum_mib']} MiB, RSS {web['rss_sum_mib']} MiB (each: {each}); "
            f"worker PSS {memory['worker']['pss_sum_mib']} MiB")


def table(result: dict) -> str:
    lat = result["latency"]
    rows = [[f"start-up to first 200 on /healthz (fresh database, median of {len(result['startup']['all_seconds'])})",
             f"{result['startup']['median_seconds']} s", f"runs {result['startup']['all_seconds']}"]]
    for name, label in (("save", "save 15 spans + 1 relation (first save)"), ("resave", "save again (with version)"),
                        ("read", "read document + annotations, one request (?include=annotations)"),
                        ("read_pair", "read document + annotations, two requests"),
                        ("read_document", "GET document"), ("read_annotations", "GET annotations")):
        summary = lat[name]
        rows.append([f"{label}, p50 / p95 / max ms", f"{summary['p50_ms']} / {summary['p95_ms']} / {summary['max_ms']}",
                     f"{summary['n']} requests"])
    for moment in ("idle", "after"):
        memory = result[moment]
        web = memory["web"]
        rows.append([f"web tier memory, {'idle' if moment == 'idle' else 'after the requests'} (PSS sum; RSS sum)",
                     f"{web['pss_sum_mib']} MiB; {web['rss_sum_mib']} MiB",
                     "RSS each: " + ", ".join(str(p["rss_mib"]) for p in web["processes"])])
        rows.append([f"Celery worker memory, {moment} (PSS sum; RSS sum)",
                     f"{memory['worker']['pss_sum_mib']} MiB; {memory['worker']['rss_sum_mib']} MiB", ""])
    return ("API benchmark: the server as `make run` starts it, driven over HTTP by a client process\n\n"
            + markdown_table(["measure", "value", "detail"], rows))

