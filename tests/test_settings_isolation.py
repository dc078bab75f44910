"""Each test process has a data folder (broker queue, media, SQLite test database) and object-store
prefix of its own, and the workers a test starts find the same ones (annotator/settings_test.py)."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = ("import os, json; import annotator.settings_test as s; "
        "print(json.dumps([str(s.DATA_DIR), os.environ['OBJECT_STORAGE_PREFIX'], os.environ['TEST_PROCESS']]))")


def _settings_seen(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATA_DIR", "OBJECT_STORAGE_PREFIX", "PYTEST_XDIST_WORKER", "TEST_PROCESS",
                          "DJANGO_SETTINGS_MODULE")}
    result = subprocess.run([sys.executable, "-c", READ], cwd=ROOT, env={**clean, **env}, capture_output=True,
                            text=True, timeout=120, check=True)  # nosec B603
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_xdist_processes_under_one_controller_never_share_a_folder(tmp_path):
    controller = _settings_seen(DATA_DIR=str(tmp_path / "test" / "run-4242"))  # what both inherit
    assert controller[2] == "main"
    inherited = dict(zip(("DATA_DIR", "OBJECT_STORAGE_PREFIX", "TEST_PROCESS"), controller))
    gw0 = _settings_seen(**inherited, PYTEST_XDIST_WORKER="gw0")
    gw1 = _settings_seen(**inherited, PYTEST_XDIST_WORKER="gw1")
    assert gw0[:2] == [controller[0] + "-gw0", controller[1] + "-gw0"]
    assert gw1[:2] == [controller[0] + "-gw1", controller[1] + "-gw1"]
    # a worker a test of gw0 starts inherits gw0's values and keeps them, and a bucket's own prefix
    worker = dict(zip(("DATA_DIR", "OBJECT_STORAGE_PREFIX", "TEST_PROCESS"), gw0), PYTEST_XDIST_WORKER="gw0")
    assert _settings_seen(**worker) == gw0
    assert _settings_seen(**{**worker, "OBJECT_STORAGE_PREFIX": "run-777"})[1] == "run-777"


def test_a_folder_chosen_by_hand_is_kept(tmp_path):
    mine = str(tmp_path / "machine-a")
    assert _settings_seen(DATA_DIR=mine, OBJECT_STORAGE_PREFIX="shared", PYTEST_XDIST_WORKER="gw1")[:2] == [mine, "shared"]
