"""Who may see a member's thing: one vocabulary and one rule, used by every app's selectors."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone, including visitors")
    MEMBERS = "members", _("Signed-in members")
    CONNECTIONS = "connections", _("My connections")
    PRIVATE = "private", _("Only me")


def can_view(*, viewer: Any, owner_id: int, visibility: str, is_connection: bool = False) -> bool:
    """Whether `viewer` (a user or AnonymousUser) may see what `owner_id` shared at `visibility`."""
    is_member = bool(getattr(viewer, "is_authenticated", False))
    if is_member and viewer.id == owner_id:
        return True
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.MEMBERS:
        return is_member
    if visibility == Visibility.CONNECTIONS:
        return is_member and is_connection
    return False


def visible_q(viewer: Any, *, owner_field: str = "user", field: str = "visibility") -> models.Q:
    """The queryset filter matching `can_view` for lists (connections are added by the caller)."""
    levels = [Visibility.PUBLIC]
    if getattr(viewer, "is_authenticated", False):
        levels.append(Visibility.MEMBERS)
        return models.Q(**{f"{field}__in": levels}) | models.Q(**{f"{owner_field}_id": viewer.id})
    return models.Q(**{f"{field}__in": levels})
