"""`bench prelabel`: raw `nlp.pipe` throughput against a full pre-label job on real workers.

In one run, on the same documents: (1) the raw throughput of the model's NER pipeline (same
components, batch size and thread settings as the workers) in 1 fresh process, and in 2 started
together on halves of the corpus (what two cores of this machine give); (2) the throughput
of a pre-label job from its creation to its end, through 1 and then 2 worker processes, each
setup on a fresh SQLite database and filesystem broker in a temporary DATA_DIR (including every
database read and write, the broker and the chunk bookkeeping). Prints docs/s and the ratios
(targets: 1 worker >= 0.9 x raw, 2 workers >= 1.7 x 1 worker) and writes JSON and markdown.
"""
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from bench.common import (ROOT, add_common_arguments, data_folder, environment, load_corpus, machine,
                                    manage, markdown_table)

HELP = "raw nlp.pipe throughput vs a full pre-label job on 1 and 2 worker processes"
TARGET_ONE_WORKER = 0.9
TARGET_SCALING = 1.7


def add_arguments(parser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--model", default=settings.DEFAULT_SPACY_MODEL, help="spaCy pipeline (default: %(default)s)")
    parser.add_argument("--workers", default="1,2", help="worker counts to measure, comma-separated (default 1,2)")
    parser.add_argument("--mode", choices=("processes", "concurrency"), default="processes",
                        help="N workers as N worker processes (as on N machines; default) or one worker "
                             "with --concurrency N")
    parser.add_argument("--batch-size", type=int, default=settings.PRELABEL_BATCH_SIZE,
                        help="PRELABEL_BATCH_SIZE for the workers and the raw run (default %(default)s)")
    parser.add_argument("--chunk-size", type=int, default=settings.PRELABEL_CHUNK_SIZE,
                        help="PRELABEL_CHUNK_SIZE for the workers (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every measurement this many times, interleaved, and compare the best of each "
                             "(other load on the machine only ever slows a run down)")


def measure_raw(corpus_path: Path, *, processes: int, env: dict, options: dict) -> dict:
    """docs/s of nlp.pipe alone over the corpus, split between `processes` fresh processes that start
    together (same model, components, batch size and thread settings as the workers)."""
    command = [sys.executable, "-m", "bench.raw_pipe", "--corpus", str(corpus_path), "--model",
               options["model"], "--batch-size", str(options["batch_size"])]
    children = [subprocess.Popen(command + ["--share", f"{i}/{processes}"], cwd=ROOT, env=env, text=True,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE) for i in range(processes)]
    try:
        for child in children:
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("a raw nlp.pipe process failed to start")
        started = time.perf_counter()
        for child in children:
            child.stdin.write("go\n")
            child.stdin.flush()
        results = [json.loads(child.stdout.readline()) for child in children]
        seconds = time.perf_counter() - started
    finally:
        for child in children:
            try:
                child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    docs = sum(r["docs"] for r in results)
    cpu = sum(r["cpu_seconds"] for r in results)
    return {"processes": processes, "components": results[0]["components"], "seconds": round(seconds, 3),
            "docs_per_s": round(docs / seconds, 2), "cpu_seconds": round(cpu, 2),
            "docs_per_cpu_s": round(docs / cpu, 2)}


def measure_job(corpus_path: Path, *, workers: int, options: dict, out, before_job=None) -> dict:
    """A pre-label job over the corpus on `workers` fresh worker processes and a fresh database;
    `before_job()` runs once the workers are up and idle, right before the job starts."""
    with data_folder(f"prelabel-{workers}w", keep=options["keep"]) as folder:
        env = environment(folder, PRELABEL_BATCH_SIZE=options["batch_size"], PRELABEL_CHUNK_SIZE=options["chunk_size"],
                          PRELABEL_PRELOAD_MODELS=options["model"], LOG_LEVEL="WARNING")
        manage(env, "migrate", "--no-input")
        command = [sys.executable, "-m", "bench.prelabel_job", "--corpus", str(corpus_path),
                   "--workers", str(workers), "--mode", options["mode"], "--model", options["model"],
                   "--folder", str(folder), "--wait-for-go"]
        driver = subprocess.Popen(command, cwd=ROOT, env=env, text=True, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            if driver.stdout.readline().strip() != "ready":
                raise RuntimeError(f"the job run failed to start:\n{driver.communicate(timeout=60)[1][-4000:]}")
            if before_job is not None:
                before_job()
            stdout, stderr = driver.communicate("go\n", timeout=3600)
        finally:
            if driver.poll() is None:
                driver.kill()
        if driver.returncode:
            raise RuntimeError(f"the job run failed:\n{stderr[-4000:]}")
        measured = json.loads(stdout.strip().splitlines()[-1])
        if options["keep"]:
            measured["data_dir"] = str(folder)
        cpu = measured["cpu_seconds"]["main"] + measured["cpu_seconds"]["children"]
        measured["docs_per_cpu_s"] = round(measured["documents"] / cpu, 2) if cpu else None
        out.write(f"  {workers} worker(s): {measured['docs_per_s']} docs/s ({measured['seconds']} s, "
                  f"{measured['docs_per_cpu_s']} docs per CPU second, {measured['spans']} spans, "
                  f"peak RSS of the workers {measured['peak_rss_mib']} MiB)\n")
        return measured


def run(options: dict, out) -> dict:
    records = load_corpus(options)
    texts = [r["text"] for r in records]
    counts = sorted({int(n) for n in str(options["workers"]).split(",") if n.strip()})
    started_on = machine()
    out.write(f"Corpus: {len(texts)} documents, {sum(len(t.split()) for t in texts) / len(texts):.0f} words each "
              f"on average ({options.get('corpus') or 'generated'}); model {options['model']}; batch size "
              f"{options['batch_size']}, chunk size {options['chunk_size']}\n")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        corpus_path = Path(handle.name)
    raw_runs: dict[int, list[dict]] = {n: [] for n in counts}
    job_runs: dict[int, list[dict]] = {n: [] for n in counts}
    try:
        for round_number in range(1, options["repeat"] + 1):
            if options["repeat"] > 1:
                out.write(f"Round {round_number} of {options['repeat']}\n")
            for n in counts:
                def raw_now(n=n):
                    with data_folder("prelabel-raw") as folder:
                        raw_runs[n].append(measure_raw(corpus_path, processes=n, options=options,
                                                       env=environment(folder, LOG_LEVEL="WARNING")))
                    out.write(f"  raw nlp.pipe, {n} process(es): {raw_runs[n][-1]['docs_per_s']} docs/s, "
                              f"{raw_runs[n][-1]['docs_per_cpu_s']} docs per CPU second "
                              f"(components {raw_runs[n][-1]['components']})\n")

                # Raw right before the job (its workers up and idle): both see the same machine.
                job_runs[n].append(measure_job(corpus_path, workers=n, options=options, out=out, before_job=raw_now))
    finally:
        corpus_path.unlink(missing_ok=True)
    raw = {n: _best(runs) for n, runs in raw_runs.items()}
    jobs = {n: _best(runs) for n, runs in job_runs.items()}
    # Each job against the raw run just before it: less sensitive to other load than best against best.
    paired = {n: sorted(j["docs_per_s"] / r["docs_per_s"] for j, r in zip(job_runs[n], raw_runs[n]))
              for n in counts}
    finished = machine()["load_average_at_start"]
    ratios = {}
    if 1 in jobs:
        ratios["one_worker_vs_raw"] = round(jobs[1]["docs_per_s"] / raw[1]["docs_per_s"], 3)
        for n in counts:
            if n > 1:
                ratios[f"{n}_workers_vs_1"] = round(jobs[n]["docs_per_s"] / jobs[1]["docs_per_s"], 3)
                ratios[f"raw_{n}_processes_vs_1"] = round(raw[n]["docs_per_s"] / raw[1]["docs_per_s"], 3)
                ratios[f"{n}_workers_vs_raw_{n}_processes"] = round(jobs[n]["docs_per_s"] / raw[n]["docs_per_s"], 3)
        # Immune to other load on the machine: CPU spent per document by the job (every worker
        # process) against nlp.pipe alone.
        ratios["one_worker_cpu_efficiency_vs_raw"] = round(jobs[1]["docs_per_cpu_s"] / raw[1]["docs_per_cpu_s"], 3)
        for n in counts:
            if n > 1:
                ratios[f"{n}_workers_cpu_efficiency_vs_raw"] = round(
                    jobs[n]["docs_per_cpu_s"] / raw[n]["docs_per_cpu_s"], 3)
    return {
        "benchmark": "prelabel",
        "options": {k: options[k] for k in ("docs", "words", "seed", "corpus", "model", "workers", "mode",
                                            "batch_size", "chunk_size", "repeat")},
        "machine": {**started_on, "load_average_at_end": finished},
        "raw": {str(n): raw[n] for n in counts},
        "jobs": {str(n): jobs[n] for n in counts},
        "all_runs": {"raw": {str(n): [r["docs_per_s"] for r in runs] for n, runs in raw_runs.items()},
                     "jobs": {str(n): [r["docs_per_s"] for r in runs] for n, runs in job_runs.items()}},
        "ratios": ratios,
        "paired_job_vs_raw": {str(n): {"median": round(v[len(v) // 2], 3), "all": [round(x, 3) for x in v]}
                              for n, v in paired.items()},
        "targets": {"one_worker_vs_raw": TARGET_ONE_WORKER, "2_workers_vs_1": TARGET_SCALING},
    }


def _best(runs: list[dict]) -> dict:
    best = max(runs, key=lambda r: r["docs_per_s"])
    values = sorted(r["docs_per_s"] for r in runs)
    return {**best, "runs": len(runs), "median_docs_per_s": values[len(values) // 2]}


def table(result: dict) -> str:
    raw_one = result["raw"]["1"]["docs_per_s"] if "1" in result["raw"] else None
    job_one = result["jobs"].get("1", {}).get("docs_per_s")
    rows = []
    for n, raw in result["raw"].items():
        rows.append([f"raw nlp.pipe, {n} process(es)", raw["docs_per_s"], "",
                     round(raw["docs_per_s"] / raw_one, 3) if raw_one else "", raw["docs_per_cpu_s"]])
    for n, job in result["jobs"].items():
        rows.append([f"pre-label job, {n} worker(s) ({result['options']['mode']})", job["docs_per_s"],
                     round(job["docs_per_s"] / result["raw"][n]["docs_per_s"], 3),
                     round(job["docs_per_s"] / job_one, 3) if job_one else "", job["docs_per_cpu_s"]])
    header = ["run", "docs/s", "x raw with as many processes", "x one (raw or job)", "docs per CPU second"]
    best = f", best of {result['options']['repeat']} runs each" if result["options"]["repeat"] > 1 else ""
    return (f"Pre-label benchmark: {result['options']['docs']} documents, model {result['options']['model']}, "
            f"batch {result['options']['batch_size']}, chunk {result['options']['chunk_size']}{best}\n\n"
            + markdown_table(header, rows))
