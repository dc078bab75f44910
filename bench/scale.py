"""`bench scale`: the requests whose cost grows with a project, on a project of N documents.

1. setup (not measured, but its time is reported): a fresh database (SQLite in a temporary
   DATA_DIR, or with --db URL a PostgreSQL database of that name, created here and dropped at the
   end unless --keep), migrated, then the project written straight into the tables by
   bench/scale_data.py: N documents, G (default N/10) with a prediction and gold, A (default
   N/100) with two models' predictions and two annotators' submissions;
2. the server started as `make run` starts it (bench/server.py) and driven over HTTP by a client
   process of its own (bench/scale_client.py): p50 of --requests repeated requests of each row
   of the table (stats, review queue, search, document list with filters, one document, its
   annotations, the next document of an annotator's queue under each queue order);
3. export of every document as jsonl through the API (docs/s from the job's start to its end,
   and the worker's peak RSS growth over its RSS before);
4. import at that N, into the same project: --import-docs new plain documents in lists of 1,000
   (POST documents/), and as many with 15 spans + 1 relation as predictions (POST imports/).

With --keep the data stays (its folder and database are printed); --reuse FOLDER_OR_URL measures
again on it without generating it: the kept data folder (SQLite) or the kept PostgreSQL database's
URL, migrated to the code measured, described from its tables (bench/scale_data.py --describe),
never dropped. Documents imported by a run stay in the project (the next run's header counts them).

    python manage.py bench scale --docs 100000 [--gold G] [--annotated A] [--requests 20]
                                 [--db sqlite|postgres://user:pass@host:5432/NAME] [--keep]
    python manage.py bench scale --reuse /tmp/bench-scale-XXXX|postgres://user:pass@host:5432/NAME [...]
"""
import json
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import (
    ROOT,
    PeakRss,
    _postgres_connect,
    add_common_arguments,
    environment,
    machine,
    manage,
    markdown_table,
    postgres_database_drop,
)
from bench.corpus import make_corpus, read_corpus, write_corpus
from bench.scale_data import ANNOTATORS
from bench.server import ADMIN, USER, Stack

HELP = "a project of N documents written in bulk; p50 of stats, review queue, search, lists, queue; export, import"
PASSWORD = "bench-password-not-secret"
REQUEST_TIMEOUT = 1800
QUEUE_ORDERS = ("order", "uncertain", "disagreement")
SEARCH_WORD = "Nairobi"
# (row key, what the table calls it, target: ("<=", ms) or (">=", docs/s) or None)
ROWS = [
    ("stats", "GET projects/{id}/stats/", ("<=", 200)),
    ("review_disagreement", "review queue: documents/?ordering=-disagreement", ("<=", 100)),
    ("search_common", f"search: documents/?q={SEARCH_WORD} (in most documents)", ("<=", 100)),
    ("search_rare", "search: documents/?q=<word of one document>", ("<=", 100)),
    ("list", "documents/ (no filter)", ("<=", 50)),
    ("list_gold", "documents/?status=gold", ("<=", 50)),
    ("list_new", "documents/?status=new", ("<=", 50)),
    ("list_submitted_desc", "documents/?status=submitted&ordering=-id", ("<=", 50)),
    ("list_gold_search", f"documents/?status=gold&q={SEARCH_WORD}", ("<=", 50)),
    ("document", "GET documents/{id}/ (a gold document)", None),
    ("annotations", "GET documents/{id}/annotations/", None),
    *((f"next_{order}", f"next document of an annotator's queue, queue order `{order}`", ("<=", 20))
      for order in QUEUE_ORDERS),
]


def add_arguments(parser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--gold", type=int, help="documents with a prediction and gold (default N/10)")
    parser.add_argument("--annotated", type=int, help="documents with two annotators' submissions (default N/100)")
    parser.add_argument("--db", default="sqlite",
                        help="sqlite (default: a fresh file) or the URL of a PostgreSQL database to create "
                             "(postgres://user:password@host:port/NAME; NAME must not exist; dropped after the "
                             "run unless --keep)")
    parser.add_argument("--requests", type=int, default=20, help="times each request is sent (default 20)")
    parser.add_argument("--import-docs", type=int, default=5000,
                        help="documents imported at that N, plain and with predictions (default 5000; 0 skips)")
    parser.add_argument("--no-export", action="store_true", help="skip the export")
    parser.add_argument("--reuse", metavar="FOLDER_OR_URL",
                        help="measure on the data an earlier run kept (--keep) instead of generating it: its data "
                             "folder (SQLite) or its PostgreSQL database URL; migrated, never dropped")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers (default 2, as make run)")


@contextmanager
def _database(options: dict):
    """(data folder, PostgreSQL URL or None): fresh, removed afterwards unless --keep; or with --reuse
    the kept ones (a PostgreSQL database gets a fresh folder for its broker and files, removed after)."""
    if options.get("reuse"):
        folder, url = _reused(options["reuse"])
        try:
            yield folder, url
        finally:
            if url:  # the scratch folder of a reused PostgreSQL database
                shutil.rmtree(folder, ignore_errors=True)
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    url = None if options["db"] in ("", "sqlite") else options["db"]
    if url:
        name = urlsplit(url).path.lstrip("/")
        if not name:
            raise SystemExit("--db: the URL must name the database to create")
        with _postgres_connect(url, dbname="postgres") as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield folder, url
    finally:
        if not options.get("keep"):
            if url:
                _drop(url)
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"kept: data folder {folder}" + (f", database {_safe(url)}" if url else "")
                  + f" (bench scale --reuse {url and _safe(url) or folder})", file=sys.stderr)


