"""Issue 6's "done means": a new member finds an online LLM-evaluation meetup in their own time
zone, lands on the waitlist, gets and accepts the offer, adds it to a calendar, is reminded and
checked in. Once in Chromium, once through the API."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from aitalent.events import services
from aitalent.events.models import RSVP, Event
from aitalent.notifications.models import Notification

SECRET = "https://meet.example.com/llm-evals-live"


def _full_meetup(olivia, mallory) -> Event:
    day = timezone.now().date() + timedelta(days=10)
    start = services.local_to_utc(day=date(day.year, day.month, day.day), at=time(18),
                                  tz_name="Europe/Berlin")  # fmt: skip
    event = services.create_event(
        organizer=olivia,
        title="Online meetup: LLM evaluation in practice",
        description="Judges, benchmarks and human review.",
        format=Event.Format.ONLINE,
        online_url=SECRET,
        timezone="Europe/Berlin",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=1,
    )
    services.create_event(
        organizer=olivia,
        title="Computer vision in Berlin",
        format=Event.Format.IN_PERSON,
        venue="Hall",
        city="Berlin",
        timezone="Europe/Berlin",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    services.rsvp(event=event, user=mallory, status="going")
    return event


def login(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_meetup_journey_in_the_browser(page, live_server, alice, olivia, mallory) -> None:
    alice.timezone = "Asia/Shanghai"
    alice.save(update_fields=["timezone"])
    event = _full_meetup(olivia, mallory)
    login(page, live_server, "alice@example.com")

    page.get_by_role("link", name="Events", exact=True).first.click()
    page.check("#f-online")
    page.fill("#f-q", "LLM evaluation")
    page.get_by_role("button", name="Filter").click()
    assert "Computer vision in Berlin" not in page.content()
    page.get_by_role("link", name=event.title).click()
    when = page.locator("#event-when").inner_text()
    local = timezone.localtime(event.starts_at, timezone.get_fixed_timezone(8 * 60))
    assert "Asia/Shanghai" in when and "Europe/Berlin" in when
    assert f"{local:%-I}" in when  # the hour as the viewer's clock shows it
    assert SECRET not in page.content()

    page.get_by_role("button", name="Join the waitlist").click()
    assert "On the waitlist" in page.locator("#rsvp-status").inner_text()

    services.rsvp(event=event, user=mallory, status="not_going")  # a seat frees up
    assert Notification.objects.filter(recipient=alice, verb="events.offer").exists()
    page.reload()
    assert "Spot offered" in page.locator("#rsvp-status").inner_text()
    page.get_by_role("button", name="Accept the spot").click()
    assert "Going" in page.locator("#rsvp-status").inner_text()
    assert page.locator("#online-link").inner_text().strip() == SECRET

    with page.expect_download() as download:
        page.locator("#ics-link").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    vevent = calendar.walk("VEVENT")[0]
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert SECRET in str(vevent["DESCRIPTION"])

    services.send_reminders(now=event.starts_at - timedelta(hours=23))
    assert Notification.objects.filter(recipient=alice, verb="events.reminder").exists()

    page.goto(live_server.url + "/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()
    login(page, live_server, "olivia@example.com")
    page.goto(live_server.url + reverse("events:checkin", args=[event.slug]))
    page.fill("#checkin-q", "Alice")
    page.locator("#checkin-alice").get_by_role("button", name="Mark attended").click()
    page.wait_for_load_state("load")
    assert re.search("Attended", page.locator("#checkin-alice").inner_text())
    assert RSVP.objects.get(event=event, user=alice).checked_in_at is not None


@pytest.mark.django_db
def test_meetup_journey_through_the_api(api_client, alice, olivia, mallory) -> None:
    event = _full_meetup(olivia, mallory)
    api_client.force_authenticate(alice)
    found = api_client.get(
        reverse("events-api:event-list"), {"online": "1", "q": "LLM evaluation"}
    ).json()["results"]
    assert [e["id"] for e in found] == [event.pk] and found[0]["online_url"] is None
    rsvp_url = reverse("events-api:event-rsvp", args=[event.pk])
    assert api_client.post(rsvp_url, {"status": "going"}, format="json").json()["status"] == (
        "waitlisted"
    )
    api_client.force_authenticate(mallory)
    api_client.post(rsvp_url, {"status": "not_going"}, format="json")
    api_client.force_authenticate(alice)
    assert api_client.get(rsvp_url).json()["status"] == "offered"
    accepted = api_client.post(
        reverse("events-api:event-offer", args=[event.pk]), {"accept": True}, format="json"
    ).json()
    assert accepted["status"] == "going" and accepted["online_url"] == SECRET
    ics = api_client.get(reverse("events-api:event-ics", args=[event.pk])).content
    assert Calendar.from_ical(ics).walk("VEVENT")[0]["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert services.send_reminders(now=event.starts_at - timedelta(minutes=30)) == 1
    api_client.force_authenticate(olivia)
    checked = api_client.post(
        reverse("events-api:event-checkin", args=[event.pk]), {"handle": "alice"}, format="json"
    ).json()
    assert checked["checked_in_at"]
