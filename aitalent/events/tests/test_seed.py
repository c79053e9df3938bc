from __future__ import annotations

import io

import pytest

from aitalent.events import seed
from aitalent.events.models import RSVP, Event, Group

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_groups_events_and_a_waitlist() -> None:
    from conftest import make_member

    for i in range(45):
        make_member(f"s{i}@example.com", f"seed{i}", f"Seed {i}")
    out = io.StringIO()
    seed.seed_demo(out=out)
    assert Group.objects.count() == 6
    assert Event.objects.count() == 31
    assert Event.objects.filter(language="zh-hans").exists()
    assert Event.objects.filter(format="online").exists()
    assert Event.objects.exclude(city="").values("city").distinct().count() >= 3
    assert RSVP.objects.filter(status="waitlisted").count() == 6
    assert RSVP.objects.filter(checked_in_at__isnull=False).exists()
    seed.seed_demo(out=out)  # idempotent
    assert Group.objects.count() == 6
