"""Thin bridges from Django's and allauth's authentication signals to the audit log."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals

from aitalent.accounts import services
from aitalent.accounts.models import AuditEvent

K = AuditEvent.Kind


def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.record_audit_event(kind=K.LOGIN, actor=user, request=request)


def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        services.record_audit_event(kind=K.LOGOUT, actor=user, request=request)


def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    tried = str(credentials.get("email") or credentials.get("username") or "")
    services.record_audit_event(kind=K.LOGIN_FAILED, request=request, subject=tried)


def _event(kind: str) -> Any:
    def receiver(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
        detail = {}
        if "from_email_address" in kwargs and kwargs["from_email_address"] is not None:
            detail["from"] = kwargs["from_email_address"].email
        if "to_email_address" in kwargs and kwargs["to_email_address"] is not None:
            detail["to"] = kwargs["to_email_address"].email
        if "authenticator" in kwargs and kwargs["authenticator"] is not None:
            detail["type"] = kwargs["authenticator"].type
        if user is None and "email_address" in kwargs:
            user = kwargs["email_address"].user
        services.record_audit_event(kind=kind, actor=user, request=request, detail=detail)

    receiver.__name__ = f"audit_{kind}"
    return receiver


_RECEIVERS = [
    (auth_signals.user_logged_in, _on_login),
    (auth_signals.user_logged_out, _on_logout),
    (auth_signals.user_login_failed, _on_login_failed),
    (account_signals.user_signed_up, _event(K.SIGNUP)),
    (account_signals.password_changed, _event(K.PASSWORD_CHANGED)),
    (account_signals.password_set, _event(K.PASSWORD_CHANGED)),
    (account_signals.password_reset, _event(K.PASSWORD_RESET)),
    (account_signals.email_changed, _event(K.EMAIL_CHANGED)),
    (account_signals.email_confirmed, _event(K.EMAIL_CONFIRMED)),
    (mfa_signals.authenticator_added, _event(K.MFA_ADDED)),
    (mfa_signals.authenticator_removed, _event(K.MFA_REMOVED)),
    (mfa_signals.authenticator_reset, _event(K.MFA_RESET)),
]


def connect() -> None:
    for signal, receiver in _RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"aitalent-audit-{receiver.__name__}-{id(signal)}")
