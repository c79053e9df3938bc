from __future__ import annotations

import json
from typing import Any

from allauth.usersessions.views import ListUserSessionsView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent.accounts import forms, services
from aitalent.accounts.models import AuditEvent
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
    return render(request, "accounts/settings.html", {"form": form})


@login_required
@require_POST
@ratelimit(key="user", rate="5/m", method="POST", block=True)
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = services.export_member_data(user=request.user, request=request)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="aitalent-{request.user.handle}-{stamp}.json"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="5/m", method="POST", block=True)
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user, request=request)
        messages.success(request, _("Your account and your data were deleted."))
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
