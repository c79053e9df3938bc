"""Small builders for people tests (personas come from the root conftest)."""

from __future__ import annotations

from typing import Any

from aitalent.core.models import Topic
from aitalent.people import services
from aitalent.people.models import ProfileSkill
from conftest import make_member


def member(handle: str, **profile: Any) -> Any:
    user = make_member(f"{handle}@example.com", handle, handle.title(), **profile)
    services.refresh_search_vector(profile=user.profile)
    return user


def connect(a: Any, b: Any) -> None:
    request = services.request_connection(from_user=a, to_user=b)
    services.accept_request(request=request, by=b)


def skill(user: Any, slug: str = "pytorch", level: int = 3) -> ProfileSkill:
    return ProfileSkill.objects.create(
        profile=user.profile, topic=Topic.objects.get(slug=slug), level=level
    )
