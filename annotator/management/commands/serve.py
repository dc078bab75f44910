"""Start the web server (gunicorn) and a real Celery worker together, and stop both on Ctrl+C.

The web server starts first and the worker once the web server answers, so the two do not
compete for the cores while the site comes up (the worker loads the pre-label models).
gunicorn preloads the application (annotator/wsgi.py) in its master and forks the workers
from it: the code is imported once and its memory shared by the workers.
"""
import http.client
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def gunicorn_command(*, bind: str, workers: int) -> list[str]:
    """The gunicorn command line of the web tier (sync workers, the application preloaded)."""
    command = [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "annotator.wsgi:application",
               "--bind", bind, "--workers", str(workers), "--preload",
               "--access-logfile", "-", "--log-level", "warning"]
    if os.path.isdir("/dev/shm"):  # the workers' heartbeat files: memory, not disk
        command += ["--worker-tmp-dir", "/dev/shm"]
    return command


def worker_command(*, concurrency: int) -> list[str]:
    return [os.path.join(os.path.dirname(sys.executable), "celery"), "-A", "annotator", "worker",
            "--loglevel", "INFO", "--concurrency", str(concurrency), "--pool", "prefork"]


def _address(bind: str) -> tuple[str, int]:
    """Where to reach the web server: host and port of a `host:port` or `fd://N` bind."""
    if bind.startswith("fd://"):
        listener = socket.socket(fileno=int(bind[5:]))
        try:
            host, port = listener.getsockname()[:2]
        finally:
            listener.detach()  # the fd stays open for gunicorn
        return ("127.0.0.1" if host in ("0.0.0.0", "::") else host), port
    host, _, port = bind.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    return ("127.0.0.1" if host in ("0.0.0.0", "::") else host), int(port)


def _answers(host: str, port: int) -> bool:
    try:
        connection = http.client.HTTPConnection(host, port, timeout=2)
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False


class Command(BaseCommand):
    help = "Run gunicorn and a Celery worker; print the URL and the demo login."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--bind", help="gunicorn bind address instead of HOST:PORT, e.g. fd://3 for a "
                                           "listening socket this process inherited")
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--concurrency", type=int, default=int(os.environ.get("WORKER_CONCURRENCY", "1")))
        parser.add_argument("--migrate", action="store_true", help="apply database migrations first (in this process)")

    def handle(self, *args, host, port, bind, web_workers, concurrency, migrate, **options):
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
            connections.close_all()  # nothing of this process's database state reaches gunicorn
        bind = bind or f"{host}:{port}"
        pass_fds = (int(bind[5:]),) if bind.startswith("fd://") else ()
        address = _address(bind)
        web = subprocess.Popen(gunicorn_command(bind=bind, workers=web_workers), pass_fds=pass_fds)
        worker = None
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            deadline = time.monotonic() + 120
            while not stopping and web.poll() is None and not _answers(*address):
                if time.monotonic() > deadline:
                    raise CommandError("the web server did not answer within 120 s")
                time.sleep(0.02)
            if not stopping and web.poll() is None:
                worker = subprocess.Popen(worker_command(concurrency=concurrency))
                url = f"http://{address[0]}:{address[1]}/"
                self.stdout.write(self.style.SUCCESS(
                    f"\nAnnotator is running at {url}\n  log in as demo / demo (manager, admin), alice / alice "
                    f"(annotator), bob / bob (reviewer)\n  admin: {url}admin/   API docs: {url}api/v1/docs/\n"
                    f"  database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, broker: "
                    f"{settings.CELERY_BROKER_URL.split('://')[0]}\nPress Ctrl+C to stop."))
                self.stdout.flush()
            while not stopping and web.poll() is None and (worker is None or worker.poll() is None):
                time.sleep(0.5)
        finally:
            for proc in (web, worker):
                if proc is not None and proc.poll() is None:
                    proc.terminate()
            for proc in (web, worker):
                if proc is None:
                    continue
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if not stopping:
            sys.exit("a process stopped unexpectedly")
