"""`manage.py simulate_queue`: a tiny run prints one F1 per ordering after every k labeled documents."""
import re

from django.core.management import call_command


def test_prints_a_learning_curve_per_ordering(capsys):
    call_command("simulate_queue", "--docs", "14", "--test", "4", "--words", "40", "--k", "3", "--rounds", "2",
                 "--epochs", "2")
    out = capsys.readouterr().out
    rows = re.findall(r"^\| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$", out, flags=re.MULTILINE)
    assert [row[0] for row in rows] == ["3", "6"]
    assert all(0.0 <= float(value) <= 1.0 for row in rows for value in row[1:])
    assert rows[0][1] == rows[0][2] == rows[0][3]  # the first round takes the same documents in every order
    assert "| labeled | F1 order | F1 uncertain | F1 disagreement |" in out
