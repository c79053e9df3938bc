"""Reputation points (Stack Overflow style, daily cap) and tiers per category (Kaggle style)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aitalent.activity.models import Reputation, ReputationEvent

DAILY_CAP = 200  # points per day from votes and likes; accepted answers are exempt
POINTS = {
    "question_upvoted": 5,
    "answer_upvoted": 10,
    "post_downvoted": -2,
    "cast_downvote": -1,
    "answer_accepted": 15,
    "accepted_an_answer": 2,
    "resource_liked": 5,
}
CATEGORIES = {
    "discussion": _("Discussion"),
    "resources": _("Resources"),
    "competitions": _("Competitions"),
    "courses": _("Courses"),
}
TIERS = [
    (0, _("Novice")),
    (50, _("Contributor")),
    (250, _("Expert")),
    (1000, _("Master")),
    (5000, _("Grandmaster")),
]
PRIVILEGES = {"vote_down": 50, "suggest_topic": 250, "edit_wiki": 500}


@dataclass(frozen=True)
class Standing:
    category: str
    label: str
    points: int
    tier: str
    next_tier_at: int | None


def tier_for(points: int) -> str:
    label = TIERS[0][1]
    for threshold, name in TIERS:
        if points >= threshold:
            label = name
    return str(label)


@transaction.atomic
def award(
    *,
    user: Any,
    reason: str,
    category: str,
    source: str,
    points: int | None = None,
    capped: bool = True,
) -> int:
    """Give (or take) points once per `source`. Returns the points actually applied."""
    if user is None:
        return 0
    value = POINTS[reason] if points is None else points
    if capped and value > 0:
        since = timezone.now() - timedelta(days=1)
        today = (
            ReputationEvent.objects.filter(
                user=user, is_capped=True, created_at__gte=since, points__gt=0
            ).aggregate(total=Sum("points"))["total"]
            or 0
        )
        value = max(0, min(value, DAILY_CAP - today))
    _, created = ReputationEvent.objects.get_or_create(
        user=user,
        source=source,
        defaults={"category": category, "reason": reason, "points": value, "is_capped": capped},
    )
    if not created:
        return 0
    row, _ = Reputation.objects.get_or_create(user=user, category=category)
    Reputation.objects.filter(pk=row.pk).update(points=F("points") + value)
    return value


@transaction.atomic
def revoke(*, user: Any, source: str) -> int:
    """Undo the points a source gave (a vote withdrawn, an answer unaccepted)."""
    event = ReputationEvent.objects.filter(user=user, source=source).first()
    if event is None:
        return 0
    Reputation.objects.filter(user=user, category=event.category).update(
        points=F("points") - event.points
    )
    event.delete()
    return event.points


def total(*, user: Any) -> int:
    return Reputation.objects.filter(user=user).aggregate(total=Sum("points"))["total"] or 0


def has_privilege(*, user: Any, privilege: str) -> bool:
    if getattr(user, "is_staff", False):
        return True
    return total(user=user) >= PRIVILEGES[privilege]


def standings(*, user: Any) -> list[Standing]:
    points = dict(Reputation.objects.filter(user=user).values_list("category", "points"))
    rows = []
    for category, label in CATEGORIES.items():
        value = points.get(category, 0)
        upcoming = [threshold for threshold, _ in TIERS if threshold > value]
        rows.append(
            Standing(
                category, str(label), value, tier_for(value), upcoming[0] if upcoming else None
            )
        )
    return rows
