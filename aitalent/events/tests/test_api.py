from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from aitalent.events import services
from aitalent.events.models import RSVP
from aitalent.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_rsvp_api_answers_the_resulting_state(api_client, olivia, alice, mallory) -> None:
    event = make_event(olivia, capacity=1)
    url = reverse("events-api:event-rsvp", args=[event.pk])
    assert api_client.post(url, {"status": "going"}, format="json").status_code in (401, 403)
    api_client.force_authenticate(alice)
    going = api_client.post(url, {"status": "going"}, format="json").json()
    assert going["status"] == "going" and going["online_url"]
    api_client.force_authenticate(mallory)
    waiting = api_client.post(url, {"status": "going"}, format="json").json()
    assert waiting == {**waiting, "status": "waitlisted", "online_url": None}
    assert api_client.post(url, {"status": "maybe"}, format="json").status_code == 400
    api_client.force_authenticate(alice)
    api_client.post(url, {"status": "not_going"}, format="json")
    api_client.force_authenticate(mallory)
    assert api_client.get(url).json()["status"] == "offered"
    offer = reverse("events-api:event-offer", args=[event.pk])
    assert api_client.post(offer, {"accept": True}, format="json").json()["status"] == "going"
    assert api_client.post(offer, {"accept": True}, format="json").status_code == 400


def test_api_refuses_closed_and_private_events(api_client, olivia, mallory) -> None:
    group = services.create_group(creator=olivia, name="Inner")
    private = make_event(olivia, group=group, visibility="group")
    api_client.force_authenticate(mallory)
    url = reverse("events-api:event-rsvp", args=[private.pk])
    assert api_client.post(url, {"status": "going"}, format="json").status_code == 404
    closed = make_event(olivia, rsvp_closes_at=timezone.now() + timedelta(seconds=1))
    RSVP.objects.none()
    closed.rsvp_closes_at = timezone.now() - timedelta(seconds=1)
    closed.save()
    response = api_client.post(
        reverse("events-api:event-rsvp", args=[closed.pk]), {"status": "going"}, format="json"
    )
    assert response.status_code == 400 and "closed" in response.content.decode()


def test_events_groups_checkin_and_ics_through_the_api(api_client, olivia, alice, mallory) -> None:
    api_client.force_authenticate(olivia)
    group = api_client.post(
        reverse("events-api:group-list"), {"name": "Online evals", "is_online": True}, format="json"
    )
    assert group.status_code == 201
    start = timezone.now() + timedelta(days=3)
    created = api_client.post(
        reverse("events-api:event-list"),
        {
            "title": "API event",
            "format": "online",
            "online_url": "https://meet.example.com/x",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=1)).isoformat(),
            "timezone": "Asia/Shanghai",
            "group": group.json()["slug"],
            "questions": [{"label": "Why?", "is_required": True}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    event_id = created.json()["id"]
    bad = api_client.post(reverse("events-api:event-list"), {"title": "x"}, format="json")
    assert bad.status_code == 400
    api_client.force_authenticate(alice)
    assert (
        api_client.post(reverse("events-api:group-join", args=[group.json()["slug"]])).json()[
            "status"
        ]
        == "active"
    )
    question_id = created.json()["questions"][0]["id"]
    rsvp = api_client.post(
        reverse("events-api:event-rsvp", args=[event_id]),
        {"status": "going", "answers": {str(question_id): "To learn"}},
        format="json",
    )
    assert rsvp.json()["status"] == "going"
    checkin = reverse("events-api:event-checkin", args=[event_id])
    assert api_client.post(checkin, {"handle": "alice"}, format="json").status_code == 403
    api_client.force_authenticate(olivia)
    assert api_client.post(checkin, {"handle": "alice"}, format="json").json()["checked_in_at"]
    assert api_client.post(checkin, {"handle": "nobody"}, format="json").status_code == 400
    attendees = api_client.get(reverse("events-api:event-attendees", args=[event_id])).json()
    assert attendees[0]["answers"] == {str(question_id): "To learn"}
    ics = api_client.get(reverse("events-api:event-ics", args=[event_id]))
    assert Calendar.from_ical(ics.content).walk("VEVENT")[0]["DTSTART"].params["TZID"] == (
        "Asia/Shanghai"
    )
    listing = api_client.get(reverse("events-api:event-list"), {"online": "1"}).json()
    assert [e["id"] for e in listing["results"]] == [event_id]
    assert api_client.get(reverse("events-api:group-list")).status_code == 200