def _reused(reuse: str):
    """(folder, URL or None) of --reuse: a kept SQLite data folder (or its db.sqlite3), or a URL."""
    if reuse.startswith(("postgres://", "postgresql://")):
        with _postgres_connect(reuse, dbname="postgres") as connection:
            name = urlsplit(reuse).path.lstrip("/")
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                raise SystemExit(f"--reuse: there is no database {name}")
        return Path(tempfile.mkdtemp(prefix="bench-scale-")), reuse
    folder = Path(reuse)
    folder = folder.parent if folder.is_file() else folder
    if not (folder / "db.sqlite3").is_file():
        raise SystemExit(f"--reuse: {folder} holds no db.sqlite3 (the data folder a `bench scale --keep` run printed)")
    return folder, None


def _safe(url: str) -> str:
    """The URL without its password (for the table and messages)."""
    parts = urlsplit(url)
    return url.replace(f":{parts.password}@", ":***@") if parts.password else url


def _drop(url: str, *, attempts: int = 10) -> None:
    """Drop the run's database: WITH (FORCE) fails while autovacuum (a superuser's process) works on
    the freshly loaded tables, so a plain DROP is tried again until it is done."""
    postgres_database_drop(url)
    name = urlsplit(url).path.lstrip("/")
    for _attempt in range(attempts):
        with _postgres_connect(url, dbname="postgres") as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                return
            try:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
                return
            except Exception:  # noqa: BLE001  (in use a moment longer: tried again)
                time.sleep(3)
    print(f"warning: the bench database {name} is left behind", file=sys.stderr)


def run(options: dict, out) -> dict:
    docs = options["docs"]
    gold = docs // 10 if options.get("gold") is None else options["gold"]
    annotated = docs // 100 if options.get("annotated") is None else options["annotated"]
    started_on = machine()
    result: dict = {"benchmark": "scale", "options": {
        "docs": docs, "gold": gold, "annotated": annotated, "requests": options["requests"],
        "db": "sqlite" if options["db"] in ("", "sqlite") else "postgresql", "words": options["words"],
        "corpus": options.get("corpus"), "import_docs": options["import_docs"], "web_workers": options["web_workers"]}}
    with _database(options) as (folder, url), tempfile.TemporaryDirectory(prefix="bench-scale-files-") as files:
        # A request slower than gunicorn's 30 s is measured, not killed (the figures before a fix).
        env = environment(folder, LOG_LEVEL="WARNING", GUNICORN_CMD_ARGS=f"--timeout {REQUEST_TIMEOUT}",
                          **({"DATABASE_URL": url} if url else {}))
        manage(env, "migrate", "--no-input", timeout=REQUEST_TIMEOUT * 4)  # a kept 1M database may have much to do
        if options.get("reuse"):
            setup = _describe(env)
            docs, gold, annotated = setup["documents"], setup["gold"], setup["annotated"]
            result["options"].update(docs=docs, gold=gold, annotated=annotated, db="postgresql" if url else "sqlite")
            result["reused"] = {"from": _safe(url) if url else str(folder), "generated_at": setup["generated_at"]}
            out.write(f"Reusing {result['reused']['from']} (generated {setup['generated_at']}): {docs} documents "
                      f"({gold} gold, {annotated} submitted)\n")
        else:
            out.write(f"Generating {docs} documents ({gold} gold, {annotated} with two annotators)...\n")
            setup = _generate(env, docs=docs, gold=gold, annotated=annotated, options=options)
        result["setup"] = setup
        out.write(f"  stored {setup['documents']} documents, {setup['annotations']} annotations, {setup['spans']} "
                  f"spans, {setup['relations']} relations"
                  + (f" in {setup['seconds']} s\n" if setup.get("seconds") is not None else " (found)\n"))
        with Stack(env, folder, web_workers=options["web_workers"]) as stack:
            stack.start(timeout=600)
            stack.wait_worker(timeout=600)
            for username in (ADMIN, USER):
                answer = stack.request("POST", "/api/v1/auth/token/", {"username": username, "password": PASSWORD})
                stack.tokens[username] = answer["token"]
            result["requests"] = _requests(stack, setup, options, Path(files))
            for key, label, _target in ROWS:
                measured = result["requests"][key]
                out.write(f"  {label}: p50 {measured['p50_ms']} ms ({measured['n']} requests)"
                          f"{' ' + measured['error'] if 'error' in measured else ''}\n")
            if not options.get("no_export"):
                result["export"] = _export(stack, setup["project"], docs)
                out.write(f"  export jsonl: {result['export']['docs_per_s']} docs/s, worker RSS growth "
                          f"{result['export']['worker_rss_growth_mib']} MiB\n")
            if options["import_docs"]:
                result["import"] = _import(stack, setup["project"], options, Path(files))
                out.write(f"  import: plain {result['import']['documents']['docs_per_s']} docs/s, predictions "
                          f"{result['import']['predictions']['docs_per_s']} docs/s\n")
    result["machine"] = {**started_on, "load_average_at_end": machine()["load_average_at_start"]}
    return result


