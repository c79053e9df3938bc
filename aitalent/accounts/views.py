from __future__ import annotations

from typing import Any

from allauth.usersessions.views import ListUserSessionsView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent.accounts import forms, services
from aitalent.accounts.models import AuditEvent, DataExport
from aitalent.core.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/m", method="POST", block=True)
def settings_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = forms.PreferencesForm(
        request.POST or None,
        initial={
            "display_name": user.display_name,
            "language": user.language,
            "timezone": user.timezone,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(user=user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your settings were saved."))
            response = redirect("accounts:settings")
            if user.language:
                response.set_cookie("django_language", user.language, samesite="Lax")
            return response
    exports = DataExport.objects.filter(user=user)[:5]
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "exports": exports, "now": timezone.now()},
    )


@login_required
@require_POST
@ratelimit(key="user", rate="5/m", method="POST", block=True)
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        services.request_data_export(user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Your export is being prepared. Reload this page in a minute to download it."),
        )
    return redirect(reverse("accounts:settings") + "#your-data")


@login_required
@require_GET
def data_export_download(request: AuthenticatedHttpRequest, export_id: int) -> HttpResponse:
    export = services.get_export_for_download(user=request.user, export_id=export_id)
    stamp = export.created_at.strftime("%Y%m%d")
    return FileResponse(
        default_storage.open(export.file, "rb"),
        as_attachment=True,
        filename=f"aitalent-{request.user.handle}-{stamp}.zip",
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="5/m", method="POST", block=True)
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user, request=request)
        messages.success(
            request,
            _("Your account is closed. Your data is being deleted and will be gone in minutes."),
        )
        return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})


class SessionListView(ListUserSessionsView):
    """allauth's session list; ending the other sessions is also written to the audit log."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_audit_event(
            kind=AuditEvent.Kind.SESSIONS_ENDED, actor=self.request.user, request=self.request
        )
        return response


session_list = ratelimit(key="user", rate="10/m", method="POST", block=True)(
    SessionListView.as_view()
)
