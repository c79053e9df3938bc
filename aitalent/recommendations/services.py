"""Writes of the recommendations app: refresh runs, cold start, dismissals, impressions, clicks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aitalent.activity import services as activity
from aitalent.recommendations import refresh, sources
from aitalent.recommendations.models import (
    Click,
    Impression,
    ItemEmbedding,
    MemberEmbedding,
    RefreshRun,
    SuggestionList,
    Surface,
)

# Surfaces stored per member (similar items are computed per item page).
STORED = [Surface.FEED, Surface.PEOPLE, Surface.MENTORS, Surface.COLLABORATORS, Surface.LEARNING]
PERSON = "accounts.user"


def refresh_all() -> RefreshRun:
    """The nightly full refresh: every member, every stored surface."""
    return refresh.run(user_ids=None, kind=RefreshRun.Kind.FULL)


def members_with_news(*, since: Any) -> set[int]:
    """Members whose inputs changed since `since`: new interactions, profile edits, new
    connections or blocks (either side), and members without any list yet (new sign-ups)."""
    from aitalent.activity.models import Interaction
    from aitalent.people.models import Block, Connection, Profile

    changed = set(
        Interaction.objects.filter(created_at__gte=since).values_list("actor_id", flat=True)
    )
    changed |= set(Profile.objects.filter(updated_at__gte=since).values_list("user_id", flat=True))
    for a, b in Connection.objects.filter(created_at__gte=since).values_list("user_id", "other_id"):
        changed.update((a, b))
    for a, b in Block.objects.filter(created_at__gte=since).values_list("blocker_id", "blocked_id"):
        changed.update((a, b))
    changed |= set(
        Profile.objects.filter(user__is_active=True)
        .exclude(user__suggestion_lists__surface=Surface.FEED)
        .values_list("user_id", flat=True)[:5000]
    )
    return changed


def refresh_incremental(*, now: Any = None) -> RefreshRun | None:
    """Recompute lists of members with new activity since the previous run started."""
    now = now or timezone.now()
    last = RefreshRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    since = last.started_at if last else now - timezone.timedelta(days=1)
    changed = members_with_news(since=since)
    if not changed:
        return None
    return refresh.run(user_ids=changed, kind=RefreshRun.Kind.INCREMENTAL)


def cold_start(*, user: Any) -> None:
    """Lists for a member the jobs haven't reached yet, from profile skills, domains and followed
    topics alone (a few queries, run once, when a page finds no list). The next incremental run
    replaces them with the full blend."""
    from aitalent.people import selectors as people
    from aitalent.people.models import Follow, Profile, ProfileSkill

    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return
    skills = dict(ProfileSkill.objects.filter(profile=profile).values_list("topic_id", "level"))
    interests: dict[int, float] = {t: lv / 5 for t, lv in skills.items()}
    for t in profile.domains.values_list("pk", flat=True):
        interests[t] = max(interests.get(t, 0.0), 0.6)
    for t in Follow.objects.filter(follower=user, topic__isnull=False).values_list(
        "topic_id", flat=True
    ):
        interests[t] = max(interests.get(t, 0.0), 0.8)
    names = _topic_names(set(interests))
    now = timezone.now()
    feed, learning = [], []
    for item in ItemEmbedding.objects.order_by("-fresh_at")[:2000]:
        shared = [t for t in item.topic_ids if t in interests]
        if not shared:
            continue
        best = max(shared, key=lambda t: interests[t])
        age_days = max((now - item.fresh_at).total_seconds() / 86400, 0.0)
        score = interests[best] + 0.2 * len(shared) + 0.3 * 0.5 ** (age_days / 21)
        entry = {
            "type": item.item_type,
            "id": item.item_id,
            "score": round(score, 4),
            "reason": "topic",
            "params": {"topic": names[best]},
            "title": item.title,
            "url": item.url,
        }
        feed.append(entry)
        if item.level is not None:
            mine = max((skills.get(t, 0) for t in item.topic_ids), default=0)
            if item.level >= mine:
                learning.append(
                    entry
                    | {"reason": "level", "params": {"topic": names[best], "level": mine or ""}}
                )
    feed.sort(key=lambda e: -e["score"])
    learning.sort(key=lambda e: -e["score"])
    people_rows = (
        ProfileSkill.objects.filter(topic_id__in=list(skills))
        .exclude(profile__user=user)
        .filter(
            profile__in_suggestions=True,
            profile__visibility__in=refresh.PEOPLE_VISIBLE,
            profile__user__is_active=True,
        )
        .exclude(people.blocked_q(user, user_field="profile__user_id"))
        .exclude(profile__user_id__in=people.connection_ids_q(user))
        .select_related("profile__user", "topic")
        .order_by("-profile__last_active_at", "-level")[:200]
    )
    seen: dict[int, dict[str, Any]] = {}
    mentors: dict[int, dict[str, Any]] = {}
    for row in people_rows:
        member = row.profile.user
        base = {
            "type": PERSON,
            "id": member.pk,
            "title": member.name,
            "url": refresh._profile_url(member.handle),
            "label": row.profile.headline[:140],
        }
        topic = {"en": row.topic.name_en, "zh": row.topic.name_zh or row.topic.name_en}
        if member.pk not in seen:
            seen[member.pk] = base | {
                "score": 0.5,
                "reason": "skills",
                "params": {"skills": [topic]},
            }
        elif len(seen[member.pk]["params"]["skills"]) < 3:
            seen[member.pk]["params"]["skills"].append(topic)
            seen[member.pk]["score"] += 0.2
        mine = skills.get(row.topic_id, 0)
        best = max(row.level, row.evidenced_level)
        if (
            row.profile.is_open_to_mentoring
            and row.profile.mentoring_capacity > 0
            and best >= 3
            and best >= mine + 2
            and member.pk not in mentors
        ):
            mentors[member.pk] = base | {
                "score": float(best - mine),
                "reason": "mentor_level",
                "params": {"level": row.level, "topic": topic},
            }
    people_list = sorted(seen.values(), key=lambda e: -e["score"])
    lists = {
        Surface.FEED: feed[: refresh.FEED_SIZE],
        Surface.LEARNING: learning[: refresh.SIDE_SIZE],
        Surface.PEOPLE: people_list[: refresh.SIDE_SIZE],
        Surface.MENTORS: sorted(mentors.values(), key=lambda e: -e["score"])[: refresh.SIDE_SIZE],
        Surface.COLLABORATORS: [],
    }
    with transaction.atomic():
        for surface, entries in lists.items():
            SuggestionList.objects.get_or_create(
                user=user,
                surface=surface,
                defaults={"entries": entries, "is_cold_start": True, "computed_at": now},
            )


def _topic_names(ids: set[int]) -> dict[int, dict[str, str]]:
    from aitalent.core.models import Topic

    return {
        pk: {"en": en, "zh": zh or en}
        for pk, en, zh in Topic.objects.filter(pk__in=ids).values_list("pk", "name_en", "name_zh")
    }


def dismiss(*, user: Any, surface: str, item_type: str, item_id: int) -> None:
    """Hide a suggestion now (removed from the stored list) and for good (a "dismiss" signal that
    the jobs read: a dismissed item or member is never suggested again)."""
    if surface not in Surface.values:
        raise ValidationError({"surface": _("Choose one of: %s.") % ", ".join(Surface.values)})
    if item_type != PERSON and sources.get_source(item_type) is None:
        raise ValidationError({"item_type": _("Unknown item type.")})
    with transaction.atomic():
        rows = SuggestionList.objects.select_for_update().filter(user=user)
        for row in rows:
            kept = [e for e in row.entries if not (e["type"] == item_type and e["id"] == item_id)]
            if len(kept) != len(row.entries):
                row.entries = kept
                row.save(update_fields=["entries"])
        activity.record(actor=user, verb="dismiss", target_type=item_type, target_id=item_id)


def log_impression(*, user: Any, surface: str, shown: int) -> None:
    if shown:
        Impression.objects.create(user=user, surface=surface, shown=min(shown, 1000))


def log_click(*, user: Any, surface: str, item_type: str, item_id: int) -> None:
    Click.objects.create(user=user, surface=surface, item_type=item_type, item_id=item_id)


# Member data (export / erase) ------------------------------------------------------------------


def export_member_data(user: Any) -> dict[str, Any]:
    return {
        "suggestions": {
            row.surface: row.entries for row in SuggestionList.objects.filter(user=user)
        },
        "impressions": list(
            Impression.objects.filter(user=user).values("surface", "shown", "created_at")[:10_000]
        ),
        "clicks": list(
            Click.objects.filter(user=user).values("surface", "item_type", "item_id", "created_at")[
                :10_000
            ]
        ),
    }


def erase_member_data(user: Any) -> None:
    SuggestionList.objects.filter(user=user).delete()
    Impression.objects.filter(user=user).delete()
    Click.objects.filter(user=user).delete()
    MemberEmbedding.objects.filter(user=user).delete()
    # The erased member disappears from everyone else's stored people lists right away.
    for row in SuggestionList.objects.filter(
        Q(surface__in=[Surface.PEOPLE, Surface.MENTORS, Surface.COLLABORATORS]),
        entries__contains=[{"type": PERSON, "id": user.pk}],
    ):
        row.entries = [e for e in row.entries if not (e["type"] == PERSON and e["id"] == user.pk)]
        row.save(update_fields=["entries"])
