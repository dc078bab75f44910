"""What every benchmark shares: corpus options, a fresh data folder, worker processes, peak RSS,
and writing results as JSON and markdown."""
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from annotator.processes import Process, children, worker_command
from bench.corpus import make_corpus, read_corpus

ROOT = Path(__file__).resolve().parent.parent


def add_common_arguments(parser) -> None:
    parser.add_argument("--docs", type=int, default=400, help="number of documents (default 400)")
    parser.add_argument("--words", type=int, default=450, help="words per generated document (default 450)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated corpus")
    parser.add_argument("--corpus", help="JSONL corpus ({text, meta} per line, e.g. from make_corpus.py) "
                                         "instead of a generated one; its first --docs documents are used")
    parser.add_argument("--out", help="folder of the results (default var/bench: <name>-<time>.json and .md), or the "
                                      "JSON file itself (a .md beside it)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folders")


def load_corpus(options: dict) -> list[dict]:
    if options.get("corpus"):
        records = read_corpus(options["corpus"], limit=options["docs"])
        if len(records) < options["docs"]:
            raise SystemExit(f"{options['corpus']} has only {len(records)} documents, --docs is {options['docs']}")
        return records
    return make_corpus(options["docs"], words=options["words"], seed=options["seed"])


def machine() -> dict:
    load = [round(value, 2) for value in os.getloadavg()] if hasattr(os, "getloadavg") else None
    return {"python": platform.python_version(), "platform": platform.platform(), "cores": os.cpu_count(),
            "load_average_at_start": load}


# Data folder -> URL of the fresh PostgreSQL database made for it (when DATABASE_URL is set).
_DATABASES: dict[Path, str] = {}


@contextmanager
def data_folder(name: str, *, keep: bool = False):
    """A fresh DATA_DIR (SQLite database, broker folder, media) for one measured setup.

    With DATABASE_URL set, the setup's database is a fresh PostgreSQL database on that server
    instead, named after DATABASE_URL's (`<name>_bench_<pid>_<random>`), created here and dropped
    when the block ends (kept with `keep`); `environment(folder)` points the processes at it.
    """
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    base_url = os.environ.get("DATABASE_URL")
    if base_url:
        _DATABASES[folder] = postgres_database_create(base_url)
    try:
        yield folder
    finally:
        url = _DATABASES.pop(folder, None)
        if url and not keep:
            postgres_database_drop(url)
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _postgres_connect(url: str, *, dbname: str):
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(host=config.get("HOST") or None, port=config.get("PORT") or None,
                           user=config.get("USER") or None, password=config.get("PASSWORD") or None,
                           dbname=dbname, autocommit=True)


def postgres_database_create(base_url: str) -> str:
    """Create an empty database beside DATABASE_URL's; return its URL."""
    parts = urlsplit(base_url)
    base = parts.path.lstrip("/") or "postgres"
    name = f"{base[:40]}_bench_{os.getpid()}_{secrets.token_hex(3)}"
    with _postgres_connect(base_url, dbname=base) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def postgres_database_drop(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    try:
        with _postgres_connect(url, dbname="postgres") as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as exc:  # the run's figures matter more than a database left behind
        print(f"warning: could not drop the bench database {name}: {exc}", file=sys.stderr)


def environment(folder: Path, **extra: str) -> dict:
    """Environment of the processes of one setup: default settings on the fresh database of
    `folder` (SQLite in it, or its PostgreSQL database, see data_folder) and the filesystem broker
    there, whatever this process was started with."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "SQLITE_PATH", "BROKER_DIR", "MEDIA_ROOT", "CELERY_BROKER_URL")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "annotator.settings",
        "DATA_DIR": str(folder),
        "SECRET_KEY": env.get("SECRET_KEY") or "bench-only-secret-key-not-for-production-use-0123456789",
        "DEBUG": "0",
        "CELERY_BROKER_URL": "filesystem://",
        "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    })
    if folder in _DATABASES:
        env["DATABASE_URL"] = _DATABASES[folder]
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def worker_process(env: dict, folder: Path, *, name: str, concurrency: int = 1) -> Process:
    """One `celery worker` process (prefork pool), as production runs them, logging to
    folder/worker-NAME.log; not started yet."""
    return Process(worker_command(concurrency=concurrency, name=name), name=f"worker {name}", env=env,
                   log_path=folder / f"worker-{name}.log")


def rss_kib(pid: int) -> int:
    """Resident memory of one process (KiB), from /proc; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pids(pid: int) -> list[int]:
    """A process and its descendants, from /proc."""
    pids, found = [pid], []
    while pids:
        current = pids.pop()
        found.append(current)
        pids.extend(children(current))
    return found


def tree_cpu_seconds(pid: int) -> dict:
    """CPU seconds (user + system) used so far by a process and, separately, by its children."""
    tick = os.sysconf("SC_CLK_TCK")

    def own(p: int) -> float:
        try:
            with open(f"/proc/{p}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError, IndexError):
            return 0.0

    return {"main": own(pid), "children": sum(own(p) for p in children(pid))}


class PeakRss:
    """Peak summed RSS (MiB) of groups of processes, sampled every `interval` seconds on a thread of
    its own: `groups()` names each group's pids at every sample, `peaks` holds each group's maximum."""

    def __init__(self, groups: Callable[[], dict[str, list[int]]], interval: float = 0.2):
        self.groups, self.interval = groups, interval
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for group, pids in self.groups().items():
                total = sum(rss_kib(pid) for pid in pids) / 1024
                self.peaks[group] = round(max(self.peaks.get(group, 0.0), total), 1)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def result_paths(name: str, out: str | None) -> tuple[Path, Path]:
    """The JSON result's path and the markdown table's beside it: `out` itself when it names a .json
    file, else <name>-<time>.json in the folder `out` (default DATA_DIR/bench)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    if out and Path(out).suffix == ".json":
        json_path = Path(out)
    else:
        json_path = Path(out or Path(settings.DATA_DIR) / "bench") / f"{name}-{stamp}.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    return json_path, json_path.with_suffix(".md")


def write_results(name: str, result: dict, *, out: str | None, table: str) -> tuple[Path, Path]:
    json_path, md_path = result_paths(name, out)
    json_path.write_text(json.dumps(result, indent=2) + "\n")
    md_path.write_text(table + "\n")
    return json_path, md_path


def markdown_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
