"""Builders for recommendation tests: members with skills, items of each source, signals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from aitalent.activity.models import Interaction
from aitalent.core.models import Topic
from aitalent.people.models import Connection, ProfileSkill
from conftest import make_member


def member(handle: str, *skills: tuple[str, int], **profile: Any) -> Any:
    user = make_member(f"{handle}@example.com", handle, handle.title(), **profile)
    for slug, level in skills:
        ProfileSkill.objects.create(
            profile=user.profile, topic=Topic.objects.get(slug=slug), level=level
        )
    user.profile.last_active_at = timezone.now()
    user.profile.save(update_fields=["last_active_at"])
    return user


def connect(a: Any, b: Any) -> None:
    Connection.objects.create(user=a, other=b)
    Connection.objects.create(user=b, other=a)


def resource(author: Any, title: str, *slugs: str, **fields: Any) -> Any:
    from aitalent.knowledge.models import Resource

    defaults: dict[str, Any] = {
        "title": title,
        "slug": title.lower().replace(" ", "-")[:200],
        "summary": title,
        "status": Resource.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
        "author": author,
    }
    defaults.update(fields)
    row = Resource.objects.create(**defaults)
    row.topics.set(Topic.objects.filter(slug__in=slugs))
    return row


def event(organizer: Any, title: str, *slugs: str, **fields: Any) -> Any:
    from aitalent.events.models import Event

    start = fields.pop("starts_at", timezone.now() + timedelta(days=5))
    row = Event.objects.create(
        created_by=organizer,
        title=title,
        slug=title.lower().replace(" ", "-")[:200],
        format=Event.Format.ONLINE,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        **fields,
    )
    row.topics.set(Topic.objects.filter(slug__in=slugs))
    return row


def signal(user: Any, target: Any, verb: str = "view", weight: float = 1.0, days: int = 1) -> None:
    Interaction.objects.create(
        actor=user,
        verb=verb,
        target_type=f"{target._meta.app_label}.{target._meta.model_name}",
        target_id=target.pk,
        weight=weight,
        created_at=timezone.now() - timedelta(days=days),
    )


def entries(user: Any, surface: str) -> list[dict[str, Any]]:
    from aitalent.recommendations.models import SuggestionList

    row = SuggestionList.objects.filter(user=user, surface=surface).first()
    return row.entries if row else []


def ids(user: Any, surface: str, item_type: str = "accounts.user") -> set[int]:
    return {e["id"] for e in entries(user, surface) if e["type"] == item_type}
