from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from aitalent.accounts.models import User
from aitalent.core.visibility import can_view, visible_q
from aitalent.people.models import Profile


def get_profile_for_viewer(*, viewer: Any, handle: str) -> Profile:
    """The one access check for profiles: hidden profiles answer 404, as if they did not exist."""
    profile = (
        Profile.objects.select_related("user")
        .prefetch_related("skills__topic", "domains")
        .filter(user__handle__iexact=handle, user__is_active=True)
        .first()
    )
    if profile is None or not can_view(
        viewer=viewer, owner_id=profile.user_id, visibility=profile.visibility
    ):
        raise Http404
    return profile


def list_recent_members(*, viewer: Any, limit: int = 8) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, profile__isnull=False)
        .filter(visible_q(viewer, owner_field="profile__user", field="profile__visibility"))
        .select_related("profile")
        .order_by("-date_joined")[:limit]
    )
