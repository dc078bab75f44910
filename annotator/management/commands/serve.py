"""Start the web server (gunicorn) and a real Celery worker together, and stop both on Ctrl+C.

The web server starts first and the worker once the web server answers, so the two do not
compete for the cores while the site comes up (the worker loads the pre-label models).
gunicorn preloads the application (annotator/wsgi.py) in its master and forks the workers
from it: the code is imported once and its memory shared by the workers.
"""
import os
import signal
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from annotator.processes import Process, ProcessFailed, bind_address, gunicorn_command, stop_all, worker_command

# The application preloaded in the master (its memory shared by the workers), requests logged.
GUNICORN_OPTIONS = ("--preload", "--access-logfile", "-")
WEB_TIMEOUT = 120


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
        address = bind_address(bind)
        # In this process's group: Ctrl+C in the terminal reaches every process.
        web = Process(gunicorn_command(bind=bind, workers=web_workers, extra=GUNICORN_OPTIONS), name="the web server",
                      own_group=False, pass_fds=pass_fds).start()
        worker = None
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            try:
                up = web.wait_http(address, timeout=WEB_TIMEOUT, cancelled=lambda: stopping)
            except ProcessFailed:
                if web.running():
                    raise CommandError(f"the web server did not answer within {WEB_TIMEOUT} s") from None
                up = False  # it exited: reported below
            if up:
                worker = Process(worker_command(concurrency=concurrency), name="the Celery worker",
                                 own_group=False).start()
                url = f"http://{address[0]}:{address[1]}/"
                self.stdout.write(self.style.SUCCESS(
                    f"\nAnnotator is running at {url}\n  log in as demo / demo (manager, admin), alice / alice "
                    f"(annotator), bob / bob (reviewer)\n  admin: {url}admin/   API docs: {url}api/v1/docs/\n"
                    f"  database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, broker: "
                    f"{settings.CELERY_BROKER_URL.split('://')[0]}\nPress Ctrl+C to stop."))
                self.stdout.flush()
            while not stopping and web.running() and (worker is None or worker.running()):
                time.sleep(0.5)
        finally:
            stop_all([web, worker], timeout=20)
        if not stopping:
            sys.exit("a process stopped unexpectedly")
