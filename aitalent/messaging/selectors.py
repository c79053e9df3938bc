from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404

from aitalent.messaging.models import Conversation, Message, Participant


def list_conversations(*, user: Any) -> QuerySet[Participant]:
    """The member's active memberships, newest conversation first, with the other members."""
    return (
        Participant.objects.filter(user=user, left_at__isnull=True)
        .select_related("conversation")
        .prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=Participant.objects.filter(left_at__isnull=True).select_related("user"),
            )
        )
        .order_by("-conversation__last_message_at", "-conversation_id")
    )


def get_conversation(*, viewer: Any, conversation_id: int) -> tuple[Conversation, Participant]:
    """The one access check: only active participants see a conversation; others get 404."""
    if not getattr(viewer, "is_authenticated", False):
        raise Http404
    membership = (
        Participant.objects.select_related("conversation")
        .filter(conversation_id=conversation_id, user_id=viewer.pk, left_at__isnull=True)
        .first()
    )
    if membership is None:
        raise Http404
    return membership.conversation, membership


def participants(*, conversation: Conversation) -> QuerySet[Participant]:
    return conversation.participants.filter(left_at__isnull=True).select_related("user")


def messages_queryset(*, conversation: Conversation, viewer: Any = None) -> QuerySet[Message]:
    """A conversation's messages as `viewer` sees them: a block hides the other side's messages
    in group conversations too (1:1 conversations between blocked members take no new ones)."""
    from aitalent.people.selectors import blocked_q

    rows = conversation.messages.select_related("sender")
    if viewer is not None:
        rows = rows.exclude(blocked_q(viewer, user_field="sender_id"))
    return rows


def list_messages(
    *, conversation: Conversation, limit: int = 100, viewer: Any = None
) -> list[Message]:
    rows = list(
        messages_queryset(conversation=conversation, viewer=viewer).order_by("-created_at", "-id")[
            :limit
        ]
    )
    rows.reverse()
    return rows


def unread_total(*, user: Any) -> int:
    """One indexed SUM over the member's unmuted memberships (the navigation badge)."""
    return (
        Participant.objects.filter(
            user_id=user.pk, left_at__isnull=True, is_muted=False, unread_count__gt=0
        ).aggregate(total=Sum("unread_count"))["total"]
        or 0
    )
