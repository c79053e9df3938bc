"""Skill demand from the apps that ask for skills: open project roles and open competitions.

Read-only aggregates through the app registry, so analytics works (with zero demand) while a
sibling app is missing or mid-migration. Each function returns {topic_id: count}.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count
from django.utils import timezone


def _model(label: str) -> type | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def open_roles_by_topic() -> dict[int, int]:
    """Open roles (status "open") asking for each skill, one per role and skill."""
    role_skill = _model("projects.RoleSkill")
    if role_skill is None:
        return {}
    rows = (
        role_skill.objects.filter(role__status="open")  # type: ignore[attr-defined]
        .values("topic_id")
        .annotate(n=Count("role_id", distinct=True))
    )
    return {row["topic_id"]: row["n"] for row in rows}


def open_competitions_by_topic() -> dict[int, int]:
    """Published competitions that have not ended, per topic."""
    competition = _model("competitions.Competition")
    if competition is None:
        return {}
    rows = (
        competition.objects.filter(  # type: ignore[attr-defined]
            is_published=True, ends_at__gt=timezone.now(), topics__isnull=False
        )
        .values("topics")
        .annotate(n=Count("id", distinct=True))
    )
    return {row["topics"]: row["n"] for row in rows}


def sources() -> dict[str, bool]:
    """Which demand sources exist in this installation (shown on the skills page)."""
    return {
        "projects": _model("projects.RoleSkill") is not None,
        "competitions": _model("competitions.Competition") is not None,
    }
