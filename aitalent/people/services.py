from __future__ import annotations

from typing import Any

from aitalent.people.models import Profile


def create_profile(*, user: Any, **fields: Any) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user, defaults=fields)
    return profile


def on_user_signed_up(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    create_profile(user=user)


def export_profile(user: Any) -> dict[str, Any] | None:
    profile = Profile.objects.filter(user=user).prefetch_related("skills__topic", "domains").first()
    if profile is None:
        return None
    return {
        "headline": profile.headline,
        "bio": profile.bio,
        "country": profile.country,
        "city": profile.city,
        "organisation": profile.organisation,
        "visibility": profile.visibility,
        "skills": [{"topic": s.topic.slug, "level": s.level} for s in profile.skills.all()],
        "domains": [d.slug for d in profile.domains.all()],
    }
