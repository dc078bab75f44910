"""Production settings refuse to start without a secret key."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=120)


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_starts_with_a_secret_key():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr


def test_bad_boolean_is_named():
    result = run_check(DEBUG="maybe", SECRET_KEY="x" * 60)
    assert result.returncode != 0 and "DEBUG must be one of" in result.stderr
