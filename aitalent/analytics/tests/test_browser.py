"""Every dashboard page in a real browser with demo-like data: charts drawn, no console errors.

Screenshots go to $ANALYTICS_SCREENSHOTS (default /tmp/analytics-screenshots) to check by eye.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from django.utils import timezone

from aitalent.analytics import aggregation
from aitalent.analytics import seed as analytics_seed
from conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SHOTS = Path(os.environ.get("ANALYTICS_SCREENSHOTS", "/tmp/analytics-screenshots"))
PAGES = [
    "",
    "staff/",
    "staff/questions/",
    "staff/funnels/",
    "staff/retention/",
    "staff/skills/",
    "staff/network/",
]


def login(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")


def test_every_dashboard_page_draws_its_charts(page, live_server, topics) -> None:
    from datetime import timedelta

    from aitalent.accounts.models import User

    make_member("olivia@example.com", "olivia", "Olivia Organiser", staff=True)
    now = timezone.now()
    rng = random.Random(1)
    for i in range(30):
        user = make_member(f"m{i}@example.com", f"m{i}", f"Member {i}")
        User.objects.filter(pk=user.pk).update(
            date_joined=now - timedelta(days=rng.randint(5, 200))
        )
    analytics_seed.backfill(rng=rng, now=now)
    aggregation.recompute(date_from=(now - timedelta(days=200)).date(), date_to=now.date())
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/analytics/")
    page.screenshot(path=str(SHOTS / "community-visitor.png"), full_page=True)
    login(page, live_server, "olivia@example.com")
    for path in PAGES:
        page.goto(live_server.url + "/analytics/" + path)
        name = path.strip("/").replace("/", "-") or "community"
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        canvases = page.locator("canvas[data-analytics-chart]")
        for index in range(canvases.count()):
            # Chart.js sets the canvas size on draw: an undrawn canvas keeps the 300x150 default.
            assert canvases.nth(index).evaluate("c => Chart.getChart(c) !== undefined")
    assert not [e for e in errors if "favicon" not in e]