def _describe(env: dict) -> dict:
    """What the reused data holds (bench/scale_data.py --describe)."""
    done = subprocess.run([sys.executable, "-m", "bench.scale_data", "--describe"], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode:
        raise RuntimeError("reading the reused data failed (see above)")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _generate(env: dict, *, docs: int, gold: int, annotated: int, options: dict) -> dict:
    command = [sys.executable, "-m", "bench.scale_data", "--docs", str(docs), "--gold", str(gold), "--annotated",
               str(annotated), "--password", PASSWORD, "--words", str(options["words"]), "--seed", str(options["seed"])]
    if options.get("corpus"):
        command += ["--corpus", options["corpus"]]
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)  # progress: stderr
    if done.returncode:
        raise RuntimeError("generating the project failed (see above)")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _requests(stack: Stack, setup: dict, options: dict, files: Path) -> dict:
    project = setup["project"]
    documents = f"/api/v1/projects/{project}/documents/"
    sample = setup["sample"]
    requests = [
        {"name": "stats", "path": f"/api/v1/projects/{project}/stats/"},
        {"name": "review_disagreement", "path": f"{documents}?ordering=-disagreement"},
        {"name": "search_common", "path": f"{documents}?q={SEARCH_WORD}"},
        {"name": "search_rare", "path": f"{documents}?q={sample['rare_word']}"},
        {"name": "list", "path": documents},
        {"name": "list_gold", "path": f"{documents}?status=gold"},
        {"name": "list_new", "path": f"{documents}?status=new"},
        {"name": "list_submitted_desc", "path": f"{documents}?status=submitted&ordering=-id"},
        {"name": "list_gold_search", "path": f"{documents}?status=gold&q={SEARCH_WORD}"},
        {"name": "document", "path": f"/api/v1/documents/{sample['gold_document']}/"},
        {"name": "annotations", "path": f"/api/v1/documents/{sample['gold_document']}/annotations/"},
    ]
    for order in QUEUE_ORDERS:
        requests.append({"name": f"next_{order}", "path": f"/projects/{project}/next/", "session": True,
                         "expect": 302, "before": {"method": "PATCH", "path": f"/api/v1/projects/{project}/",
                                                   "body": {"queue_order": order}}})
    plan = files / "plan.json"
    plan.write_text(json.dumps({"requests": requests, "login": {"username": ANNOTATORS[0], "password": PASSWORD}}))
    command = [sys.executable, "-m", "bench.scale_client", "--url", stack.url, "--token", stack.tokens[USER],
               "--plan", str(plan), "--requests", str(options["requests"])]
    done = subprocess.run(command, cwd=ROOT, env=stack.env, capture_output=True, text=True,
                          timeout=7200, check=False)
    if done.returncode:
        raise RuntimeError(f"bench scale client failed:\n{done.stderr[-4000:]}\nserver log:\n{stack.log()[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _export(stack: Stack, project: int, docs: int) -> dict:
    """Every document as jsonl through the API: docs/s from the job's start to its end."""
    from bench.client import _timestamp

    before = sum(p["rss_mib"] for p in stack.memory()["worker"]["processes"])
    with PeakRss(lambda: {"worker": stack.processes()["worker"]}, interval=0.1) as memory:
        started = time.time()
        export = stack.request("POST", f"/api/v1/projects/{project}/exports/",
                               {"format": "jsonl", "only_gold": False}, user=USER)
        job = stack.request("GET", f"/api/v1/jobs/{export['job']}/", user=USER)
        while job["status"] not in ("succeeded", "failed", "cancelled"):
            time.sleep(0.2)
            job = stack.request("GET", f"/api/v1/jobs/{export['job']}/", user=USER)
    if job["status"] != "succeeded":
        raise RuntimeError(f"the export job {job['status']}: {job.get('errors')}")
    seconds = _timestamp(job["finished_at"]) - _timestamp(job["started_at"])
    export = stack.request("GET", f"/api/v1/exports/{export['id']}/", user=USER)
    return {"documents": docs, "job_seconds": round(seconds, 2),
            "seconds_from_request": round(_timestamp(job["finished_at"]) - started, 2),
            "docs_per_s": round(docs / seconds) if seconds > 0 else None, "size_mib": round(export["size"] / 2**20, 1),
            "worker_rss_before_mib": round(before, 1), "worker_peak_rss_mib": memory.peaks.get("worker"),
            "worker_rss_growth_mib": round((memory.peaks.get("worker") or before) - before, 1)}


def _import(stack: Stack, project: int, options: dict, files: Path) -> dict:
    """New documents (not in the project: another last line) plain and as predictions, at that N."""
    count = options["import_docs"]
    tag = time.strftime("%Y%m%d%H%M%S")  # new texts on reused data too (an earlier run's are in the project)
    base = read_corpus(options["corpus"], limit=min(count, 2000)) if options.get("corpus") else \
        make_corpus(min(count, 2000), words=options["words"], seed=options["seed"])
    plain = [{"text": base[i % len(base)]["text"] + f"\n\nImported P{i:07d} R{tag}.", "meta": base[i % len(base)]["meta"]}
             for i in range(count)]
    predicted = [{"text": base[i % len(base)]["text"] + f"\n\nImported Q{i:07d} R{tag}.", "meta": base[i % len(base)]["meta"]}
                 for i in range(count)]
    plain_file = write_corpus(plain, files / "plain.jsonl")
    predicted_file = write_corpus(predicted, files / "predicted.jsonl", with_spans=True)
    del plain, predicted
    documents = stack.client("documents", "--project", str(project), "--corpus", str(plain_file), "--batch", "1000",
                             "--concurrency", str(options["web_workers"]))
    predictions = stack.client("predictions", "--project", str(project), "--file", str(predicted_file))
    return {"documents": documents, "predictions": predictions}


def _target_text(target) -> str:
    if not target:
        return "—"
    sign, value = target
    return f"≤ {value} ms" if sign == "<=" else f"≥ {value:,} docs/s"


def _met(value, target) -> str:
    if not target or value is None:
        return ""
    sign, limit = target
    return "yes" if (value <= limit if sign == "<=" else value >= limit) else "**no**"


def table(result: dict) -> str:
    options, setup = result["options"], result["setup"]
    rows = []
    for key, label, target in ROWS:
        measured = result["requests"][key]
        count = measured.get("count")
        if "error" in measured:
            rows.append([label, "failed", "", measured["error"][:120], _target_text(target), "**no**"])
            continue
        rows.append([label, f"{measured['p50_ms']} ms" + (f" (n={measured['n']})" if measured["n"] < options["requests"]
                                                          else ""), f"{measured['p95_ms']} ms",
                     "" if count is None else f"{count:,}", _target_text(target), _met(measured["p50_ms"], target)])
    if "export" in result:
        export = result["export"]
        rows.append([f"export all {export['documents']:,} documents as jsonl", f"{export['docs_per_s']:,} docs/s",
                     f"{export['job_seconds']} s", f"worker RSS +{export['worker_rss_growth_mib']} MiB",
                     "≥ 10,000 docs/s, memory flat", _met(export["docs_per_s"], (">=", 10000))])
    if "import" in result:
        for key, label, limit in (("documents", "import plain documents, lists of 1,000", 10000),
                                  ("predictions", "import predictions, 15 spans + 1 relation", 5000)):
            measured = result["import"][key]
            rows.append([f"{label} ({measured['documents']:,} at N)", f"{measured['docs_per_s']:,} docs/s",
                         f"{measured['seconds']} s", "", f"≥ {limit:,} docs/s", _met(measured["docs_per_s"],
                                                                                      (">=", limit))])
    machine_ = result["machine"]
    origin = (f"data reused from {result['reused']['from']}, generated {result['reused']['generated_at']} (not "
              f"generated again)" if "reused" in result else f"generated in {setup['seconds']} s")
    return (f"Scale benchmark: {options['docs']:,} documents ({options['gold']:,} gold with predictions, "
            f"{options['annotated']:,} with two annotators), {options['db']}, p50 of {options['requests']} requests "
            f"each; {origin}; load average {machine_['load_average_at_start']} at start, "
            f"{machine_['load_average_at_end']} at end, {machine_['cores']} cores\n\n"
            + markdown_table(["request", "p50", "p95 / time", "count / memory", "target", "met"], rows))
