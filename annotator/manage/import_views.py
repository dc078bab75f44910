"""The Import page: a file dropped or picked, its format and what it holds; the page starts the import job
through the API (POST projects/{id}/imports/) and follows its progress and errors (frontend/src/manage/)."""
from django.conf import settings
from django.shortcuts import render

from annotator.formats.catalog import FORMATS
from annotator.manage.access import manager_page
from annotator.services.imports import IMPORT_AS


@manager_page
def project_import(request, project):
    readable = ["auto", *(name for name, fmt in FORMATS.items() if fmt.can_read)]
    return render(request, "annotator/manage/import.html", {
        "project": project, "tab": "import", "formats": readable, "import_as": IMPORT_AS,
        "max_upload_bytes": settings.MAX_UPLOAD_BYTES,
    })
