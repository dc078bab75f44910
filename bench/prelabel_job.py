"""One measured pre-label job, run by `bench prelabel` in a process whose environment points at a
fresh database and broker: load the corpus, start the workers, time the job, check its output.

    python -m bench.prelabel_job --corpus FILE --workers N [--mode processes|concurrency]

Prints one JSON line.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--mode", choices=("processes", "concurrency"), default="processes")
    parser.add_argument("--model", required=True)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--wait-for-go", action="store_true",
                        help='print "ready" once the workers are up, and start the job on a line on stdin')
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()
    from annotator.models import Annotation, Job, JobChunk, Span
    from annotator.nlp import load_pipeline
    from annotator.processes import stop_all
    from annotator.services.documents import documents_add
    from annotator.services.prelabel import prelabel_start
    from annotator.services.projects import project_create
    from bench.common import PeakRss, tree_cpu_seconds, tree_pids, worker_process
    from bench.corpus import read_corpus

    records = read_corpus(args.corpus)
    labels = list(load_pipeline(args.model).get_pipe("ner").labels)
    # Every label the model predicts is a project type: every entity is stored (the most writes).
    project = project_create(name="Bench", entity_types=labels, spacy_model=args.model)
    for start in range(0, len(records), 1000):
        documents_add(project=project, records=records[start:start + 1000])
    documents = project.documents.count()

    folder = Path(args.folder)
    env = dict(os.environ)
    if args.mode == "processes":
        workers = [worker_process(env, folder, name=f"bench{i}") for i in range(args.workers)]
    else:
        workers = [worker_process(env, folder, name="bench0", concurrency=args.workers)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.wait_log(timeout=120)
        if args.wait_for_go:  # the caller measures raw nlp.pipe now, next to this job in time
            print("ready", flush=True)
            sys.stdin.readline()
        before = [tree_cpu_seconds(w.pid) for w in workers]
        with PeakRss(lambda: {"workers": [pid for w in workers for pid in tree_pids(w.pid)]}) as rss:
            started = time.perf_counter()
            job = prelabel_start(project=project)
            while not (job := Job.objects.get(pk=job.pk)).is_finished:
                time.sleep(0.05)  # polls lightly: this process shares the cores with the workers
            seconds = time.perf_counter() - started
        after = [tree_cpu_seconds(w.pid) for w in workers]
    finally:
        stop_all(workers, timeout=30)
    if job.status != "succeeded" or job.done != documents:
        raise SystemExit(f"job {job.status}, {job.done}/{job.total}: {job.errors}")
    predictions = Annotation.objects.filter(kind="prediction").count()
    if predictions != documents:
        raise SystemExit(f"{predictions} predictions for {documents} documents")
    print(json.dumps({
        "workers": args.workers, "mode": args.mode, "documents": documents, "seconds": round(seconds, 3),
        "docs_per_s": round(documents / seconds, 2),
        "job_seconds_from_timestamps": round((job.finished_at - job.created_at).total_seconds(), 3),
        "chunks": job.result.get("chunks"), "spans": Span.objects.count(),
        "peak_rss_mib": rss.peaks.get("workers", 0.0),
        "dropped": job.result.get("dropped"),
        # Where the CPU went during the job: the pool processes (inference and database writes) and
        # the workers' main processes (broker polling, task dispatch).
        "cpu_seconds": {part: round(sum(a[part] - b[part] for a, b in zip(after, before)), 2)
                        for part in ("main", "children")},
        "chunk_runs": list(JobChunk.objects.filter(job=job).values_list("attempts", flat=True)),
    }))


if __name__ == "__main__":
    main()
