"""Direct messages: 1:1 and group conversations (up to 20 people)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aitalent.messaging.models import MAX_PARTICIPANTS, Conversation, Message, Participant
from aitalent.people import limits
from aitalent.people import selectors as people
from aitalent.people import services as people_services


def _notify(**kwargs: Any) -> None:
    from aitalent.notifications import services as notifications

    transaction.on_commit(lambda: notifications.notify(**kwargs))


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message first.")})
    if len(body) > 10_000:
        raise ValidationError({"body": _("A message can be at most 10,000 characters.")})
    return body


@transaction.atomic
def start_conversation(
    *, creator: Any, recipients: list[Any], body: str, title: str = ""
) -> Conversation:
    """Open a conversation and send its first message. A 1:1 with the same person is reused."""
    body = _clean_body(body)
    others = list({u.pk: u for u in recipients if u.pk != creator.pk}.values())
    if not others:
        raise ValidationError({"participants": _("Choose at least one other member.")})
    if len(others) + 1 > MAX_PARTICIPANTS:
        raise ValidationError(
            {
                "participants": _("A conversation has at most %(n)s people.")
                % {"n": MAX_PARTICIPANTS}
            }
        )
    refused = [u for u in others if not people.may_message(sender=creator, recipient=u)]
    if refused:
        raise PermissionDenied(
            _("%(names)s only accept messages from their connections or trusted members.")
            % {"names": ", ".join(u.name for u in refused[:3])}
        )
    if len(others) == 1 and not title:
        low, high = sorted([creator.pk, others[0].pk])
        conversation, created = Conversation.objects.get_or_create(
            pair_key=f"{low}:{high}", defaults={"created_by": creator, "is_group": False}
        )
        if not created:
            Participant.objects.filter(conversation=conversation).update(left_at=None)
    else:
        limits.hit("conversation", creator.pk)
        conversation = Conversation(created_by=creator, is_group=True, title=title.strip()[:120])
        conversation.full_clean()
        conversation.save()
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=u) for u in [creator, *others]],
        ignore_conflicts=True,
    )
    send_message(conversation=conversation, sender=creator, body=body)
    return conversation


def _active_participants(conversation: Conversation) -> list[Participant]:
    return list(
        Participant.objects.filter(conversation=conversation, left_at__isnull=True).select_related(
            "user"
        )
    )


@transaction.atomic
def send_message(*, conversation: Conversation, sender: Any, body: str) -> Message:
    body = _clean_body(body)
    participants = _active_participants(conversation)
    if sender.pk not in {p.user_id for p in participants}:
        raise PermissionDenied(_("You are not part of this conversation."))
    others = [p for p in participants if p.user_id != sender.pk and p.user.is_active]
    # 1:1: a block (either way) or a recipient who no longer accepts us stops the message.
    reachable = others and all(people.may_message(sender=sender, recipient=p.user) for p in others)
    if not conversation.is_group and not reachable:
        raise PermissionDenied(_("This member cannot receive your messages."))
    limits.hit("message", sender.pk)
    if any(not people.are_connected(sender.pk, p.user_id) for p in others):
        limits.hit("message_stranger", sender.pk)
    message = Message(conversation=conversation, sender=sender, body=body)
    message.full_clean()
    message.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    recipients = [p for p in others if not people.is_blocked_between(sender.pk, p.user_id)]
    Participant.objects.filter(pk__in=[p.pk for p in recipients]).update(
        unread_count=F("unread_count") + 1
    )
    Participant.objects.filter(conversation=conversation, user=sender).update(
        unread_count=0, last_read_at=message.created_at
    )
    to_notify = [p.user for p in recipients if not p.is_muted]
    if to_notify:
        _notify(
            recipients=to_notify,
            verb="messaging.message",
            actor=sender,
            target=message,
            url=reverse("messaging:detail", args=[conversation.pk]) + f"#message-{message.pk}",
            context={"title": conversation.title or sender.name},
            key=f"message-{message.pk}",
            group_key=f"conversation-{conversation.pk}",
        )
    people_services.touch_activity(user=sender)
    return message


def _membership(conversation: Conversation, user: Any) -> Participant:
    member = Participant.objects.filter(
        conversation=conversation, user=user, left_at__isnull=True
    ).first()
    if member is None:
        raise PermissionDenied(_("You are not part of this conversation."))
    return member


@transaction.atomic
def mark_read(*, conversation: Conversation, user: Any) -> None:
    _membership(conversation, user)
    Participant.objects.filter(conversation=conversation, user=user).update(
        unread_count=0, last_read_at=timezone.now()
    )


@transaction.atomic
def leave_conversation(*, conversation: Conversation, user: Any) -> None:
    if not conversation.is_group:
        raise ValidationError(_("You can only leave group conversations; mute this one instead."))
    member = _membership(conversation, user)
    member.left_at = timezone.now()
    member.unread_count = 0
    member.save(update_fields=["left_at", "unread_count"])


@transaction.atomic
def set_muted(*, conversation: Conversation, user: Any, muted: bool) -> None:
    member = _membership(conversation, user)
    member.is_muted = muted
    member.save(update_fields=["is_muted"])


# Member data ---------------------------------------------------------------------------------


def export_messages(user: Any) -> list[dict[str, Any]]:
    conversations = Conversation.objects.filter(participants__user=user).prefetch_related(
        "participants__user"
    )
    result = []
    for conversation in conversations:
        result.append(
            {
                "id": conversation.pk,
                "title": conversation.title,
                "participants": [p.user.handle for p in conversation.participants.all()],
                "messages_sent": [
                    {"body": body, "at": at.isoformat()}
                    for body, at in conversation.messages.filter(sender=user).values_list(
                        "body", "created_at"
                    )[:10_000]
                ],
            }
        )
    return result


def erase_messages(user: Any) -> None:
    """The member's messages keep their place in others' conversations as "deleted member"
    with the text removed; memberships go."""
    Message.objects.filter(sender=user).update(sender=None, body="")
    Participant.objects.filter(user=user).delete()
    Conversation.objects.filter(created_by=user).update(created_by=None)
