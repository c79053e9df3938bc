from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from aitalent.events import services
from aitalent.events.models import RSVP, Event
from aitalent.events.tests.factories import make_event, member

pytestmark = pytest.mark.django_db
SECRET = "https://meet.example.com/secret-room"


def unfold(content: bytes) -> bytes:
    """iCalendar folds long lines; a leaked link could hide across a fold."""
    return content.replace(b"\r\n ", b"")


def test_it_lists_upcoming_events_with_filters(
    client, olivia, django_assert_max_num_queries
) -> None:
    from aitalent.core.models import Topic

    topic = Topic.objects.filter(kind="domain").first()
    for i in range(5):
        make_event(olivia, title=f"Online {i}", topics=[topic])
    make_event(olivia, title="In Berlin", format="in_person", venue="Hall", city="Berlin",
               online_url="")  # fmt: skip
    with django_assert_max_num_queries(20):
        response = client.get(reverse("events:index"))
    assert response.status_code == 200 and b"Online 0" in response.content
    berlin = client.get(reverse("events:index"), {"city": "Berlin"}).content
    assert b"In Berlin" in berlin and b"Online 0" not in berlin
    online = client.get(reverse("events:index"), {"online": "1", "domain": topic.slug}).content
    assert b"Online 0" in online and b"In Berlin" not in online
    assert client.get(reverse("events:index"), {"from": "garbage"}).status_code == 200
    assert client.get(reverse("events:index"), {"when": "past"}).status_code == 200
    assert client.get(reverse("events:calendar"), {"year": "x"}).status_code == 200
    assert client.post(reverse("events:index")).status_code == 405


def test_detail_shows_time_in_viewer_zone_with_event_zone(client, olivia, alice) -> None:
    alice.timezone = "Asia/Shanghai"
    alice.save()
    start = services.local_to_utc(
        day=(timezone.now() + timedelta(days=20)).date(),
        at=timezone.datetime.min.time().replace(hour=19),
        tz_name="Europe/Berlin",
    )
    event = make_event(olivia, starts_at=start, ends_at=start + timedelta(hours=2))
    client.force_login(alice)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Asia/Shanghai" in html and "Europe/Berlin" in html
    assert f'datetime="{start.isoformat()}"' in html


def test_online_link_and_answers_stay_hidden_from_non_attendees(
    client, api_client, olivia, alice, mallory
) -> None:
    event = make_event(olivia, capacity=1, questions=[{"label": "Secret question"}])
    question = event.questions.get()
    services.rsvp(event=event, user=alice, status="going", answers={str(question.pk): "my-answer"})
    services.rsvp(event=event, user=mallory, status="going")  # waitlisted
    for who in (None, mallory):
        client.logout()
        api_client.logout()
        if who:
            client.force_login(who)
            api_client.force_authenticate(who)
        page = client.get(event.get_absolute_url()).content
        assert SECRET.encode() not in page and b"my-answer" not in page
        ics = unfold(client.get(reverse("events:ics", args=[event.slug])).content)
        assert SECRET.encode() not in ics
        api = api_client.get(reverse("events-api:event-detail", args=[event.pk])).json()
        assert api["online_url"] is None
        listing = api_client.get(reverse("events-api:event-list")).content
        assert SECRET.encode() not in listing and b"my-answer" not in listing
        api_ics = unfold(api_client.get(reverse("events-api:event-ics", args=[event.pk])).content)
        assert SECRET.encode() not in api_ics
        if who:
            assert (
                api_client.get(reverse("events-api:event-attendees", args=[event.pk])).status_code
                == 403
            )
    feed = services.calendar_feed(user=mallory)
    assert SECRET.encode() not in unfold(
        client.get(reverse("events:feed", args=[feed.token])).content
    )
    client.force_login(alice)
    assert SECRET.encode() in client.get(event.get_absolute_url()).content
    feed = services.calendar_feed(user=alice)
    assert SECRET.encode() in unfold(client.get(reverse("events:feed", args=[feed.token])).content)
    client.force_login(olivia)
    assert b"my-answer" in client.get(reverse("events:manage", args=[event.slug])).content


