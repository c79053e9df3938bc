from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from aitalent.core.models import Topic
from aitalent.notifications.models import Announcement, Notification


def list_notifications(
    *, user: Any, unread: bool = False, mentions: bool = False, module: str = ""
) -> QuerySet[Notification]:
    rows = Notification.objects.filter(recipient=user).select_related("actor")
    if unread:
        rows = rows.filter(read_at__isnull=True)
    if mentions:
        rows = rows.filter(is_mention=True)
    if module:
        rows = rows.filter(module=module)
    return rows


def get_notification_for_user(*, user: Any, notification_id: int) -> Notification:
    """Someone else's notification answers 404: its existence is not revealed."""
    return get_object_or_404(
        Notification.objects.select_related("actor"), pk=notification_id, recipient=user
    )


def get_announcement_for_user(*, user: Any, announcement_id: int) -> Announcement:
    announcement = get_object_or_404(
        Announcement.objects.select_related("author"), pk=announcement_id
    )
    if getattr(user, "is_staff", False):
        return announcement
    reached = Notification.objects.filter(
        recipient_id=getattr(user, "pk", None),
        target_type="notifications.announcement",
        target_id=announcement.pk,
    ).exists()
    if not reached:
        raise Http404
    return announcement


def resolve_topic(user: Any, target_id: int) -> Topic:
    return get_object_or_404(Topic, pk=target_id)


def resolve_member(user: Any, target_id: int) -> Any:
    member = get_object_or_404(get_user_model(), pk=target_id, is_active=True)
    if member.pk == getattr(user, "pk", None):
        raise Http404
    return member
