from __future__ import annotations

import io
import json
import secrets
import zipfile
import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from aitalent.accounts.models import AuditEvent, DataExport, User
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
    return _export_document(user)


def _export_document(user: User) -> dict[str, Any]:
    return {"format": "aitalent-export-1", "member": user.handle, **member_data.export_all(user)}


EXPORT_EVERY = timedelta(hours=24)
EXPORT_KEPT = timedelta(days=7)


@transaction.atomic
def request_data_export(*, user: User, request: HttpRequest | None = None) -> DataExport:
    """Queue a ZIP export; at most one per 24 hours (the previous one is still downloadable)."""
    recent = DataExport.objects.filter(
        user=user, created_at__gte=timezone.now() - EXPORT_EVERY
    ).exclude(status=DataExport.Status.FAILED)
    if recent.exists():
        raise ValidationError(
            gettext("You can request one export per 24 hours; the last one is listed below.")
        )
    export = DataExport.objects.create(user=user)
    record_audit_event(
        kind=AuditEvent.Kind.DATA_EXPORTED,
        actor=user,
        request=request,
        detail={"export": export.pk, "step": "requested"},
    )
    from aitalent.accounts import tasks

    transaction.on_commit(lambda: tasks.build_data_export.defer(export_id=export.pk))
    return export


def build_data_export(*, export_id: int) -> DataExport | None:
    """The job: data.json plus every uploaded file under files/, zipped into storage."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return export
    user = export.user
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            document = _export_document(user)
            archive.writestr(
                "data.json", json.dumps(document, indent=2, ensure_ascii=False, default=str)
            )
            for app_name, names in member_data.files_all(user).items():
                for name in names:
                    if default_storage.exists(name):
                        with default_storage.open(name, "rb") as handle:
                            archive.writestr(f"files/{app_name}/{name}", handle.read())
            archive.writestr(
                "README.txt",
                "Your data from AI Talent Exchange: data.json holds every record, files/ your "
                "uploads.\n",
            )
    except Exception:
        export.status = DataExport.Status.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at"])
        raise
    name = default_storage.save(
        f"exports/{user.public_id}/{secrets.token_urlsafe(16)}.zip",
        ContentFile(buffer.getvalue()),
    )
    now = timezone.now()
    export.file, export.size = name, buffer.tell()
    export.status, export.finished_at, export.expires_at = (
        DataExport.Status.READY,
        now,
        now + EXPORT_KEPT,
    )
    export.save(update_fields=["file", "size", "status", "finished_at", "expires_at"])
    record_audit_event(
        kind=AuditEvent.Kind.DATA_EXPORTED,
        actor=user,
        detail={"export": export.pk, "step": "ready"},
    )
    return export


def get_export_for_download(*, user: User, export_id: int) -> DataExport:
    export = DataExport.objects.filter(
        pk=export_id, user=user, status=DataExport.Status.READY, expires_at__gt=timezone.now()
    ).first()
    if export is None:
        raise Http404
    return export


def expire_data_exports(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    expired = list(DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now))
    for export in expired:
        if export.file and default_storage.exists(export.file):
            default_storage.delete(export.file)
    DataExport.objects.filter(pk__in=[e.pk for e in expired]).update(
        status=DataExport.Status.EXPIRED, file=""
    )
    return len(expired)


def export_exports(user: User) -> list[dict[str, Any]]:
    return [
        {"status": e.status, "requested_at": e.created_at.isoformat()}
        for e in DataExport.objects.filter(user=user)
    ]


def erase_exports(user: User) -> None:
    for export in DataExport.objects.filter(user=user).exclude(file=""):
        if default_storage.exists(export.file):
            default_storage.delete(export.file)
    DataExport.objects.filter(user=user).delete()


def _end_sessions(user: User) -> None:
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    # Sessions created before usersessions tracked them: scan only this member's id.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


@transaction.atomic
def delete_account(*, user: User, request: HttpRequest | None = None) -> None:
    """At once: lock the account, revoke sessions and tokens, remove uploaded files. Then a job
    erases the member's data in every registered app (authorship becomes "deleted member")
    and deletes the account.

    The audit event keeps the fact (and IP) but not the person.
    """
    record_audit_event(
        kind=AuditEvent.Kind.ACCOUNT_DELETED,
        actor=None,
        request=request,
        subject=f"user:{user.public_id}",
    )
    User.objects.filter(pk=user.pk).update(is_active=False, password="!deleted")  # noqa: S106
    Token.objects.filter(user=user).delete()
    _end_sessions(user)
    for names in member_data.files_all(user).values():
        for name in names:
            if default_storage.exists(name):
                default_storage.delete(name)
    from aitalent.accounts import tasks

    user_id = user.pk
    transaction.on_commit(lambda: tasks.purge_account.defer(user_id=user_id))


@transaction.atomic
def purge_account(*, user_id: int) -> bool:
    """The job: erase every registered app's data, then the user row itself."""
    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is None:
        return False
    member_data.erase_all(user)
    user.delete()
    return True
