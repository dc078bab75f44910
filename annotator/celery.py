"""The Celery application; its tasks live in annotator/tasks/ (one module per kind of job)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")

# The package of the tasks: a task's name is `<TASKS_PACKAGE>.<module>.<function>`, and services send
# tasks by that name (annotator/services/jobs.py) without importing the package.
TASKS_PACKAGE = "annotator.tasks"

app = Celery("annotator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["annotator"])
