"""`bench export`: time and peak memory of building exports from a project of N gold documents.

Setup (not measured): a fresh SQLite database in a temporary DATA_DIR, the corpus stored as
documents (tokenized with the project's spaCy tokenizer) with a gold annotation each: 15
non-overlapping spans and one relation per document, inserted in bulk. Then, for each format
(default jsonl, spacy, conll), --repeat fresh processes each build one export exactly as a
worker does (`export_build`: count, read in batches, write, zip, hash, move into place,
update the row); the median wall time is reported with every run, and peak RSS: VmHWM
from /proc/self/status, reset just before
the build (`clear_refs`), minus the RSS of the ready process before it. Modules the build
needs (spaCy for the spacy format) are imported before the baseline, as a worker has them.

    python manage.py bench export --docs 2000 [--formats jsonl,spacy,conll] [--corpus FILE]

Targets: jsonl of 2,000 documents under 0.4 s; peak RSS growth under 80 MB at 10,000 documents.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

from bench.common import (ROOT, add_common_arguments, data_folder, environment, load_corpus, machine,
                                    manage, markdown_table)
from bench.corpus import LABELS, RELATION, SPANS_PER_DOCUMENT, bench_spans

HELP = "build exports (jsonl, spacy, conll) of N gold documents: seconds and peak RSS growth"
TARGET_JSONL_2000_SECONDS = 0.4
TARGET_RSS_GROWTH_MIB = 80


def add_arguments(parser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--formats", default="jsonl,spacy,conll", help="formats to build (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="builds per format, each in a fresh process; the median is reported (default 3)")


def run(options: dict, out) -> dict:
    records = load_corpus(options)
    formats = [name.strip() for name in options["formats"].split(",") if name.strip()]
    out.write(f"Corpus: {len(records)} documents ({options.get('corpus') or 'generated'}), "
              f"{SPANS_PER_DOCUMENT} spans and 1 relation each; formats {', '.join(formats)}\n")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        corpus_path = Path(handle.name)
    del records
    try:
        with data_folder("export", keep=options["keep"]) as folder:
            env = environment(folder, LOG_LEVEL="WARNING")
            manage(env, "migrate", "--no-input")
            setup = _child(env, "setup", "--corpus", str(corpus_path))
            out.write(f"  stored {setup['documents']} gold documents, {setup['spans']} spans, "
                      f"{setup['relations']} relations in {setup['seconds']} s\n")
            builds = {}
            for name in formats:
                runs = [_child(env, "build", "--format", name) for _ in range(max(1, options["repeat"]))]
                best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]  # the median run
                best["all_seconds"] = [r["seconds"] for r in runs]
                best["fastest_seconds"] = min(best["all_seconds"])
                best["max_rss_growth_mib"] = max(r["rss_growth_mib"] for r in runs)
                builds[name] = best
                out.write(f"  {name}: {best['seconds']} s (runs {best['all_seconds']}), "
                          f"{round(setup['documents'] / best['seconds'])} docs/s, reading alone "
                          f"{best['read_seconds']} s, deflating alone {best['deflate_seconds']} s; "
                          f"peak RSS {best['peak_rss_mib']} MiB, growth "
                          f"{best['rss_growth_mib']} MiB; zip {best['size_mib']} MiB\n")
    finally:
        corpus_path.unlink(missing_ok=True)
    return {
        "benchmark": "export",
        "options": {k: options.get(k) for k in ("docs", "words", "seed", "corpus", "formats", "repeat")},
        "machine": machine(),
        "setup": setup,
        "builds": builds,
        "targets": {"jsonl_2000_docs_seconds": TARGET_JSONL_2000_SECONDS, "rss_growth_mib": TARGET_RSS_GROWTH_MIB},
    }


def table(result: dict) -> str:
    documents = result["setup"]["documents"]
    rows = [[name, documents, build["seconds"], round(documents / build["seconds"]), build["read_seconds"],
             build["deflate_seconds"], build["peak_rss_mib"], build["rss_growth_mib"], build["size_mib"]]
            for name, build in result["builds"].items()]
    header = ["format", "documents", "seconds", "docs/s", "reading alone (s)", "deflating alone (s)",
              "peak RSS (MiB)", "RSS growth (MiB)", "zip (MiB)"]
    return (f"Export benchmark: {documents} gold documents, {SPANS_PER_DOCUMENT} spans + 1 relation each "
            f"(median of {result['options']['repeat']} builds, each in a fresh process; reading and "
            f"deflating alone are parts of a build, deflating on a thread of its own)\n\n"
            + markdown_table(header, rows))


def _child(env: dict, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "bench.export", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=3600)
    if result.returncode:
        raise RuntimeError(f"bench export {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the measured processes (environment: a fresh DATA_DIR, see run) ----------------------

def _memory() -> dict[str, int]:
    """VmRSS and VmHWM of this process, in KiB."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1])
    return values


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux 4.0+); False where the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _setup(corpus: str) -> dict:
    from django.contrib.auth import get_user_model

    from bench.corpus import read_corpus
    from annotator.selectors.annotations import project_label_set
    from annotator.services.annotation_import import annotations_import
    from annotator.services.documents import documents_add
    from annotator.services.projects import project_create

    started = time.perf_counter()
    reviewer = get_user_model().objects.create_user(username="reviewer", password="bench-reviewer")
    project = project_create(name="Bench", entity_types=list(LABELS), relation_types=[RELATION])
    labels = project_label_set(project=project)
    records = read_corpus(corpus)
    totals = {"documents": 0, "spans": 0, "relations": 0}
    for start in range(0, len(records), 1000):
        chunk = records[start:start + 1000]
        added = documents_add(project=project, records=[{"text": r["text"], "meta": r["meta"]} for r in chunk],
                              max_records=len(chunk))
        stored = annotations_import(kind="gold", document_ids=added.document_ids, labels=labels, author=reviewer,
                                    bodies=[bench_spans(r["text"]) for r in chunk])
        totals["documents"] += stored.documents
        totals["spans"] += stored.spans
        totals["relations"] += stored.relations
    return {**totals, "seconds": round(time.perf_counter() - started, 2)}


