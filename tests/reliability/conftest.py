"""A real web server for reliability tests: gunicorn in its own process, serving the test database."""
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import ROOT, _worker_env


class WebServer:
    """`gunicorn annotator.wsgi` with N sync workers on a free 127.0.0.1 port, seeing the test database.

    The listening socket is opened here and handed over (`fd://`), so the port is never free for
    someone else to take between choosing it and binding it.
    """

    def __init__(self, workers: int = 3):
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.log_path = Path(settings.DATA_DIR) / f"gunicorn-{os.getpid()}-{id(self)}.log"

    def start(self, *, timeout: float = 60) -> "WebServer":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(256)
        self.port = listener.getsockname()[1]
        env = _worker_env()
        env["LOG_LEVEL"] = "WARNING"  # 4xx answers are logged at WARNING, errors at ERROR: keep both
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "annotator.wsgi:application", "--bind", f"fd://{listener.fileno()}",
                 "--workers", str(self.workers), "--worker-class", "sync", "--timeout", "60",
                 "--graceful-timeout", "10", "--log-level", "warning", "--error-logfile", "-"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, pass_fds=(listener.fileno(),),
                start_new_session=True)
        listener.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log()[-3000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/api/v1/projects/")
                if connection.getresponse().status == 401:  # answered by Django: ready
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout}s:\n{self.log()[-3000:]}")

    def worker_pids(self) -> list[int]:
        """The master's worker processes (Linux: /proc)."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self) -> None:
        """SIGTERM (graceful: workers finish their request), SIGKILL if that takes too long."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def web_server(transactional_db):
    """Started by the test once its data is committed (the server's workers read it through their own
    connections); stopped before the database is flushed."""
    servers: list[WebServer] = []

    def start(workers: int = 3) -> WebServer:
        server = WebServer(workers).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
