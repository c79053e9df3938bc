from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "AITALENT_SIGNUP_OPEN", True))

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "")
        language = getattr(request, "LANGUAGE_CODE", "") or ""
        user.language = language if language in dict(settings.LANGUAGES) else ""
        if commit:
            user.save()
        return user

    def get_client_ip(self, request: HttpRequest) -> str:
        from aitalent.core.http import client_ip

        return client_ip(request) or "0.0.0.0"  # noqa: S104 - a key for rate limits, not a bind
