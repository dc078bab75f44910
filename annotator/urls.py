from django.contrib import admin
from django.urls import include, path

from annotator import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path("projects/<int:project_id>/next/", views.project_next, name="project_next"),
    path("documents/<int:document_id>/annotate/", views.document_annotate, name="document_annotate"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("api.urls")),
]
