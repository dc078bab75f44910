"""`bench all`: every benchmark on the same corpus, and one table against the peers' figures.

Runs `api`, `import`, `export` (and, with --memory-docs, a jsonl export of that many documents
for the memory figure) and `prelabel`, each with its own defaults and the shared corpus options,
then writes every result in one JSON file and one markdown table. The peers' figures were
measured on 2,000 documents of the shared corpus (10,000 for export memory) on a 2-core machine
like ours; `--docs 2000` compares like with like.

    python manage.py bench all --docs 2000 [--corpus FILE] [--skip prelabel]
"""
import argparse
import importlib

from bench import SUBCOMMANDS
from bench.common import add_common_arguments, machine, markdown_table

HELP = "every benchmark (api, import, export, prelabel) and one table against Label Studio's and doccano's figures"
PARTS = ("api", "import", "export", "prelabel")
SHARED = ("docs", "words", "seed", "corpus", "keep")
# measure: (what, Label Studio, doccano, target, higher is better)
PEERS = {
    "import_documents_docs_per_s": ("import plain documents through the API, docs/s", "4,600–7,600", "1,400–2,300",
                                    12000, True),
    "import_predictions_docs_per_s": ("import with 15 spans + 1 relation per doc as predictions, docs/s",
                                      "1,000–1,100", "360", 5000, True),
    "export_jsonl_seconds": ("export JSON(L), {docs} docs, s", "2.0", "4.4", 0.4, False),
    "export_memory_growth_mb": ("export peak memory growth at {memory_docs} docs, MB", "+330",
                                "+2,100 (not given back)", 80, False),
    "save_p50_ms": ("save one document's 15 spans + 1 relation, p50 ms", "33", "145 (16 requests)", 10, False),
    "read_p50_ms": ("read one document with its annotations, p50 ms (one request)", "33", "13", 5, False),
    "startup_seconds": ("start on a fresh database until serving, s", "17", "8", 4, False),
    "idle_web_mb": ("idle memory of the web tier, MB (PSS of gunicorn master + workers)", "338", "600", 150, False),
}


