"""In Chromium: an announcement appears in the bell, the dropdown loads, the link lands on it."""

from __future__ import annotations

import pytest

from aitalent.notifications import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bell_dropdown_and_landing(page, live_server, alice, olivia) -> None:
    announcement = services.create_announcement(
        author=olivia, title="Reading group tonight", body="Paper: *Attention is all you need*"
    )
    services.send_announcement(announcement_id=announcement.pk)

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", "alice@example.com")
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_test_id("bell-count").inner_text() == "1"

    page.locator("#notification-bell button").click()
    link = page.locator("#notification-dropdown a", has_text="Reading group tonight")
    link.wait_for()
    link.click()
    page.wait_for_url(f"{live_server.url}/notifications/announcements/{announcement.pk}/")
    assert page.locator("article em").inner_text() == "Attention is all you need"
    assert page.get_by_test_id("bell-count").count() == 0  # read now
