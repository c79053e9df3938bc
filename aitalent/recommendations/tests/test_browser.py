"""In Chromium: the home feed, the recommendations page and a profile's PYMK, each saying why;
dismissing a card removes it. Screenshots go to $AITALENT_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from aitalent.recommendations import refresh
from aitalent.recommendations.models import Surface
from aitalent.recommendations.tests import factories as f
from aitalent.recommendations.tests.test_refresh import community  # noqa: F401

SHOTS = Path(os.environ.get("AITALENT_SCREENSHOTS", "/tmp"))


def login(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_feed_says_why_in_the_browser(page, live_server, topics, alice, community):  # noqa: F811
    refresh.run()
    login(page, live_server, "alice@example.com")
    feed = page.locator("#for-you")
    feed.wait_for()
    cards = feed.locator("li[data-rec]")
    assert cards.count() >= 2
    for i in range(cards.count()):
        assert cards.nth(i).locator(".rec-reason").inner_text().strip()
    page.screenshot(path=str(SHOTS / "recs-home-feed.png"), full_page=True)

    # Dismiss the first card: it disappears at once and stays gone on reload.
    first = cards.first
    key = first.get_attribute("data-rec")
    first.get_by_role("button").click()
    page.wait_for_selector(f'#for-you li[data-rec="{key}"]', state="detached")
    item_type, item_id = key.split(":")
    assert int(item_id) not in f.ids(alice, Surface.FEED, item_type)

    page.goto(live_server.url + reverse("people:profile", args=["alice"]))
    pymk = page.locator("#people-you-may-know")
    assert "2 mutual connections" in pymk.inner_text()
    pymk.screenshot(path=str(SHOTS / "recs-profile-pymk.png"))

    page.get_by_role("link", name="For you", exact=True).first.click()
    page.wait_for_url(live_server.url + reverse("recommendations:index"))
    assert "Level 5 in" in page.locator("#surface-mentors").inner_text()
    page.screenshot(path=str(SHOTS / "recs-index.png"), full_page=True)
