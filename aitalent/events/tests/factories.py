from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from aitalent.events import services
from aitalent.events.models import Event


def make_event(organizer: Any, **fields: Any) -> Event:
    start = fields.pop("starts_at", timezone.now() + timedelta(days=7))
    defaults: dict[str, Any] = {
        "title": "LLM evaluation meetup",
        "description": "How to evaluate **LLMs**.",
        "format": Event.Format.ONLINE,
        "online_url": "https://meet.example.com/secret-room",
        "timezone": "Europe/Berlin",
        "starts_at": start,
        "ends_at": fields.pop("ends_at", start + timedelta(hours=2)),
    }
    defaults.update(fields)
    return services.create_event(organizer=organizer, **defaults)


def member(n: int) -> Any:
    from conftest import make_member

    return make_member(f"m{n}@example.com", f"member{n}", f"Member {n}")
