"""Done means, in Chromium: join digits, download the data, train with scikit-learn, submit
through the API, watch the score arrive, merge with a teammate, pick finals, and after the host
ends the competition see the private leaderboard."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aitalent.competitions import seed, services
from aitalent.competitions.tests.test_api_journey import (
    run_worker,
    submit,
    token_client,
    train_and_predict,
)
from conftest import make_member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"


def log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")


def log_out(page: Any) -> None:
    page.locator("#user-menu").click()
    page.get_by_role("link", name="Log out").click()
    page.get_by_role("button", name="Sign Out").click()
    page.wait_for_load_state("load")


def test_digits_journey(topics, page, live_server, tmp_path: Path) -> None:
    host = services.grant_host_permission(user=make_member("hank@example.com", "hank", "Hank Host"))
    now = timezone.now()
    seed.create_competition(
        "digits",
        host=host,
        starts_at=now - timedelta(days=2),
        ends_at=now + timedelta(days=20),
        slug="digits",
    )
    make_member("alice@example.com", "alice", "Alice Liddell")
    make_member("bob@example.com", "bob", "Bob Builder")

    # Alice finds the competition from the navigation and accepts the rules
    log_in(page, live_server, "alice@example.com")
    page.get_by_role("link", name="Competitions").first.click()
    page.get_by_role("link", name="Handwritten digits").click()
    expect(page.locator("#data")).to_contain_text("Accept the rules to download the data.")
    page.get_by_label("I have read and accept the rules").check()
    page.get_by_role("button", name="Join the competition").click()
    expect(page.locator("#data-files")).to_contain_text("train.csv")

    # download the data like a participant, train a model in a few lines, submit via the API
    files = {}
    for name in ("train.csv", "test.csv"):
        with page.expect_download() as info:
            page.get_by_role("link", name=name).click()
        target = tmp_path / name
        info.value.save_as(target)
        files[name] = target.read_bytes()
    predictions = train_and_predict(files)
    queued = submit(token_client("alice@example.com"), "digits", predictions)

    page.get_by_role("link", name="My submissions").click()
    row = page.locator(f"#sub-{queued['id']}")
    expect(row).to_have_attribute("data-status", "queued")
    run_worker()
    expect(row).to_have_attribute("data-status", "scored", timeout=10_000)  # htmx polling
    public_score = float(row.locator(".public-score").inner_text())
    assert public_score > 0.9
    expect(row.locator(".private-score")).to_have_text("—")

    # Bob joins and Alice invites him; Bob accepts: one team
    page.get_by_role("link", name="Team").click()
    log_out(page)
    log_in(page, live_server, "bob@example.com")
    page.goto(live_server.url + "/competitions/digits/")
    page.get_by_label("I have read and accept the rules").check()
    page.get_by_role("button", name="Join the competition").click()
    log_out(page)
    log_in(page, live_server, "alice@example.com")
    page.goto(live_server.url + "/competitions/digits/team/")
    page.get_by_label("Invite a participant by handle").fill("bob")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Invitation sent.")).to_be_visible()
    log_out(page)
    log_in(page, live_server, "bob@example.com")
    page.goto(live_server.url + "/competitions/digits/team/")
    page.get_by_role("button", name="Accept and merge").click()
    expect(page.locator("#team-members")).to_contain_text("Alice Liddell")
    expect(page.locator("#team-members")).to_contain_text("Bob Builder")
    page.goto(live_server.url + "/competitions/digits/leaderboard/")
    expect(page.locator("#leaderboard tbody tr")).to_have_count(1)
    expect(page.locator("#leaderboard")).to_contain_text("Bob Builder")

    # finals: Bob ticks the scored submission for the private leaderboard
    page.goto(live_server.url + "/competitions/digits/submissions/")
    page.locator(f"#sub-{queued['id']} input[name=final]").check()
    page.get_by_role("button", name="Save final submissions").click()
    expect(page.get_by_text("Final submissions saved.")).to_be_visible()
    expect(page.locator(f"#sub-{queued['id']}")).to_contain_text("final")
    page.goto(live_server.url + "/competitions/digits/leaderboard/")
    expect(page.locator("#private-tab")).to_have_count(0)  # hidden before the end
    log_out(page)

    # the host ends the competition
    log_in(page, live_server, "hank@example.com")
    page.goto(live_server.url + "/competitions/digits/host/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#end-now").click()
    expect(page.get_by_text("the private leaderboard is public")).to_be_visible()
    log_out(page)

    # Alice sees the private leaderboard with the rank change column and her medal
    log_in(page, live_server, "alice@example.com")
    page.goto(live_server.url + "/competitions/digits/leaderboard/")
    page.locator("#private-tab").click()
    board = page.locator("#leaderboard")
    expect(board).to_contain_text("Gold")
    expect(board).to_contain_text("Change")
    page.goto(live_server.url + "/competitions/digits/submissions/")
    expect(page.locator(f"#sub-{queued['id']} .private-score")).not_to_have_text("—")
    page.goto(live_server.url + "/people/alice/")
    expect(page.locator("#profile-competitions")).to_contain_text("Gold")
