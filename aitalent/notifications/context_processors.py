from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from aitalent.notifications import services


def bell(request: HttpRequest) -> dict[str, Any]:
    # Lazy: the count query runs only when a page actually renders the bell.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_unread_count": SimpleLazyObject(lambda: services.unread_count(user=user))}
