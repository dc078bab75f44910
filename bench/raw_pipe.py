"""Raw `nlp.pipe` throughput in fresh processes, started together on shares of the corpus.

    python -m bench.raw_pipe --corpus FILE --model NAME --batch-size B [--share I/K]

With --share, the process loads the model, prints "ready", waits for a line on stdin, runs
`nlp.pipe` over texts[I::K] and prints the seconds it took: `bench prelabel` starts K of them
at once to measure what K cores give without any job machinery.
"""
import argparse
import gc
import json
import os
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--batch-size", type=int, required=True)
    parser.add_argument("--share", default="0/1")
    args = parser.parse_args()
    index, count = (int(n) for n in args.share.split("/"))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()
    from bench.corpus import read_corpus
    from annotator.nlp import load_pipeline

    texts = [r["text"] for r in read_corpus(args.corpus)][index::count]
    nlp = load_pipeline(args.model, purpose="ner")
    gc.freeze()  # as a worker does after loading its pipelines (annotator/signals.py)
    list(nlp.pipe(texts[:8], batch_size=args.batch_size))  # warm up
    print("ready", flush=True)
    sys.stdin.readline()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    print(json.dumps({"docs": len(texts), "seconds": time.perf_counter() - started,
                      "cpu_seconds": time.process_time() - cpu_started, "components": nlp.pipe_names}), flush=True)


if __name__ == "__main__":
    main()
