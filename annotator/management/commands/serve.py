"""Start the web server (gunicorn) and a real Celery worker together, and stop both on Ctrl+C."""
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run gunicorn and a Celery worker; print the URL and the demo login."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--concurrency", type=int, default=int(os.environ.get("WORKER_CONCURRENCY", "1")))

    def handle(self, *args, host, port, web_workers, concurrency, **options):
        bindir = os.path.dirname(sys.executable)
        web = subprocess.Popen([os.path.join(bindir, "gunicorn"), "annotator.wsgi:application",
                                "--bind", f"{host}:{port}", "--workers", str(web_workers),
                                "--access-logfile", "-", "--log-level", "warning"])
        worker = subprocess.Popen([os.path.join(bindir, "celery"), "-A", "annotator", "worker",
                                   "--loglevel", "INFO", "--concurrency", str(concurrency), "--pool", "prefork"])
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(
            f"\nAnnotator is running at {url}\n  log in as demo / demo (manager, admin), alice / alice "
            f"(annotator), bob / bob (reviewer)\n  admin: {url}admin/   API docs: {url}api/v1/docs/\n"
            f"  database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, broker: "
            f"{settings.CELERY_BROKER_URL.split('://')[0]}\nPress Ctrl+C to stop.\n"))
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and web.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        finally:
            for proc in (web, worker):
                if proc.poll() is None:
                    proc.terminate()
            for proc in (web, worker):
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if not stopping:
            sys.exit("a process stopped unexpectedly")
