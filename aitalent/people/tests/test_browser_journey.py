"""In Chromium: complete a profile, find people, connect, endorse, message; the other side sees it.

The notification e-mails go the real way: notify() after commit defers a procrastinate job, and
a worker thread (as in notifications/tests/test_worker_path.py) sends them to the locmem outbox.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connections
from playwright.sync_api import expect
from procrastinate.contrib.django import app

from aitalent.people import services
from aitalent.people.models import Endorsement
from conftest import make_member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"


def run_email_worker() -> None:
    """Send the instant e-mails queued so far, then stop (no worker runs beside live_server)."""

    def target() -> None:
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    queues=["email"], wait=False, install_signal_handlers=False, listen_notify=False
                )
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()


def expert(handle: str, name: str, *, country: str, domains: list[str], level: int = 4) -> Any:
    user = make_member(f"{handle}@example.com", handle, name)
    services.update_profile(
        profile=user.profile,
        by=user,
        headline=f"{name}: medical imaging with PyTorch",
        country=country,
        domains=domains,
    )
    services.set_skill(profile=user.profile, by=user, skill="pytorch", level=level)
    return user


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
    assert page.get_by_role("link", name="Sign up").first.is_visible()


def test_network_journey(topics, page, live_server) -> None:
    # Jobs are not Django-managed tables, so earlier transactional tests may leave some behind.
    with connections["default"].cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    grace = make_member("grace@example.com", "grace", "Grace Hopper")
    hana = expert("hana", "Hana Sato", country="DE", domains=["healthcare"])
    expert("ines", "Ines Weber", country="DE", domains=["healthcare", "finance"], level=3)
    expert("jonas", "Jonas Berg", country="DE", domains=["healthcare"], level=5)
    # Each misses one filter: another country, another domain.
    expert("karl", "Karl Lyon", country="FR", domains=["healthcare"])
    expert("lena", "Lena Kraus", country="DE", domains=["finance"])

    # 1. Grace completes her profile through the UI and watches the checklist change.
    log_in(page, live_server, "grace@example.com")
    page.goto(live_server.url + "/people/me/edit/")
    percent = page.get_by_test_id("completeness-percent")
    before = int(re.search(r"(\d+)%", percent.inner_text()).group(1))
    assert page.get_by_test_id("checklist-headline").get_attribute("data-done") == "false"
    assert page.get_by_test_id("checklist-domains").get_attribute("data-done") == "false"
    assert page.get_by_test_id("checklist-location").get_attribute("data-done") == "false"

    page.get_by_label("Headline").fill("Clinical ML engineer")
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("City", exact=True).fill("London")
    page.get_by_label("Application domains").select_option(["healthcare"])
    page.get_by_label("Open to work").check()
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile was saved.").wait_for()

    page.locator("#skill-form").get_by_label("Skill").select_option("pytorch")
    page.locator("#skill-form").get_by_label("My level").select_option("4")
    page.locator("#skill-form").get_by_label("Years").fill("3")
    page.get_by_role("button", name="Add or update skill").click()
    page.get_by_text("Skill saved.").wait_for()
    assert page.locator("table").get_by_role("cell", name="PyTorch").is_visible()
    for key in ("headline", "domains", "location"):
        assert page.get_by_test_id(f"checklist-{key}").get_attribute("data-done") == "true"
    after = int(re.search(r"(\d+)%", percent.inner_text()).group(1))
    assert after == before + 30  # three of the ten checklist items

    # 2. The directory: PyTorch + Healthcare + Germany finds exactly the three experts.
    page.get_by_role("link", name="People", exact=True).first.click()
    page.wait_for_url(re.compile(r".*/people/$"))
    form = page.locator("#directory-form")
    form.get_by_label("Skill").select_option("pytorch")
    form.get_by_label("Domain").select_option("healthcare")
    form.get_by_label("Country").select_option("DE")
    form.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r".*country=DE.*"))
    cards = page.locator("#directory-results").get_by_test_id("person-card")
    cards.first.wait_for()
    page.wait_for_function(
        "document.querySelectorAll('#directory-results [data-testid=person-card]').length === 3"
    )
    names = sorted(cards.get_by_role("heading").all_inner_texts())
    assert [n.split(" @")[0] for n in names] == ["Hana Sato", "Ines Weber", "Jonas Berg"]

    # 3. A connection request with a note.
    cards.get_by_role("link", name="Hana Sato").click()
    page.wait_for_url(live_server.url + "/people/hana/")
    page.locator("#profile-actions summary", has_text="Connect").click()
    page.get_by_label("Add a note (optional)").fill("Loved your talk on MRI segmentation!")
    page.get_by_role("button", name="Send request").click()
    page.get_by_text("Connection request sent.").wait_for()
    assert page.get_by_role("button", name="Withdraw request").is_visible()
    run_email_worker()
    log_out(page)

    # Hana sees it in the bell and on the requests page, and accepts.
    log_in(page, live_server, "hana@example.com")
    assert page.get_by_test_id("bell-count").inner_text() == "1"
    page.locator("#notification-bell button").click()
    link = page.locator("#notification-dropdown a", has_text="Grace Hopper wants to connect")
    link.wait_for()
    link.click()
    page.wait_for_url(live_server.url + "/people/me/network/")
    incoming = page.locator("#incoming-requests li", has_text="Grace Hopper")
    assert "Loved your talk on MRI segmentation!" in incoming.inner_text()
    incoming.get_by_role("button", name="Accept").click()
    page.get_by_text("Request accepted: you are now connected.").wait_for()
    assert page.locator("#incoming-requests").get_by_text("No pending requests.").is_visible()
    run_email_worker()
    log_out(page)

    # 4. Grace endorses Hana's PyTorch and writes to her.
    log_in(page, live_server, "grace@example.com")
    assert page.get_by_test_id("bell-count").inner_text() == "1"  # Hana accepted
    page.goto(live_server.url + "/people/hana/")
    assert page.get_by_text("1st-degree connection").is_visible()
    skill_row = page.locator("#skill-pytorch")
    skill_row.get_by_label("Context (optional)").fill("We built the triage model together")
    skill_row.get_by_role("button", name="Endorse").click()
    page.get_by_text("You endorsed PyTorch.").wait_for()
    assert skill_row.get_by_text("You endorsed this skill.").is_visible()

    page.locator("#profile-actions").get_by_role("link", name="Message").click()
    page.wait_for_url(re.compile(r".*/messages/new/\?to=hana$"))
    assert page.get_by_role("textbox", name="To", exact=True).input_value() == "hana"
    page.get_by_role("textbox", name="Message", exact=True).fill(
        "Shall we submit to MICCAI together?"
    )
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url(re.compile(r".*/messages/\d+/$"))
    assert page.locator("#messages").get_by_text("Shall we submit to MICCAI together?").is_visible()
    run_email_worker()
    log_out(page)

    # 5. Hana sees the endorsement, the unread message and both in the bell.
    log_in(page, live_server, "hana@example.com")
    assert page.get_by_test_id("bell-count").inner_text() == "2"
    expect(page.locator("#messages-badge")).to_have_text("1 unread message")
    page.locator("#notification-bell button").click()
    dropdown = page.locator("#notification-dropdown")
    dropdown.get_by_text("Grace Hopper endorsed your skill PyTorch").wait_for()
    assert dropdown.get_by_text("Grace Hopper sent you a message").is_visible()

    page.goto(live_server.url + "/people/hana/")
    skill_row = page.locator("#skill-pytorch")
    endorsement = skill_row.get_by_test_id("endorsements").locator("li")
    assert endorsement.inner_text().startswith("Grace Hopper: “We built the triage model together”")
    assert endorsement.get_by_role("button", name="Hide").is_visible()  # the owner manages it
    # The endorsement also counts as evidence for the level computed from it.
    assert "none yet" not in skill_row.locator("summary").inner_text()

    page.get_by_role("link", name="Messages").click()
    page.wait_for_url(live_server.url + "/messages/")
    conversation = page.locator(".list-group a", has_text="Grace Hopper")
    assert conversation.locator(".badge").inner_text() == "1"
    conversation.click()
    assert page.locator("#messages").get_by_text("Shall we submit to MICCAI together?").is_visible()
    page.wait_for_load_state("networkidle")  # the badge loads by htmx after the page
    expect(page.locator("#messages-badge")).to_have_text("")  # read now

    # The instant e-mails the default preferences promise, each sent once.
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert sent == [
        ("grace@example.com", "Hana Sato accepted your connection request"),
        ("hana@example.com", "Grace Hopper endorsed your skill PyTorch"),
        ("hana@example.com", "Grace Hopper sent you a message"),
        ("hana@example.com", "Grace Hopper wants to connect with you"),
    ]
    request_mail = next(m for m in mail.outbox if "connect with you" in m.subject)
    assert "/people/me/network/" in request_mail.body
    assert Endorsement.objects.get().endorser_id == grace.pk
    assert hana.profile.skills.get().endorsements.count() == 1
