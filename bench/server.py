"""The system under test, started as `make run` starts it: `manage.py serve --migrate` (gunicorn
master and workers, then a Celery worker) on a fresh database, reached over HTTP on a socket
bound here and handed over (`fd://`), so no other process can take the port in between.

Its processes are found in /proc (serve's children: the gunicorn master, whose children are the
web workers, and the Celery worker, whose children are its pool), and their memory is read from
/proc: RSS per process, and PSS (proportional set size: a page shared by k processes counts
1/k in each, so the sum over a group counts every page once) from smaps_rollup.
"""
import http.client
import json
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from annotator.processes import Process, children, listening_socket
from bench.common import ROOT, data_folder, environment, rss_kib

ADMIN, USER = "bench-admin", "bench-user"


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def process_memory(pid: int) -> dict:
    """RSS, PSS and USS (private pages only) of one process, in MiB (smaps_rollup, Linux 4.14+)."""
    values = {"Rss": 0, "Pss": 0, "Private_Clean": 0, "Private_Dirty": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                if key in values:
                    values[key] = int(rest.split()[0])
    except (OSError, ValueError):
        values["Rss"] = rss_kib(pid)
    return {"pid": pid, "rss_mib": round(values["Rss"] / 1024, 1), "pss_mib": round(values["Pss"] / 1024, 1),
            "uss_mib": round((values["Private_Clean"] + values["Private_Dirty"]) / 1024, 1)}


def group_memory(pids: list[int]) -> dict:
    """Per process and summed: RSS (counts shared pages once per process), PSS (counts them once)."""
    processes = [process_memory(pid) for pid in pids]
    return {"processes": processes,
            "rss_sum_mib": round(sum(p["rss_mib"] for p in processes), 1),
            "pss_sum_mib": round(sum(p["pss_mib"] for p in processes), 1)}


class Stack:
    """`manage.py serve --migrate` on the database of `env`; use as a context manager."""

    def __init__(self, env: dict, folder: Path, *, web_workers: int = 2, worker_concurrency: int = 1):
        self.env, self.folder = env, folder
        self.web_workers, self.worker_concurrency = web_workers, worker_concurrency
        self.log_path = folder / "serve.log"
        self.serve: Process | None = None
        self.port = 0
        self.tokens: dict[str, str] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 180) -> float:
        """Spawn the system; return the seconds from the spawn to the first 200 on /healthz."""
        listener = listening_socket()
        self.port = listener.getsockname()[1]
        fd = listener.fileno()
        command = [sys.executable, str(ROOT / "manage.py"), "serve", "--migrate", "--bind", f"fd://{fd}",
                   "--web-workers", str(self.web_workers), "--concurrency", str(self.worker_concurrency)]
        self.serve = Process(command, name="manage.py serve", env=self.env, log_path=self.log_path, pass_fds=(fd,))
        started = time.perf_counter()
        self.serve.start()
        listener.close()
        self.serve.wait_http(("127.0.0.1", self.port), timeout=timeout, interval=0.005)
        return time.perf_counter() - started

    def wait_worker(self, *, timeout: float = 180) -> None:
        """Until the Celery worker logs that it is ready (it starts once the web server answers)."""
        self.serve.wait_log(timeout=timeout, interval=0.05)

    def processes(self) -> dict[str, list[int]]:
        """{"web": [gunicorn master, its workers], "worker": [celery worker, its pool], "supervisor": [serve]}."""
        groups = {"web": [], "worker": [], "supervisor": [self.serve.pid] if self.serve else []}
        for child in children(self.serve.pid) if self.serve else []:
            command = _cmdline(child)
            group = "web" if "gunicorn" in command else "worker" if "celery" in command else None
            if group:
                groups[group] += [child, *children(child)]
        return groups

    def memory(self) -> dict:
        return {group: group_memory(pids) for group, pids in self.processes().items()}

    def accounts(self) -> None:
        """A staff user (creates projects) and a plain user (the member every measured request is made
        as), and their tokens."""
        password = "bench-password-not-secret"
        result = subprocess.run([sys.executable, "-m", "bench.accounts", "--password", password],
                                cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300)
        if result.returncode:
            raise RuntimeError(f"creating the bench users failed:\n{result.stderr[-3000:]}")
        for username in (ADMIN, USER):
            answer = self.request("POST", "/api/v1/auth/token/", {"username": username, "password": password})
            self.tokens[username] = answer["token"]

    def request(self, method: str, path: str, body=None, *, user: str | None = None) -> dict:
        """One JSON request (setup only; measured requests are made by the client process)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Content-Type": "application/json"}
        if user:
            headers["Authorization"] = f"Token {self.tokens[user]}"
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:2000]!r}")
        return json.loads(data) if data else {}

    def project(self, name: str) -> int:
        """A new project with the bench labels; USER is its manager."""
        from bench.corpus import LABELS, RELATION

        body = {"name": name, "entity_types": [{"name": n} for n in LABELS], "relation_types": [{"name": RELATION}]}
        project = self.request("POST", "/api/v1/projects/", body, user=ADMIN)
        self.request("POST", f"/api/v1/projects/{project['id']}/members/", {"username": USER, "role": "manager"},
                     user=ADMIN)
        return project["id"]

    def client(self, *args: str, timeout: float = 3600) -> dict:
        """Run `python -m bench.client ARGS` (a process of its own, as USER); its JSON answer."""
        command = [sys.executable, "-m", "bench.client", "--url", self.url, "--token", self.tokens[USER],
                   *args]
        result = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        if result.returncode:
            raise RuntimeError(f"bench client {' '.join(args)} failed:\n{result.stderr[-4000:]}\n"
                               f"server log:\n{self.log()[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def stop(self) -> None:
        """SIGTERM to serve's group (serve stops gunicorn and the worker), SIGKILL to it if that hangs."""
        if self.serve:
            self.serve.stop(timeout=40)

    def log(self) -> str:
        return self.serve.log() if self.serve else ""

    def __enter__(self) -> "Stack":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def fresh_stack(name: str, *, options: dict, **extra_env):
    """A data folder (and database) of its own, the stack's environment and a Stack not yet started."""
    with data_folder(name, keep=options.get("keep", False)) as folder:
        env = environment(folder, LOG_LEVEL="WARNING", **extra_env)
        stack = Stack(env, folder, web_workers=options.get("web_workers") or 2,
                      worker_concurrency=options.get("worker_concurrency") or 1)
        try:
            yield stack
        finally:
            stack.stop()
