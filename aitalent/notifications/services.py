"""The one notification system: every app calls `notify()` (after commit) and nothing else.

In-app rows, instant e-mails through jobs, daily/weekly digests in each member's timezone and
language, watch levels, preferences, signed unsubscribe links, and staff announcements.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from aitalent.notifications import registry
from aitalent.notifications.models import (
    Announcement,
    DigestRun,
    EmailChannel,
    Notification,
    Preference,
    Watch,
)

logger = logging.getLogger(__name__)

register_type = registry.register_type
register_block_checker = registry.register_block_checker
register_watchable = registry.register_watchable
register_audience = registry.register_audience

UNSUBSCRIBE_SALT = "aitalent.notifications.unsubscribe"
ALL_EMAIL = "*"
DIGEST_LOCAL_HOUR = 8  # digests arrive at 08:00 in the member's own timezone
UNREAD_CAP = 99  # the bell says "99+" past this; counting further costs time for nothing


def _target_ref(target: models.Model | None) -> tuple[str, int | None]:
    if target is None:
        return "", None
    return f"{target._meta.app_label}.{target._meta.model_name}", int(target.pk)


def _display(user: Any) -> str:
    return getattr(user, "name", None) or str(user)


# --- sending ----------


def notify(
    *,
    recipients: Iterable[Any],
    verb: str,
    actor: Any = None,
    target: models.Model | None = None,
    url: str = "",
    context: dict[str, Any] | None = None,
    key: str = "",
    group_key: str = "",
) -> list[Notification]:
    """Tell `recipients` that `actor` did `verb` (to `target`). Call it in transaction.on_commit.

    Skips the actor, inactive members, anyone blocked either way, anyone who muted the target,
    and anyone whose preferences turn the type off. The same `key` never notifies a member twice;
    unread repeats with the same `group_key` merge into one row.
    """
    kind = registry.get_type(verb)
    actor_id = getattr(actor, "pk", None)
    ids = {getattr(r, "pk", r) for r in recipients} - {actor_id, None}
    if not ids:
        return []
    user_model = get_user_model()
    ids = set(user_model.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    if actor_id is not None:
        ids = {rid for rid in ids if not registry.is_blocked(rid, actor_id)}
    target_type, target_id = _target_ref(target)
    if target_type and ids:
        muted = Watch.objects.filter(
            user_id__in=ids,
            target_type=target_type,
            target_id=target_id,
            level=Watch.Level.MUTED,
        ).values_list("user_id", flat=True)
        ids -= set(muted)
    if key and ids:
        ids -= set(
            Notification.objects.filter(recipient_id__in=ids, key=key).values_list(
                "recipient_id", flat=True
            )
        )
    if not ids:
        return []
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=ids, verb=verb)}
    emails_off = set(
        Preference.objects.filter(user_id__in=ids, verb=ALL_EMAIL, email="off").values_list(
            "user_id", flat=True
        )
    )
    now = timezone.now()
    context = {k: str(v) for k, v in (context or {}).items()}
    touched: list[Notification] = []
    with transaction.atomic():
        if group_key:
            grouped = Notification.objects.select_for_update().filter(
                recipient_id__in=ids, group_key=group_key, read_at__isnull=True
            )
            for row in grouped:
                if actor_id:
                    # The latest actor leads the sentence; everyone else counts as "others".
                    earlier = [row.actor_id, *row.other_actor_ids]
                    row.other_actor_ids = list(
                        dict.fromkeys(a for a in earlier if a is not None and a != actor_id)
                    )
                    row.actor_id = actor_id
                row.count += 1
                row.context = context
                row.url = url or row.url
                row.created_at = now
                row.save(
                    update_fields=[
                        "other_actor_ids",
                        "count",
                        "actor",
                        "context",
                        "url",
                        "created_at",
                        "updated_at",
                    ]
                )
                ids.discard(row.recipient_id)
                touched.append(row)
        new_rows = []
        for rid in sorted(ids):
            pref = prefs.get(rid)
            channel = pref.email if pref else kind.default_email
            if rid in emails_off:
                channel = EmailChannel.OFF
            in_app = pref.in_app if pref else True
            if not in_app and channel == EmailChannel.OFF:
                continue
            new_rows.append(
                Notification(
                    recipient_id=rid,
                    verb=verb,
                    module=kind.module,
                    actor_id=actor_id,
                    target_type=target_type,
                    target_id=target_id,
                    url=url[:500],
                    context=context,
                    key=key[:200],
                    group_key=group_key[:200],
                    is_mention=verb.endswith(".mentioned"),
                    email_channel=channel,
                    read_at=None if in_app else now,
                )
            )
        try:
            with transaction.atomic():
                created = Notification.objects.bulk_create(new_rows)
        except IntegrityError:  # a concurrent notify() with the same key won the race
            created = []
            for row in new_rows:
                try:
                    with transaction.atomic():
                        row.save()
                    created.append(row)
                except IntegrityError:
                    continue
        touched.extend(created)
        instant = [row.pk for row in created if row.email_channel == EmailChannel.INSTANT]
        # `aitalent seed` turns e-mail off: demo members' addresses are made up.
        if instant and settings.NOTIFICATIONS_SEND_EMAIL:
            from aitalent.notifications import tasks

            def defer() -> None:
                for start in range(0, len(instant), 100):
                    tasks.send_instant_emails.defer(notification_ids=instant[start : start + 100])

            transaction.on_commit(defer)
    return touched


def notify_watchers(
    *,
    target: models.Model,
    verb: str,
    actor: Any = None,
    url: str = "",
    context: dict[str, Any] | None = None,
    key: str = "",
    group_key: str = "",
    levels: Sequence[str] = (Watch.Level.WATCHING,),
    also: Iterable[Any] = (),
) -> list[Notification]:
    """Notify everyone watching `target` at one of `levels` (plus `also`, e.g. the author)."""
    target_type, target_id = _target_ref(target)
    ids = set(
        Watch.objects.filter(
            target_type=target_type, target_id=target_id, level__in=levels
        ).values_list("user_id", flat=True)
    )
    ids |= {getattr(r, "pk", r) for r in also}
    return notify(
        recipients=ids,
        verb=verb,
        actor=actor,
        target=target,
        url=url,
        context=context,
        key=key,
        group_key=group_key,
    )


# --- reading ----------


def unread_count(*, user: Any) -> int:
    """Cheap by construction: a partial index on unread rows and a capped count."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)[
        : UNREAD_CAP + 1
    ].count()