def add_arguments(parser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--skip", default="", help=f"comma-separated parts to leave out ({', '.join(PARTS)})")
    parser.add_argument("--memory-docs", type=int, default=10000,
                        help="documents of the export memory run (default 10000, as the peers' figure; 0 skips it)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs of each measure of api, import and export (default: each one's own, 3)")
    parser.add_argument("--requests", type=int, default=None, help="documents saved and read by `api` (default 250)")


def _options(name: str, common: dict, **overrides) -> dict:
    """The defaults of one benchmark's own options, with the shared corpus options of this run."""
    module = importlib.import_module(SUBCOMMANDS[name])
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    options = vars(parser.parse_args([]))
    options.update({key: common.get(key) for key in SHARED})
    options.update(overrides)
    return options


def run(options: dict, out) -> dict:
    skip = {name.strip() for name in options.get("skip", "").split(",") if name.strip()}
    unknown = skip - set(PARTS)
    if unknown:
        raise SystemExit(f"--skip: unknown part(s) {', '.join(sorted(unknown))}; parts: {', '.join(PARTS)}")
    started_on = machine()
    results = {}
    for name in PARTS:
        if name in skip:
            continue
        out.write(f"\n== {name}\n")
        module = importlib.import_module(SUBCOMMANDS[name])
        overrides = {"formats": "jsonl"} if name == "export" else {}
        if options.get("repeat") and name != "prelabel":
            overrides["repeat"] = options["repeat"]
        if options.get("requests") and name == "api":
            overrides["requests"] = options["requests"]
        results[name] = module.run(_options(name, options, **overrides), out)
        if name == "export" and options.get("memory_docs"):
            out.write(f"\n== export memory, {options['memory_docs']} documents\n")
            memory = _options("export", options, docs=options["memory_docs"], formats="jsonl", repeat=1)
            if memory.get("corpus") and _lines(memory["corpus"]) < memory["docs"]:
                out.write(f"  {memory['corpus']} is shorter: generating the corpus (the same generator)\n")
                memory["corpus"] = None
            results["export_memory"] = module.run(memory, out)
    return {"benchmark": "all", "options": {k: options.get(k) for k in (*SHARED, "skip", "memory_docs", "repeat",
                                                                        "requests")},
            "machine": {**started_on, "load_average_at_end": machine()["load_average_at_start"]},
            "summary": summary(results), "results": results}


def _lines(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        return sum(1 for line in handle if line.strip())


def summary(results: dict) -> dict:
    """Our figure for each of the peers' measures (those that were run)."""
    figures = {}
    if "import" in results:
        runs = results["import"]["runs"]
        figures["import_documents_docs_per_s"] = runs["documents"]["docs_per_s"]
        figures["import_predictions_docs_per_s"] = runs["predictions"]["docs_per_s"]
    if "export" in results and "jsonl" in results["export"]["builds"]:
        figures["export_jsonl_seconds"] = results["export"]["builds"]["jsonl"]["seconds"]
    if "export_memory" in results:
        figures["export_memory_growth_mb"] = _mb(results["export_memory"]["builds"]["jsonl"]["rss_growth_mib"])
    if "api" in results:
        api = results["api"]
        figures["save_p50_ms"] = api["latency"]["save"]["p50_ms"]
        figures["read_p50_ms"] = api["latency"]["read"]["p50_ms"]
        figures["read_pair_p50_ms"] = api["latency"]["read_pair"]["p50_ms"]
        figures["startup_seconds"] = api["startup"]["median_seconds"]
        figures["idle_web_mb"] = _mb(api["idle"]["web"]["pss_sum_mib"])
        figures["idle_web_rss_sum_mb"] = _mb(api["idle"]["web"]["rss_sum_mib"])
        figures["after_requests_web_mb"] = _mb(api["after"]["web"]["pss_sum_mib"])
    return figures


def _mb(mib: float) -> float:
    return round(mib * 1.048576, 1)


def table(result: dict) -> str:
    figures, results = result["summary"], result["results"]
    docs = result["options"]["docs"]
    rows = []
    for key, (what, label_studio, doccano, target, higher) in PEERS.items():
        if key not in figures:
            continue
        ours = figures[key]
        met = ours >= target if higher else ours <= target
        detail = ""
        if key == "read_p50_ms":
            detail = f" (as two requests, document then annotations: {figures['read_pair_p50_ms']})"
        if key == "idle_web_mb":
            detail = (f" (RSS summed {figures['idle_web_rss_sum_mb']}; after the measured requests, with the "
                      f"tokenizer loaded: {figures['after_requests_web_mb']})")
        rows.append([what.format(docs=docs, memory_docs=result["options"].get("memory_docs")), label_studio, doccano,
                     f"{'≥' if higher else '≤'} {target:,}", f"{ours:,}{detail}", "yes" if met else "**no**"])
    load = (result["machine"].get("load_average_at_start") or [None])[0], \
        (result["machine"].get("load_average_at_end") or [None])[0]
    parts = [f"Benchmarks against the peers' figures: {docs} documents, 15 spans + 1 relation each where "
             f"annotated; medians of repeated runs; load average {load[0]} at the start, {load[1]} at the end\n",
             markdown_table(["measure", "Label Studio", "doccano", "target", "ours", "met"], rows)]
    for name in PARTS:
        if name in results:
            module = importlib.import_module(SUBCOMMANDS[name])
            parts.append(module.table(results[name]))
    if "export_memory" in results:
        parts.append("Export memory run\n\n" + importlib.import_module(SUBCOMMANDS["export"]).table(
            results["export_memory"]).split("\n\n", 1)[1])
    return "\n\n".join(parts)
