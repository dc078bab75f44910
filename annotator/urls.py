from django.contrib import admin
from django.urls import include, path

from annotator import views, views_audit, views_tokens
from annotator.manage import import_views, label_views, project_views, team_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("projects/new/", project_views.project_new, name="project_new"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path("projects/<int:project_id>/settings/", project_views.project_settings, name="project_settings"),
    path("projects/<int:project_id>/labels/", label_views.project_labels, name="project_labels"),
    path("projects/<int:project_id>/team/", team_views.project_team, name="project_team"),
    path("projects/<int:project_id>/import/", import_views.project_import, name="project_import"),
    path("projects/<int:project_id>/next/", views.project_next, name="project_next"),
    path("projects/<int:project_id>/my-work/", views.project_my_work, name="project_my_work"),
    path("projects/<int:project_id>/review/", views.project_review_queue, name="project_review_queue"),
    path("projects/<int:project_id>/review/next/", views.project_review_next, name="project_review_next"),
    path("projects/<int:project_id>/dashboard/", views.project_dashboard, name="project_dashboard"),
    path("documents/<int:document_id>/annotate/", views.document_annotate, name="document_annotate"),
    path("documents/<int:document_id>/review/", views.document_review, name="document_review"),
    path("account/tokens/", views_tokens.account_tokens, name="account_tokens"),
    path("account/tokens/<int:token_id>/revoke/", views_tokens.account_token_revoke, name="account_token_revoke"),
    path("audit/", views_audit.audit_trail, name="audit_trail"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("api.urls")),
]
