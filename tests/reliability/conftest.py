"""A real web server for reliability tests: gunicorn in its own process, serving the test database."""
import os
from pathlib import Path

import pytest
from django.conf import settings

from annotator.processes import Process, children, gunicorn_command, listening_socket
from tests.conftest import _worker_env

# Longer than gunicorn's default request timeout under load; a short graceful stop.
GUNICORN_OPTIONS = ("--worker-class", "sync", "--timeout", "60", "--graceful-timeout", "10", "--error-logfile", "-")


class WebServer(Process):
    """`gunicorn annotator.wsgi` with N sync workers on a free 127.0.0.1 port, seeing the test database
    (annotator/processes.py). The listening socket is opened here and handed over (`fd://`), so the
    port is never free for someone else to take between choosing it and binding it.
    """

    def __init__(self, workers: int = 3):
        self.workers = workers
        self.listener = listening_socket()
        self.port = self.listener.getsockname()[1]
        env = _worker_env()
        env["LOG_LEVEL"] = "WARNING"  # 4xx answers are logged at WARNING, errors at ERROR: keep both
        fd = self.listener.fileno()
        super().__init__(gunicorn_command(bind=f"fd://{fd}", workers=workers, extra=GUNICORN_OPTIONS),
                         name="gunicorn", env=env, pass_fds=(fd,),
                         log_path=Path(settings.DATA_DIR) / f"gunicorn-{os.getpid()}-{id(self)}.log")

    def start(self, *, timeout: float = 60) -> "WebServer":
        super().start()
        self.listener.close()
        try:  # a 401 is answered by Django: ready
            self.wait_http(("127.0.0.1", self.port), path="/api/v1/projects/", status=401, timeout=timeout,
                           interval=0.2)
        except Exception:
            self.stop()
            raise
        return self

    def worker_pids(self) -> list[int]:
        """The master's worker processes (Linux: /proc)."""
        return children(self.pid)


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
