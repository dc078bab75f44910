"""The WSGI application, ready to serve when this module is imported.

gunicorn preloads it in its master (`manage.py serve`), so what is imported here is imported
once and shared by the forked workers: the URL configuration, and with it every view, is
loaded now rather than by each worker's first request, and the objects that live as long as
the process are moved out of the garbage collector's reach (a collection in a worker would
otherwise touch, and so copy, every shared page).
"""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports the URL configuration: every view and serializer)


_warm_up()
gc.freeze()