def mark_read(*, user: Any, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def mark_all_read(*, user: Any, module: str = "") -> int:
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if module:
        rows = rows.filter(module=module)
    return rows.update(read_at=timezone.now())


def describe(notification: Notification, actors: dict[int, Any] | None = None) -> str:
    """The sentence for a notification, in the active language ("Ana and 4 others ...")."""
    try:
        kind = registry.get_type(notification.verb)
        template = str(kind.message)
    except LookupError:
        template = notification.verb
    actor_name = _display(notification.actor) if notification.actor_id else ""
    others = len(notification.other_actor_ids)
    if others:
        actor_name = translation.ngettext(
            "%(name)s and %(count)d other", "%(name)s and %(count)d others", others
        ) % {"name": actor_name, "count": others}
    values = {
        "actor": actor_name,
        "others": others,
        "count": notification.count,
        **notification.context,
    }
    try:
        return template % values
    except (KeyError, ValueError, TypeError):
        return template


# --- preferences ----------


def preferences_for(*, user: Any) -> list[dict[str, Any]]:
    saved = {p.verb: p for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in registry.all_types():
        pref = saved.get(kind.verb)
        rows.append(
            {
                "verb": kind.verb,
                "module": kind.module,
                "label": kind.label,
                "email": pref.email if pref else kind.default_email,
                "in_app": pref.in_app if pref else True,
                "default_email": kind.default_email,
            }
        )
    return rows


@transaction.atomic
def set_preference(*, user: Any, verb: str, email: str, in_app: bool = True) -> Preference:
    if verb != ALL_EMAIL:
        try:
            registry.get_type(verb)
        except LookupError as exc:
            raise ValidationError({"verb": f"Unknown notification type {verb!r}."}) from exc
    if email not in EmailChannel.values:
        raise ValidationError({"email": "Choose instant, daily, weekly or off."})
    pref, _ = Preference.objects.update_or_create(
        user=user, verb=verb, defaults={"email": email, "in_app": in_app}
    )
    if email == EmailChannel.OFF:
        # Already queued mail for this type is not sent after the member said no.
        pending = Notification.objects.filter(
            recipient=user, emailed_at__isnull=True, digested_at__isnull=True
        )
        if verb != ALL_EMAIL:
            pending = pending.filter(verb=verb)
        pending.update(email_channel=EmailChannel.OFF)
    return pref


def _current_channel(user: Any, verb: str) -> str:
    prefs = {
        p.verb: p.email for p in Preference.objects.filter(user=user, verb__in=[verb, ALL_EMAIL])
    }
    if prefs.get(ALL_EMAIL) == EmailChannel.OFF:
        return EmailChannel.OFF
    if verb == ALL_EMAIL:
        return EmailChannel.INSTANT  # e-mail as such is on unless paused
    if verb in prefs:
        return prefs[verb]
    try:
        return registry.get_type(verb).default_email
    except LookupError:
        return EmailChannel.OFF


# --- unsubscribe ----------


def unsubscribe_token(*, user: Any, verb: str) -> str:
    return signing.dumps(
        {"u": str(user.public_id), "v": verb}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe_token(token: str) -> tuple[Any, str]:
    """The member and type a token names; raises ValidationError for anything forged or stale."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=timedelta(days=180))
        user = get_user_model().objects.get(public_id=data["u"], is_active=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationError("This unsubscribe link is not valid.") from exc
    except get_user_model().DoesNotExist as exc:
        raise ValidationError("This unsubscribe link is not valid.") from exc
    return user, str(data["v"])


def unsubscribe(*, token: str) -> tuple[Any, str]:
    user, verb = read_unsubscribe_token(token)
    if verb != ALL_EMAIL and verb not in {kind.verb for kind in registry.all_types()}:
        verb = ALL_EMAIL
    pref = Preference.objects.filter(user=user, verb=verb).first()
    set_preference(
        user=user, verb=verb, email=EmailChannel.OFF, in_app=pref.in_app if pref else True
    )
    return user, verb


# --- e-mail ----------


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def _send(*, user: Any, subject: str, template: str, context: dict[str, Any], verb: str) -> None:
    token = unsubscribe_token(user=user, verb=verb)
    unsubscribe_url = _absolute(reverse("notifications:unsubscribe", args=[token]))
    context = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": _absolute(reverse("notifications:preferences")),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _member_language(user: Any) -> str:
    return user.language or settings.LANGUAGE_CODE


def send_instant_email(*, notification_id: int) -> bool:
    """Idempotent: the row is locked and stamped in the same transaction as the send."""
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "actor")
            .filter(pk=notification_id)
            .first()
        )
        if row is None or row.emailed_at or row.email_channel != EmailChannel.INSTANT:
            return False
        user = row.recipient
        if row.read_at is not None or _current_channel(user, row.verb) != EmailChannel.INSTANT:
            row.email_channel = EmailChannel.OFF
            row.save(update_fields=["email_channel", "updated_at"])
            return False
        kind = registry.get_type(row.verb)
        if kind.email_min_interval and row.group_key:
            recent = Notification.objects.filter(
                recipient=user,
                group_key=row.group_key,
                emailed_at__gte=timezone.now() - timedelta(seconds=kind.email_min_interval),
            ).exclude(pk=row.pk)
            if recent.exists():
                row.email_channel = EmailChannel.OFF  # batched: one e-mail per group and interval
                row.save(update_fields=["email_channel", "updated_at"])
                return False
        with (
            translation.override(_member_language(user)),
            timezone.override(ZoneInfo(user.timezone or "UTC")),
        ):
            sentence = describe(row)
            _send(
                user=user,
                subject=sentence,
                template="notification",
                verb=row.verb,
                context={"notification": row, "sentence": sentence, "url": _absolute(row.url)},
            )
        row.emailed_at = timezone.now()
        row.save(update_fields=["emailed_at", "updated_at"])
        return True


def digest_period(*, frequency: str, local: datetime) -> str | None:
    """The period a digest sent at `local` (member time) covers, or None if not due now."""
    if local.hour != DIGEST_LOCAL_HOUR:
        return None
    if frequency == EmailChannel.DAILY:
        return local.date().isoformat()
    if frequency == EmailChannel.WEEKLY and local.isoweekday() == 1:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def send_due_digests(*, now: datetime | None = None) -> int:
    """Hourly: each member whose local clock reads 08:00 gets their due digests, once per period."""
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(
            email_channel__in=[EmailChannel.DAILY, EmailChannel.WEEKLY],
            emailed_at__isnull=True,
            digested_at__isnull=True,
            created_at__lte=now,
        )
        .values_list("recipient_id", "email_channel")
        .distinct()
    )
    user_model = get_user_model()
    pairs = list(pending)
    users = {
        u.pk: u for u in user_model.objects.filter(pk__in={uid for uid, _ in pairs}, is_active=True)
    }
    sent = 0
    for user_id, frequency in pairs:
        user = users.get(user_id)
        if user is None:
            continue
        try:
            local = now.astimezone(ZoneInfo(user.timezone or "UTC"))
        except (KeyError, ValueError):
            local = now.astimezone(ZoneInfo("UTC"))
        period = digest_period(frequency=frequency, local=local)
        if period and send_digest(user=user, frequency=frequency, period=period, now=now):
            sent += 1
    return sent


def send_digest(*, user: Any, frequency: str, period: str, now: datetime) -> bool:
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = DigestRun.objects.create(user=user, frequency=frequency, period=period)
        except IntegrityError:
            return False  # this period's digest exists: never twice
        rows = list(
            Notification.objects.select_for_update(of=("self",))
            .select_related("actor")
            .filter(
                recipient=user,
                email_channel=frequency,
                emailed_at__isnull=True,
                digested_at__isnull=True,
                created_at__lte=now,
            )
            .order_by("module", "-created_at")
        )
        if not rows:
            run.delete()
            return False
        if _current_channel(user, ALL_EMAIL) == EmailChannel.OFF:
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(digested_at=now)
            run.delete()
            return False
        with (
            translation.override(_member_language(user)),
            timezone.override(ZoneInfo(user.timezone or "UTC")),
        ):
            groups: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                groups.setdefault(row.module, []).append(
                    {
                        "sentence": describe(row),
                        "url": _absolute(row.url),
                        "at": row.created_at,
                        "is_read": row.read_at is not None,
                    }
                )
            subject = (
                translation.gettext("Your daily digest from %(site)s")
                if frequency == EmailChannel.DAILY
                else translation.gettext("Your weekly digest from %(site)s")
            )
            subject %= {"site": settings.SITE_NAME}
            _send(
                user=user,
                subject=subject,
                template="digest",
                verb=ALL_EMAIL,
                context={
                    "groups": [
                        (str(registry.module_label(m)), items)
                        for m, items in sorted(groups.items())
                    ],
                    "count": len(rows),
                    "frequency": frequency,
                },
            )
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(digested_at=now)
        run.item_count = len(rows)
        run.sent_at = timezone.now()
        run.save(update_fields=["item_count", "sent_at"])
        return True


# --- watch levels ----------


def get_watch_level(*, user: Any, target_type: str, target_id: int) -> str:
    if not getattr(user, "is_authenticated", False):
        return Watch.Level.NORMAL
    row = Watch.objects.filter(user=user, target_type=target_type, target_id=target_id).first()
    return row.level if row else Watch.Level.NORMAL


@transaction.atomic
def set_watch_level(*, user: Any, target_type: str, target_id: int, level: str) -> Watch | None:
    """Set how closely `user` follows an object; the object must be registered and visible."""
    if level not in Watch.Level.values:
        raise ValidationError({"level": "Choose watching, tracking, normal or muted."})
    watchable = registry.get_watchable(target_type)
    if watchable is None:
        raise ValidationError({"target_type": f"{target_type!r} cannot be watched."})
    watchable.resolve(user, target_id)  # raises Http404 for what the member may not see
    if level == Watch.Level.NORMAL:
        Watch.objects.filter(user=user, target_type=target_type, target_id=target_id).delete()
        return None
    watch, _ = Watch.objects.update_or_create(
        user=user, target_type=target_type, target_id=target_id, defaults={"level": level}
    )
    return watch


def watch_by_default(*, user: Any, target: models.Model, level: str = Watch.Level.WATCHING) -> None:
    """You watch what you created or replied to, unless you already chose a level for it."""
    target_type, target_id = _target_ref(target)
    Watch.objects.get_or_create(
        user=user, target_type=target_type, target_id=target_id, defaults={"level": level}
    )


# --- announcements ----------


def _audience_user_ids(announcement: Announcement) -> Iterable[int]:
    users = get_user_model().objects.filter(is_active=True)
    if announcement.audience == Announcement.Audience.ALL:
        return users.values_list("pk", flat=True).iterator(chunk_size=2000)
    if announcement.audience == Announcement.Audience.TOPIC:
        return (
            Watch.objects.filter(
                target_type="core.topic",
                target_id=announcement.audience_id,
                level__in=[Watch.Level.WATCHING, Watch.Level.TRACKING],
            )
            .values_list("user_id", flat=True)
            .iterator(chunk_size=2000)
        )
    return registry.audience_members(announcement.audience_type, announcement.audience_id or 0)


def can_announce(
    *, user: Any, audience: str, audience_type: str = "", audience_id: int | None = None
) -> bool:
    # Staff may address anyone; organisers of groups, competitions, courses and projects get
    # their own audiences through register_audience() as those apps land.
    return bool(getattr(user, "is_staff", False))


@transaction.atomic
def create_announcement(
    *,
    author: Any,
    title: str,
    body: str,
    audience: str = Announcement.Audience.ALL,
    audience_type: str = "",
    audience_id: int | None = None,
) -> Announcement:
    if not can_announce(
        user=author, audience=audience, audience_type=audience_type, audience_id=audience_id
    ):
        raise PermissionDenied("Only staff can send announcements.")
    if audience == Announcement.Audience.TOPIC:
        from aitalent.core.models import Topic

        if not audience_id or not Topic.objects.filter(pk=audience_id).exists():
            raise ValidationError(
                {"topic": "Choose the topic or domain whose followers to address."}
            )
        audience_type = "core.topic"
    elif (
        audience == Announcement.Audience.OBJECT and audience_type not in registry.audience_types()
    ):
        raise ValidationError({"audience_type": "Choose a kind of object that has members."})
    announcement = Announcement(
        author=author,
        title=title.strip(),
        body=body,
        audience=audience,
        audience_type=audience_type,
        audience_id=audience_id,
    )
    announcement.full_clean()
    announcement.save()
    from aitalent.notifications import tasks

    transaction.on_commit(lambda: tasks.send_announcement.defer(announcement_id=announcement.pk))
    return announcement


def send_announcement(*, announcement_id: int) -> int:
    """Idempotent (the key is per announcement): a retried job never notifies anyone twice."""
    announcement = Announcement.objects.select_related("author").get(pk=announcement_id)
    url = reverse("notifications:announcement-detail", args=[announcement.pk])
    batch: list[int] = []
    total = 0

    def flush() -> int:
        rows = notify(
            recipients=batch,
            verb="notifications.announcement",
            actor=announcement.author,
            target=announcement,
            url=url,
            context={"title": announcement.title},
            key=f"announcement-{announcement.pk}",
        )
        batch.clear()
        return len(rows)

    for user_id in _audience_user_ids(announcement):
        batch.append(user_id)
        if len(batch) >= 1000:
            total += flush()
    if batch:
        total += flush()
    Announcement.objects.filter(pk=announcement.pk).update(
        recipient_count=F("recipient_count") + total, sent_at=timezone.now()
    )
    return total


# --- member data ----------


def export_member_data(user: Any) -> dict[str, Any]:
    return {
        "notifications": [
            {
                "verb": n.verb,
                "url": n.url,
                "context": n.context,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(recipient=user)[:10_000]
        ],
        "preferences": list(Preference.objects.filter(user=user).values("verb", "email", "in_app")),
        "watches": list(
            Watch.objects.filter(user=user).values("target_type", "target_id", "level")
        ),
    }


def erase_member_data(user: Any) -> None:
    Notification.objects.filter(recipient=user).delete()
    Notification.objects.filter(actor=user).update(actor=None)
    Notification.objects.filter(other_actor_ids__contains=[user.pk]).update(
        other_actor_ids=[]  # rare; a grouped row loses its co-actors rather than leaking an id
    )
    Preference.objects.filter(user=user).delete()
    Watch.objects.filter(user=user).delete()
    DigestRun.objects.filter(user=user).delete()
