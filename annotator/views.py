"""Browser pages. Thin: they read through selectors and render templates."""
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from annotator.selectors.projects import projects_for_user


def healthz(request):
    return JsonResponse({"ok": True})


@login_required
def home(request):
    return render(request, "annotator/home.html", {"projects": projects_for_user(user=request.user)})