def test_ics_imports_cleanly_with_the_timezone(client, olivia) -> None:
    event = make_event(olivia, title="Évaluation des LLM 评测")
    response = client.get(reverse("events:ics", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    vevent = calendar.walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"


def test_rsvp_page_flow_and_refusals(client, olivia, alice, mallory) -> None:
    event = make_event(olivia, capacity=1, max_guests=1)
    url = reverse("events:rsvp", args=[event.slug])
    assert client.post(url, {"status": "going"}).status_code == 302
    assert "login" in client.post(url, {"status": "going"})["Location"]
    client.force_login(alice)
    assert client.get(url).status_code == 405
    client.post(url, {"status": "going", "guests": "0", "is_listed": "on"})
    assert RSVP.objects.get(event=event, user=alice).status == "going"
    client.force_login(mallory)
    client.post(url, {"status": "going"})
    assert RSVP.objects.get(event=event, user=mallory).status == "waitlisted"
    bad = client.post(url, {"status": "going", "guests": "9"})
    assert bad.status_code == 400
    client.force_login(alice)
    client.post(url, {"status": "not_going"})
    client.force_login(mallory)
    client.post(reverse("events:offer", args=[event.slug]), {"accept": "1"})
    assert RSVP.objects.get(event=event, user=mallory).status == "going"
    services.cancel_event(event=event, by=olivia)
    client.force_login(alice)
    response = client.post(url, {"status": "going"}, follow=True)
    assert b"cancelled" in response.content


def test_private_event_pages_answer_404_to_strangers(client, olivia, mallory) -> None:
    group = services.create_group(creator=olivia, name="Closed circle", join_policy="approval")
    event = make_event(olivia, group=group, visibility="group")
    client.force_login(mallory)
    for name in ("detail", "ics", "rsvp"):
        method = client.post if name == "rsvp" else client.get
        assert method(reverse(f"events:{name}", args=[event.slug])).status_code == 404


def test_create_and_edit_event_in_the_event_zone(client, olivia, alice, mallory) -> None:
    client.force_login(olivia)
    day = (timezone.now() + timedelta(days=30)).date()
    data = {
        "title": "LLM evals night",
        "format": "hybrid",
        "start": f"{day}T19:00",
        "end": f"{day}T21:00",
        "timezone": "America/New_York",
        "venue": "Loft",
        "city": "New York",
        "online_url": SECRET,
        "visibility": "public",
        "language": "en",
        "questions": "Your role *\nLevel: beginner | expert",
    }
    response = client.post(reverse("events:create"), data)
    event = Event.objects.get(title="LLM evals night")
    assert response.status_code == 302
    assert timezone.localtime(event.starts_at, event.zone).hour == 19
    assert event.questions.count() == 2 and event.questions.first().is_required
    assert client.post(reverse("events:create"), {**data, "end": f"{day}T18:00"}).status_code == 200
    edit = reverse("events:edit", args=[event.slug])
    assert client.get(edit).status_code == 200
    client.post(edit, {**data, "start": f"{day}T20:00", "end": f"{day}T22:00"})
    event.refresh_from_db()
    assert timezone.localtime(event.starts_at, event.zone).hour == 20
    client.force_login(mallory)
    assert client.get(edit).status_code == 403
    client.logout()
    assert client.get(reverse("events:create")).status_code == 302


def test_organizer_tools(client, olivia, alice, mallory) -> None:
    event = make_event(olivia, capacity=1)
    services.rsvp(event=event, user=alice, status="going")
    services.rsvp(event=event, user=mallory, status="going")
    manage = reverse("events:manage", args=[event.slug])
    client.force_login(mallory)
    assert client.get(manage).status_code == 403
    assert client.post(reverse("events:checkin", args=[event.slug])).status_code == 403
    client.force_login(olivia)
    assert client.get(manage).status_code == 200
    client.post(manage, {"action": "capacity", "capacity": "2"})
    assert RSVP.objects.get(event=event, user=mallory).status == "going"
    assert client.post(manage, {"action": "capacity", "capacity": "x"}).status_code == 200
    client.post(manage, {"action": "message", "audience": "going", "body": "See you"})
    assert event.messages.count() == 1
    checkin = reverse("events:checkin", args=[event.slug])
    assert b"Alice" in client.get(checkin, {"q": "ali"}).content
    assert b"Mallory" not in client.get(checkin, {"q": "ali"}).content
    client.post(checkin, {"user_id": alice.pk, "attended": "1"})
    assert RSVP.objects.get(event=event, user=alice).checked_in_at is not None
    htmx = client.post(checkin, {"user_id": alice.pk, "attended": "0"}, HTTP_HX_REQUEST="true")
    assert b"Mark attended" in htmx.content
    client.post(manage, {"action": "remove", "user_id": mallory.pk})
    assert RSVP.objects.get(event=event, user=mallory).status == "removed"
    copy = client.post(reverse("events:copy", args=[event.slug]))
    assert copy.status_code == 302 and Event.objects.count() == 2
    client.post(reverse("events:repeat", args=[event.slug]), {"frequency": "weekly", "count": 2})
    assert Event.objects.count() == 4
    client.post(manage, {"action": "cancel"})
    event.refresh_from_db()
    assert event.is_cancelled


def test_calendar_feed_settings_and_revocation(client, alice, olivia) -> None:
    event = make_event(olivia)
    services.rsvp(event=event, user=alice, status="going")
    client.force_login(alice)
    page = client.get(reverse("events:feed-settings"))
    token = services.calendar_feed(user=alice).token
    assert token in page.content.decode()
    feed = client.get(reverse("events:feed", args=[token]))
    assert feed.status_code == 200 and b"LLM evaluation meetup" in feed.content
    client.post(reverse("events:feed-settings"))
    assert client.get(reverse("events:feed", args=[token])).status_code == 404
    client.logout()
    assert client.get(reverse("events:feed-settings")).status_code == 302


def test_group_pages(client, olivia, alice, mallory) -> None:
    client.force_login(olivia)
    client.post(reverse("events:group-create"), {"name": "Paris ML", "city": "Paris",
                                                 "join_policy": "approval"})  # fmt: skip
    from aitalent.events.models import Group

    group = Group.objects.get(name="Paris ML")
    assert client.post(reverse("events:group-create"), {"name": ""}).status_code == 200
    client.force_login(alice)
    action = reverse("events:group-action", args=[group.slug])
    client.post(action, {"action": "join"})
    client.post(action, {"action": "follow"})
    assert group.memberships.get(user=alice).status == "pending"
    assert client.post(action, {"action": "approve", "user_id": alice.pk}).status_code == 403
    client.force_login(olivia)
    assert b"Alice" in client.get(group.get_absolute_url()).content
    client.post(action, {"action": "approve", "user_id": alice.pk})
    assert group.memberships.get(user=alice).status == "active"
    assert client.get(reverse("events:groups"), {"q": "paris"}).status_code == 200
    client.logout()
    assert client.post(action, {"action": "join"}).status_code == 302


def test_home_and_topic_sections(client, olivia) -> None:
    make_event(olivia, title="Section event")
    assert b"Section event" in client.get("/").content


def test_waitlist_number_is_many(olivia) -> None:
    members = [member(i) for i in range(3)]
    event = make_event(olivia, capacity=1)
    for m in members:
        services.rsvp(event=event, user=m, status="going")
    assert event.rsvps.filter(status="waitlisted").count() == 2


def test_detail_page_query_budget_and_calendar(
    client, olivia, alice, django_assert_max_num_queries
) -> None:
    event = make_event(olivia, capacity=30, questions=[{"label": "Role"}])
    for i in range(10):
        services.rsvp(event=event, user=member(i), status="going", is_listed=True)
    client.force_login(alice)
    client.get(event.get_absolute_url())  # creates the discussion thread once
    with django_assert_max_num_queries(30):
        assert client.get(event.get_absolute_url()).status_code == 200
    month = timezone.localtime(event.starts_at)
    calendar = client.get(reverse("events:calendar"), {"year": month.year, "month": month.month})
    assert event.title.encode() in calendar.content


def test_listing_opt_in_and_declining_an_offer(client, olivia, alice, mallory) -> None:
    event = make_event(olivia, capacity=1)
    services.rsvp(event=event, user=alice, status="going")
    client.force_login(alice)
    client.post(reverse("events:listed", args=[event.slug]), {"listed": "1"})
    assert RSVP.objects.get(event=event, user=alice).is_listed
    client.force_login(mallory)
    assert b"Alice" in client.get(event.get_absolute_url()).content  # on "who is going"
    client.post(reverse("events:rsvp", args=[event.slug]), {"status": "going"})
    services.rsvp(event=event, user=alice, status="not_going")
    client.post(reverse("events:offer", args=[event.slug]), {"accept": "0"})
    assert RSVP.objects.get(event=event, user=mallory).status == "not_going"
    response = client.post(reverse("events:offer", args=[event.slug]), {"accept": "1"}, follow=True)
    assert b"no open offer" in response.content


def test_organizers_edit_their_group(client, api_client, olivia, alice) -> None:
    from aitalent.events.models import Group

    group = services.create_group(creator=olivia, name="Berlin NLP", city="Berlin")
    edit = reverse("events:group-edit", args=[group.slug])
    client.force_login(alice)
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "Hijacked", "join_policy": "open"}).status_code == 403
    client.force_login(olivia)
    assert client.get(edit).status_code == 200
    bad = client.post(edit, {"name": "", "join_policy": "open"})
    assert bad.status_code == 200 and "name" in bad.context["form"].errors
    response = client.post(edit, {"name": "Berlin NLP & LLMs", "city": "Berlin",
                                  "join_policy": "approval"})  # fmt: skip
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.join_policy) == ("Berlin NLP & LLMs", "approval")
    api_client.force_authenticate(alice)
    url = f"/api/v1/events/groups/{group.slug}/"
    assert api_client.patch(url, {"city": "Munich"}, format="json").status_code == 403
    api_client.force_authenticate(olivia)
    assert api_client.patch(url, {"city": "Munich"}, format="json").json()["city"] == "Munich"
    assert Group.objects.get(pk=group.pk).city == "Munich"


def test_the_discussion_of_a_group_only_event_is_as_private_as_the_event(
    client, olivia, alice, mallory, api_client
) -> None:
    from django.urls import reverse

    from aitalent.events.models import GroupMembership
    from aitalent.forum import services as forum

    group = services.create_group(creator=olivia, name="Closed circle", description="Closed.")
    GroupMembership.objects.create(group=group, user=alice)
    event = make_event(olivia, title="Circle night", visibility="group", group=group)
    thread = forum.get_or_create_context_thread(target=event, title=event.title, author=olivia)
    post = forum.reply(thread=thread, author=alice, body="Secret agenda item 42")
    url = reverse("forum:thread", args=[thread.slug])
    api_url = reverse("forum-api:thread-detail", args=[thread.slug])
    for viewer, expected in ((None, 404), (mallory, 404), (alice, 200)):
        client.logout()
        api_client.force_authenticate(viewer)
        if viewer is not None:
            client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == expected, viewer
        assert api_client.get(api_url).status_code == expected, viewer
        vote = client.post(reverse("forum:post-vote", args=[post.pk]), {"value": "1"})
        if expected == 404:
            assert vote.status_code in (302, 404)  # visitors go to log in first
            assert "Secret agenda" not in response.content.decode()
