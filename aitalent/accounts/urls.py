from django.urls import path

from aitalent.accounts import api, views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_edit, name="settings"),
    path("settings/export/", views.data_export, name="data-export"),
    path(
        "settings/export/<int:export_id>/download/",
        views.data_export_download,
        name="data-export-download",
    ),
    path("settings/delete/", views.account_delete, name="delete"),
]

api_urlpatterns = [
    path("auth/token/", api.AuthTokenApi.as_view(), name="auth-token"),
    path("accounts/me/", api.MeApi.as_view(), name="me"),
    path("accounts/me/security-events/", api.AuditEventListApi.as_view(), name="security-events"),
]
