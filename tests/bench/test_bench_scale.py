"""`bench scale` works end to end on a tiny project: generated in bulk, the real server driven over
HTTP, every row of the table measured and printed. Timings are never asserted."""
import io
import json

import pytest
from django.core.management import call_command

from bench.scale import ROWS

pytestmark = pytest.mark.slow


def test_bench_scale_measures_and_prints_every_row_on_a_tiny_project(tmp_path):
    out, stdout = tmp_path / "scale.json", io.StringIO()
    call_command("bench", "scale", "--docs", "50", "--annotated", "2", "--words", "60", "--requests", "2", "--import-docs", "20",
                 "--out", str(out), stdout=stdout)
    result = json.loads(out.read_text())
    setup = result["setup"]
    # 5 gold documents (N/10: prediction + gold), 2 with two models' predictions and two annotators' submissions.
    assert (setup["documents"], setup["gold"], setup["annotated"], setup["annotations"]) == (50, 5, 2, 18)
    assert setup["spans"] == 18 * 15 and setup["relations"] == 18
    assert set(result["requests"]) == {key for key, _label, _target in ROWS}
    assert result["requests"]["list_gold"]["count"] == 5 and result["requests"]["search_rare"]["count"] == 1
    assert result["requests"]["list"]["count"] == 50
    assert result["export"]["documents"] == 50 and result["export"]["docs_per_s"] > 0
    assert result["import"]["documents"]["created"] == 20 and result["import"]["predictions"]["spans"] == 20 * 15
    table = out.with_suffix(".md").read_text()
    printed = stdout.getvalue()
    for _key, label, _target in ROWS:
        assert f"| {label} |" in table and f"| {label} |" in printed
    for label in ("export all 50 documents as jsonl", "import plain documents", "import predictions"):
        assert label in table


def test_bench_scale_reuses_kept_data_without_generating_it(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the run's data folder is made (and kept)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("bench", "scale", "--docs", "30", "--annotated", "2", "--words", "60", "--requests", "1",
                 "--import-docs", "5", "--no-export", "--keep", "--out", str(first), stdout=io.StringIO())
    [kept] = [path for path in tmp_path.glob("bench-scale-*") if (path / "db.sqlite3").is_file()]
    stdout = io.StringIO()
    call_command("bench", "scale", "--reuse", str(kept), "--requests", "1", "--import-docs", "5", "--no-export",
                 "--out", str(second), stdout=stdout)
    result = json.loads(second.read_text())
    # The 30 generated documents and the 10 the first run imported; 5 new plain ones imported again (not duplicates).
    assert result["setup"]["documents"] == 40 and result["setup"]["generated_documents"] == 30
    assert (result["options"]["docs"], result["options"]["gold"], result["options"]["annotated"]) == (40, 3, 2)
    assert result["requests"]["list"]["count"] == 40 and result["requests"]["search_rare"]["count"] == 1
    assert result["import"]["documents"]["created"] == 5
    header = second.with_suffix(".md").read_text().splitlines()[0]
    assert f"data reused from {kept}, generated {result['reused']['generated_at']}" in header
    assert "generated in" not in header and (kept / "db.sqlite3").is_file()  # a reused folder is never removed
