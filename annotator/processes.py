"""Start, watch and stop the system's processes: gunicorn (the web tier) and Celery workers.

One supervisor for everything that runs them: `manage.py serve` (what `make run` ends with), the
benchmarks (bench/server.py, bench/common.py) and the tests' worker and web server fixtures.

A `Process` is started in a session of its own (its own process group, so stopping it reaches
its children: gunicorn's workers, Celery's pool) unless `own_group=False`, which keeps it in
the caller's group, as `serve` does so that Ctrl+C in a terminal reaches every process. Ready
means an HTTP answer for the web tier (`wait_http`) and a line in the log for a worker
(`wait_log`). Linux only where /proc is read.
"""
import http.client
import os
import signal
import socket
# Starts our own web and worker processes (argv lists, never a shell): bandit B404 and B603 accepted.
import subprocess  # nosec B404
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER_READY = b" ready."  # "celery@host ready." once the worker takes tasks


def gunicorn_command(*, bind: str, workers: int, extra: Sequence[str] = ()) -> list[str]:
    """The gunicorn command line of the web tier: sync workers serving annotator/wsgi.py on `bind`
    (`host:port`, or `fd://N` for a listening socket the process inherits), then `extra` options."""
    command = [sys.executable, "-m", "gunicorn", "annotator.wsgi:application", "--bind", bind,
               "--workers", str(workers), "--log-level", "warning"]
    # The workers' heartbeat files: memory, not disk (gunicorn's advice); bandit B108 accepted.
    if os.path.isdir("/dev/shm"):  # nosec B108
        command += ["--worker-tmp-dir", "/dev/shm"]  # nosec B108
    return command + list(extra)


def worker_command(*, concurrency: int, name: str | None = None) -> list[str]:
    """A Celery worker with a prefork pool of `concurrency` processes. A `name` (tests, benchmarks)
    also turns off heartbeat, gossip and mingle: such a worker has no other worker to talk to."""
    command = [sys.executable, "-m", "celery", "-A", "annotator", "worker", "--loglevel", "INFO",
               "--concurrency", str(concurrency), "--pool", "prefork"]
    if name:
        command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"]
    return command


def listening_socket(host: str = "127.0.0.1") -> socket.socket:
    """A socket listening on a free port, to hand to gunicorn as `fd://N` (pass_fds): the port is
    never free for another process to take between choosing it and binding it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, 0))
    listener.listen(1024)
    return listener


def bind_address(bind: str) -> tuple[str, int]:
    """Where to reach a web server bound to `bind` (`host:port` or `fd://N`): host and port."""
    if bind.startswith("fd://"):
        listener = socket.socket(fileno=int(bind[5:]))
        try:
            host, port = listener.getsockname()[:2]
        finally:
            listener.detach()  # the fd stays open for gunicorn
    else:
        host, _, port = bind.rpartition(":")
        host = host.strip("[]") or "127.0.0.1"
    # Not a bind: a server bound to every interface is checked through the loopback one (bandit B104 accepted).
    return ("127.0.0.1" if host in ("0.0.0.0", "::") else host), int(port)  # nosec B104


def answers(address: tuple[str, int], *, path: str = "/healthz", status: int = 200, timeout: float = 2) -> bool:
    """Whether GET `path` at `address` answers with `status`."""
    try:
        connection = http.client.HTTPConnection(*address, timeout=timeout)
        connection.request("GET", path)
        return connection.getresponse().status == status
    except OSError:
        return False


def children(pid: int) -> list[int]:
    """The child processes of `pid` (from /proc; empty once it is gone)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


class ProcessFailed(RuntimeError):
    """The process exited, or did not get ready in time; the message ends with its log's tail."""


class Process:
    """One supervised process: `start()`, wait until it is ready, `stop()` or `kill()` it.

    With `log_path`, its stdout and stderr are appended to that file (`log()` reads it); without,
    it writes to the caller's. `env` defaults to the caller's environment, `cwd` to the repository
    (a process started elsewhere needs the repository on its PYTHONPATH).
    """

    def __init__(self, command: Sequence[str], *, name: str, env: dict | None = None, log_path: Path | None = None,
                 own_group: bool = True, pass_fds: Sequence[int] = (), cwd: Path | None = None):
        self.command, self.name, self.env, self.cwd = list(command), name, env, cwd or ROOT
        self.log_path, self.own_group, self.pass_fds = log_path, own_group, tuple(pass_fds)
        self.proc: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def start(self) -> "Process":
        log = open(self.log_path, "ab") if self.log_path else None
        try:
            # Our own command lines (gunicorn_command, worker_command), no shell: bandit B603 accepted.
            self.proc = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=log,  # nosec B603
                                         stderr=subprocess.STDOUT if log else None, pass_fds=self.pass_fds,
                                         start_new_session=self.own_group)
        finally:
            if log:
                log.close()  # the child holds its own copy
        return self

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_http(self, address: tuple[str, int], *, path: str = "/healthz", status: int = 200,
                  timeout: float = 120, interval: float = 0.02,
                  cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Until GET `path` answers `status`: True; False if `cancelled()` turned true first.
        ProcessFailed if the process exits or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while not cancelled():
            self._check(deadline, f"did not answer within {timeout} s")
            if answers(address, path=path, status=status, timeout=5):
                return True
            time.sleep(interval)
        return False

    def wait_log(self, marker: bytes = WORKER_READY, *, timeout: float = 60, interval: float = 0.1) -> None:
        """Until `marker` appears in the log (a Celery worker's "ready."); ProcessFailed if the
        process exits or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while marker not in self.log_path.read_bytes():
            self._check(deadline, f"did not start within {timeout} s")
            time.sleep(interval)

    def _check(self, deadline: float, late: str) -> None:
        if self.proc.poll() is not None:
            raise ProcessFailed(f"{self.name} exited:\n{self.log()[-3000:]}")
        if time.monotonic() > deadline:
            raise ProcessFailed(f"{self.name} {late}:\n{self.log()[-3000:]}")

    def signal(self, number: int) -> None:
        """Send a signal to the process's group (or to the process alone when it shares the caller's)."""
        try:
            if self.own_group:
                os.killpg(self.proc.pid, number)
            else:
                self.proc.send_signal(number)
        except ProcessLookupError:
            pass

    def stop(self, *, timeout: float = 20) -> None:
        """SIGTERM, then SIGKILL after `timeout` seconds (see `stop_all`)."""
        stop_all([self], timeout=timeout)

    def kill(self) -> None:
        """SIGKILL the process (and its group, when it has one of its own), as a crash would."""
        if self.proc is None:
            return
        self.signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def log(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")


def stop_all(processes: Sequence[Process | None], *, timeout: float = 20) -> None:
    """SIGTERM to every running process at once (gunicorn and Celery then stop gracefully), then
    SIGKILL to any that has not exited `timeout` seconds after its turn to be waited for came, and
    to whatever is left of the groups of those that have one of their own. None items are skipped."""
    started = [p for p in processes if p is not None and p.proc is not None]
    for process in started:
        if process.running():
            process.signal(signal.SIGTERM)
    for process in started:
        try:
            process.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        if process.own_group or process.running():
            process.kill()
