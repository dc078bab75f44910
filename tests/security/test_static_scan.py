"""bandit over annotator/ and api/ finds nothing unjustified (each accepted finding is marked
`# nosec <id>` with its reason on the line above). `make test` runs it too (make bandit)."""
import shutil
import subprocess  # nosec B404
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_finds_nothing():
    bandit = Path(sys.executable).with_name("bandit")
    if not bandit.exists() and shutil.which("bandit") is None:
        pytest.skip("bandit is not installed (requirements-test.txt)")
    command = [str(bandit if bandit.exists() else shutil.which("bandit")), "-q", "-r", "annotator", "api",
               "-x", "annotator/migrations", "-f", "custom", "--msg-template", "{relpath}:{line}: {test_id} {msg}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)  # nosec B603
    assert result.returncode == 0, result.stdout