def _build(format_name: str) -> dict:
    import annotator.formats.catalog  # noqa: F401  (the writers' modules)
    from annotator.models import Export, Project
    from annotator.selectors.exports import export_records
    from annotator.formats.catalog import FORMATS
    from annotator.services.exports import cycle_collector_paused, export_build, export_create

    if format_name == "spacy":
        import spacy.tokens  # noqa: F401  (a worker has spaCy loaded)
    project = Project.objects.get(name="Bench")
    export = export_create(project=project, format=format_name)
    before = _memory()
    reset = _reset_peak()
    started = time.perf_counter()
    export_build(job_id=export.job_id)
    seconds = time.perf_counter() - started
    after = _memory()
    export = Export.objects.get(pk=export.pk)
    if export.status != "succeeded":
        raise SystemExit(f"export {export.status}: {export.job.errors}")
    with cycle_collector_paused():  # as in the build
        started = time.perf_counter()
        documents = sum(1 for _record in export_records(
            project=project, with_tokens=FORMATS[format_name].tokens != "none",
            raw_tokens=FORMATS[format_name].tokens == "raw"))
        read_seconds = time.perf_counter() - started
    deflate_seconds = _deflate_seconds(export.file.open("rb"))  # MEDIA_ROOT or the object store
    peak = after["VmHWM"] if reset else max(after["VmHWM"], before["VmRSS"])
    return {"format": format_name, "documents": documents, "seconds": round(seconds, 3),
            "read_seconds": round(read_seconds, 3), "deflate_seconds": round(deflate_seconds, 3),
            "rss_before_mib": round(before["VmRSS"] / 1024, 1),
            "peak_rss_mib": round(peak / 1024, 1), "rss_growth_mib": round((peak - before["VmRSS"]) / 1024, 1),
            "peak_reset": reset, "size_mib": round(export.size / 2**20, 2), "sha256": export.sha256}


def _deflate_seconds(path) -> float:
    """Time to deflate the zip's members again as ZipSink does (its level, in its chunks): the
    compressing work of the build, done there on a thread of its own beside the writer."""
    from annotator.formats.zip_sink import CHUNK, COMPRESS_LEVEL

    seconds = 0.0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED:
                continue
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    started = time.perf_counter()
                    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
                    compressor.compress(chunk)
                    compressor.flush(zlib.Z_FULL_FLUSH)
                    seconds += time.perf_counter() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.export")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("setup").add_argument("--corpus", required=True)
    commands.add_parser("build").add_argument("--format", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()
    result = _setup(args.corpus) if args.command == "setup" else _build(args.format)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
