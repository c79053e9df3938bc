from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from rest_framework.authtoken.models import Token

from aitalent.accounts.models import AuditEvent, User
from aitalent.core import member_data
from aitalent.core.http import client_ip


def record_audit_event(
    *,
    kind: str,
    actor: User | None = None,
    request: HttpRequest | None = None,
    subject: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    if actor is not None and not getattr(actor, "pk", None):
        actor = None
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        subject=subject[:254],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        detail=detail or {},
    )


@transaction.atomic
def create_api_token(*, user: User, request: HttpRequest | None = None) -> Token:
    """One token per member; asking again returns the same token until it is revoked."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        record_audit_event(kind=AuditEvent.Kind.TOKEN_CREATED, actor=user, request=request)
    return token


@transaction.atomic
def revoke_api_token(*, user: User, request: HttpRequest | None = None) -> bool:
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        record_audit_event(kind=AuditEvent.Kind.TOKEN_REVOKED, actor=user, request=request)
    return bool(deleted)


def validate_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        message = f"Unknown time zone {value!r}: use a name such as Europe/Paris or Asia/Shanghai."
        raise ValidationError({"timezone": message}) from exc
    return value


@transaction.atomic
def update_preferences(
    *,
    user: User,
    display_name: str | None = None,
    language: str | None = None,
    timezone: str | None = None,
) -> User:
    fields = []
    if display_name is not None:
        user.display_name = display_name.strip()[:80]
        fields.append("display_name")
    if language is not None:
        if language and language not in dict(settings.LANGUAGES):
            choices = ", ".join(code for code, _ in settings.LANGUAGES)
            raise ValidationError({"language": f"Choose one of: {choices}."})
        user.language = language
        fields.append("language")
    if timezone is not None:
        user.timezone = validate_timezone(timezone)
        fields.append("timezone")
    if fields:
        user.save(update_fields=fields)
    return user


def export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "handle": user.handle,
        "display_name": user.display_name,
        "language": user.language,
        "timezone": user.timezone,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "has_api_token": Token.objects.filter(user=user).exists(),
        "security_events": [
            {"kind": e.kind, "ip_address": e.ip_address, "at": e.created_at.isoformat()}
            for e in user.audit_events.all()[:1000]
        ],
    }


def erase_account(user: User) -> None:
    Token.objects.filter(user=user).delete()


def export_member_data(*, user: User, request: HttpRequest | None = None) -> dict[str, Any]:
    """Everything every app stores about the member, as one JSON-able document."""
    record_audit_event(kind=AuditEvent.Kind.DATA_EXPORTED, actor=user, request=request)
    return {"format": "aitalent-export-1", "member": user.handle, **member_data.export_all(user)}


@transaction.atomic
def delete_account(*, user: User, request: HttpRequest | None = None) -> None:
    """Erase the member's data in every registered app, then the account itself.

    The audit event keeps the fact (and IP) but not the person: its actor is gone with the user.
    """
    record_audit_event(
        kind=AuditEvent.Kind.ACCOUNT_DELETED,
        actor=None,
        request=request,
        subject=f"user:{user.public_id}",
    )
    member_data.erase_all(user)
    user.delete()
