"""The benchmarks work end to end on a tiny corpus: the real server, worker and client processes
on a fresh database, results written as JSON and markdown. Timings are never asserted."""
import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.slow


def test_bench_all_runs_every_part_on_a_tiny_corpus(tmp_path):
    out = tmp_path / "all.json"
    call_command("bench", "all", "--docs", "20", "--words", "60", "--requests", "20", "--repeat", "1",
                 "--memory-docs", "30", "--skip", "prelabel", "--out", str(out), stdout=io.StringIO())
    result = json.loads(out.read_text())
    parts = result["results"]
    assert set(parts) == {"api", "import", "export", "export_memory"}
    latency = parts["api"]["latency"]
    assert latency["requests"] == 20 and latency["save"]["n"] == latency["read"]["n"] == 20
    assert parts["api"]["startup"]["all_seconds"] and parts["api"]["idle"]["web"]["processes"]
    runs = parts["import"]["runs"]
    assert runs["documents"]["created"] == 20 and runs["predictions"]["spans"] == 20 * 15
    assert runs["predictions"]["relations"] == 20
    assert parts["export"]["builds"]["jsonl"]["documents"] == 20
    assert parts["export_memory"]["setup"]["documents"] == 30
    assert set(result["summary"]) >= {"import_documents_docs_per_s", "save_p50_ms", "read_p50_ms",
                                      "export_jsonl_seconds", "export_memory_growth_mb", "idle_web_mb"}
    table = out.with_suffix(".md").read_text()
    assert table.startswith("Benchmarks against the peers' figures") and "| Label Studio |" in table


def test_generated_corpus_is_the_shared_generator_output():
    """The figures are taken on the documents the peers were measured on."""
    from pathlib import Path

    from bench.corpus import make_corpus

    shared = Path(__file__).resolve().parents[3] / "shared" / "bench" / "make_corpus.py"
    if not shared.exists():
        pytest.skip("../shared/bench/make_corpus.py is not beside this checkout")
    import subprocess
    import sys

    lines = subprocess.run([sys.executable, str(shared), "3", "--words", "450"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert [json.loads(line) for line in lines] == make_corpus(3, words=450, seed=7)
