from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.utils import timezone

from aitalent.activity.models import Interaction
from aitalent.events import selectors, services
from aitalent.events.models import RSVP, Event, Question
from aitalent.events.tests.factories import make_event, member
from aitalent.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_it_waitlists_when_full_and_offers_the_freed_seat(
    olivia, alice, mallory, django_capture_on_commit_callbacks
) -> None:
    event = make_event(olivia, capacity=1)
    assert services.rsvp(event=event, user=mallory, status="going").status == "going"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rsvp(event=event, user=alice, status="going").status == "waitlisted"
        services.rsvp(event=event, user=mallory, status="not_going")
    row = RSVP.objects.get(event=event, user=alice)
    assert row.status == "offered" and row.offer_expires_at is not None
    assert Notification.objects.filter(recipient=alice, verb="events.offer").exists()
    assert services.respond_to_offer(event=event, user=alice, accept=True).status == "going"


def test_a_newcomer_does_not_jump_the_waitlist(olivia, alice, mallory) -> None:
    event = make_event(olivia, capacity=1)
    services.rsvp(event=event, user=mallory, status="going")
    services.rsvp(event=event, user=alice, status="going")
    services.rsvp(event=event, user=mallory, status="not_going")  # alice holds an offer
    third = member(3)
    assert services.rsvp(event=event, user=third, status="going").status == "waitlisted"


def test_declined_and_expired_offers_move_to_the_next(olivia, alice, mallory) -> None:
    event = make_event(olivia, capacity=1)
    first, second = member(1), member(2)
    services.rsvp(event=event, user=first, status="going")
    services.rsvp(event=event, user=alice, status="going")
    services.rsvp(event=event, user=mallory, status="going")
    services.rsvp(event=event, user=second, status="going")
    services.rsvp(event=event, user=first, status="not_going")
    services.respond_to_offer(event=event, user=alice, accept=False)
    assert RSVP.objects.get(event=event, user=mallory).status == "offered"
    later = timezone.now() + timedelta(hours=25)
    assert services.expire_offers(now=later) == 1
    assert RSVP.objects.get(event=event, user=mallory).status == "not_going"
    assert RSVP.objects.get(event=event, user=second).status == "offered"
    with pytest.raises(ValidationError):
        services.respond_to_offer(event=event, user=mallory, accept=True)


@pytest.mark.parametrize(
    "hours_left, window",
    [(24 * 10, timedelta(hours=24)), (10, timedelta(hours=5)), (0.25, timedelta(minutes=15))],
)
def test_offer_window_shrinks_close_to_the_event(olivia, hours_left, window) -> None:
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    event = Event(starts_at=now + timedelta(hours=hours_left), offer_window_hours=24)
    assert services.offer_window(event=event, now=now) == window


def test_raising_capacity_promotes_from_the_waitlist(olivia, alice, mallory) -> None:
    event = make_event(olivia, capacity=1)
    services.rsvp(event=event, user=mallory, status="going")
    services.rsvp(event=event, user=alice, status="going")
    services.set_capacity(event=event, by=olivia, capacity=2)
    assert RSVP.objects.get(event=event, user=alice).status == "going"
    with pytest.raises(PermissionDenied):
        services.set_capacity(event=event, by=mallory, capacity=5)
    with pytest.raises(ValidationError):
        services.set_capacity(event=event, by=olivia, capacity=1)


def test_removing_an_attendee_frees_the_seat(olivia, alice, mallory) -> None:
    event = make_event(olivia, capacity=1)
    services.rsvp(event=event, user=mallory, status="going")
    services.rsvp(event=event, user=alice, status="going")
    services.remove_attendee(event=event, by=olivia, user_id=mallory.pk)
    assert RSVP.objects.get(event=event, user=alice).status == "offered"
    with pytest.raises(PermissionDenied):
        services.rsvp(event=event, user=mallory, status="going")


def test_it_refuses_rsvps_after_the_cutoff_cancelled_and_past(olivia, alice) -> None:
    now = timezone.now()
    closed = make_event(olivia, rsvp_closes_at=now + timedelta(days=1))
    with pytest.raises(ValidationError, match="closed"):
        services.rsvp(event=closed, user=alice, status="going", now=now + timedelta(days=2))
    not_yet = make_event(olivia, rsvp_opens_at=now + timedelta(days=1))
    with pytest.raises(ValidationError, match="not open"):
        services.rsvp(event=not_yet, user=alice, status="going")
    cancelled = make_event(olivia)
    services.cancel_event(event=cancelled, by=olivia)
    with pytest.raises(ValidationError, match="cancelled"):
        services.rsvp(event=cancelled, user=alice, status="going")
    past = make_event(olivia)
    with pytest.raises(ValidationError, match="started"):
        services.rsvp(event=past, user=alice, status="going", now=now + timedelta(days=8))


def test_private_events_are_invisible_to_strangers(olivia, alice, mallory) -> None:
    from django.http import Http404

    group = services.create_group(creator=olivia, name="Berlin NLP", city="Berlin")
    services.join_group(group=group, user=alice)
    event = make_event(olivia, group=group, visibility="group")
    assert selectors.get_event_for_user(viewer=alice, slug=event.slug) == event
    with pytest.raises(Http404):
        selectors.get_event_for_user(viewer=mallory, slug=event.slug)
    assert event not in selectors.list_events(viewer=mallory)
    members_only = make_event(olivia, visibility="members")
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        selectors.get_event_for_user(viewer=AnonymousUser(), slug=members_only.slug)


def test_required_and_choice_questions_are_checked(olivia, alice) -> None:
    event = make_event(
        olivia,
        questions=[
            {"label": "Your role", "kind": "text", "is_required": True},
            {"label": "Size", "kind": "choice", "choices": ["S", "M"]},
        ],
    )
    role, size = event.questions.all()
    with pytest.raises(ValidationError):
        services.rsvp(event=event, user=alice, status="going", answers={})
    with pytest.raises(ValidationError):
        services.rsvp(
            event=event, user=alice, status="going", answers={str(role.pk): "x", str(size.pk): "XL"}
        )
    row = services.rsvp(event=event, user=alice, status="going", answers={str(role.pk): "Engineer"})
    assert row.answers == {str(role.pk): "Engineer"}
    assert Question.objects.filter(event=event).count() == 2


def test_guests_take_seats(olivia, alice, mallory) -> None:
    event = make_event(olivia, capacity=2, max_guests=1)
    assert services.rsvp(event=event, user=alice, status="going", guests=1).status == "going"
    assert services.rsvp(event=event, user=mallory, status="going").status == "waitlisted"
    with pytest.raises(ValidationError):
        services.rsvp(event=make_event(olivia), user=alice, status="going", guests=1)


# --- time zones (fixed clocks: the instants are spelled out) ----------


@pytest.mark.parametrize(
    "day, at, zone, expected",
    [
        # Berlin switches to summer time on 2026-03-29 at 02:00 (UTC+1 -> UTC+2).
        (date(2026, 3, 28), time(19), "Europe/Berlin", datetime(2026, 3, 28, 18, tzinfo=UTC)),
        (date(2026, 3, 29), time(19), "Europe/Berlin", datetime(2026, 3, 29, 17, tzinfo=UTC)),
        # New York leaves summer time on 2026-11-01: 01:30 happens twice, the first is meant.
        (
            date(2026, 11, 1),
            time(1, 30),
            "America/New_York",
            datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        ),
        (date(2026, 6, 1), time(9), "Asia/Shanghai", datetime(2026, 6, 1, 1, tzinfo=UTC)),
        (date(2026, 6, 1), time(9), "Asia/Kolkata", datetime(2026, 6, 1, 3, 30, tzinfo=UTC)),
    ],
)
def test_local_times_land_at_the_right_instant(day, at, zone, expected) -> None:
    assert services.local_to_utc(day=day, at=at, tz_name=zone) == expected


def test_times_skipped_by_dst_are_refused() -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        services.local_to_utc(day=date(2026, 3, 29), at=time(2, 30), tz_name="Europe/Berlin")
    with pytest.raises(ValidationError):
        services.local_to_utc(day=date(2026, 3, 29), at=time(2), tz_name="Mars/Olympus")


def test_weekly_series_keeps_the_local_time_across_dst(olivia) -> None:
    start = services.local_to_utc(day=date(2027, 3, 18), at=time(19), tz_name="Europe/Berlin")
    event = make_event(olivia, starts_at=start, ends_at=start + timedelta(hours=2))
    occurrences = services.create_series(event=event, by=olivia, frequency="weekly", count=2)
    zone = event.zone
    assert [timezone.localtime(e.starts_at, zone).hour for e in occurrences] == [19, 19]
    assert occurrences[1].starts_at - occurrences[0].starts_at == timedelta(days=7, hours=-1)
    assert all(e.series_id == occurrences[0].series_id for e in occurrences)
    services.rsvp(event=occurrences[0], user=olivia, status="going")
    assert not occurrences[1].rsvps.exists()  # each occurrence has its own list
    monthly = services.create_series(
        event=make_event(olivia), by=olivia, frequency="monthly", count=3
    )
    assert len(monthly) == 3
    with pytest.raises(ValidationError):
        services.create_series(event=event, by=olivia, frequency="daily", count=2)


def test_copy_event_copies_questions_not_rsvps(olivia, alice, mallory) -> None:
    event = make_event(olivia, questions=[{"label": "Role", "is_required": True}])
    role = event.questions.get()
    services.rsvp(event=event, user=alice, status="going", answers={str(role.pk): "x"})
    copy = services.copy_event(event=event, by=olivia)
    assert copy.starts_at - event.starts_at == timedelta(days=7)
    assert copy.questions.count() == 1 and not copy.rsvps.exists()
    with pytest.raises(PermissionDenied):
        services.copy_event(event=event, by=mallory)


# --- communication ----------


def test_reminders_are_sent_once_each_and_respect_preferences(olivia, alice, mallory) -> None:
    from aitalent.notifications import services as notifications

    start = timezone.now() + timedelta(days=3)
    event = make_event(olivia, starts_at=start)
    services.rsvp(event=event, user=alice, status="going")
    services.rsvp(event=event, user=mallory, status="going")
    notifications.set_preference(user=mallory, verb="events.reminder", email="off", in_app=False)
    assert services.send_reminders(now=start - timedelta(hours=30)) == 0
    assert services.send_reminders(now=start - timedelta(hours=23)) == 1
    assert services.send_reminders(now=start - timedelta(hours=22)) == 0
    assert services.send_reminders(now=start - timedelta(minutes=50)) == 1
    assert Notification.objects.filter(recipient=alice, verb="events.reminder").count() == 2
    assert not Notification.objects.filter(recipient=mallory, verb="events.reminder").exists()


def test_updates_cancellations_and_messages_notify_attendees(
    olivia, alice, mallory, django_capture_on_commit_callbacks
) -> None:
    event = make_event(olivia, format="in_person", venue="Hall A", online_url="")
    services.rsvp(event=event, user=alice, status="going")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(event=event, by=olivia, venue="Hall B")
        services.message_attendees(event=event, by=olivia, body="Bring a laptop", audience="going")
        services.cancel_event(event=event, by=olivia)
    verbs = set(Notification.objects.filter(recipient=alice).values_list("verb", flat=True))
    assert {"events.updated", "events.message", "events.cancelled"} <= verbs
    with pytest.raises(PermissionDenied):
        services.message_attendees(event=event, by=mallory, body="spam", audience="going")


def test_organizer_messages_are_rate_limited(olivia) -> None:
    event = make_event(olivia)
    for _ in range(services.MESSAGES_PER_DAY):
        services.message_attendees(event=event, by=olivia, body="Update", audience="all")
    with pytest.raises(ValidationError, match="a day"):
        services.message_attendees(event=event, by=olivia, body="Update", audience="all")


def test_check_in_records_attendance_and_can_be_undone(
    olivia, alice, mallory, django_capture_on_commit_callbacks
) -> None:
    event = make_event(olivia)
    services.rsvp(event=event, user=alice, status="going", is_listed=True)
    with django_capture_on_commit_callbacks(execute=True):
        row = services.check_in(event=event, by=olivia, user_id=alice.pk)
    assert row.checked_in_at is not None
    assert Interaction.objects.filter(actor=alice, verb="attend").exists()
    assert (
        services.check_in(event=event, by=olivia, user_id=alice.pk, attended=False).checked_in_at
        is None
    )
    with pytest.raises(PermissionDenied):
        services.check_in(event=event, by=mallory, user_id=alice.pk)
    with pytest.raises(ValidationError):
        services.check_in(event=event, by=olivia, user_id=mallory.pk)


def test_people_met_lists_listed_attendees_after_the_event(olivia, alice, mallory) -> None:
    event = make_event(olivia)
    services.rsvp(event=event, user=alice, status="going", is_listed=True)
    services.rsvp(event=event, user=mallory, status="going", is_listed=True)
    after = event.ends_at + timedelta(hours=1)
    assert selectors.people_met(event=event, viewer=alice, now=after) == [mallory]
    assert selectors.people_met(event=event, viewer=alice) == []  # not over yet
    assert selectors.people_met(event=event, viewer=olivia, now=after) == []  # not there


def test_groups_join_open_or_by_approval(olivia, alice, mallory) -> None:
    open_group = services.create_group(creator=olivia, name="Open", join_policy="open")
    assert services.join_group(group=open_group, user=alice).status == "active"
    closed = services.create_group(creator=olivia, name="Closed", join_policy="approval")
    assert services.join_group(group=closed, user=alice).status == "pending"
    with pytest.raises(PermissionDenied):
        services.approve_member(group=closed, by=mallory, user_id=alice.pk)
    services.approve_member(group=closed, by=olivia, user_id=alice.pk)
    closed.refresh_from_db()
    assert closed.member_count == 2
    services.set_group_role(group=closed, by=olivia, user_id=alice.pk, role="organizer")
    assert services.is_group_organizer(group=closed, user=alice)
    with pytest.raises(PermissionDenied):
        make_event(mallory, group=closed)
    with pytest.raises(ValidationError):
        services.leave_group(group=open_group, user=olivia)  # the last organizer stays
    services.follow_group(group=open_group, user=mallory, follow=True)


def test_invalid_events_are_refused(olivia) -> None:
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        make_event(olivia, online_url="", ends_at=start - timedelta(hours=1), starts_at=start)
    assert {"online_url", "ends_at"} <= set(excinfo.value.message_dict)
    with pytest.raises(ValidationError):
        make_event(olivia, visibility="group")
    with pytest.raises(ValidationError):
        make_event(olivia, format="in_person", online_url="")


def test_calendar_feed_token_is_revocable(alice) -> None:
    from django.http import Http404

    old = services.calendar_feed(user=alice).token
    selectors.feed_events(token=old)
    services.revoke_calendar_feed(user=alice)
    with pytest.raises(Http404):
        selectors.feed_events(token=old)


# --- races (real transactions and threads) ----------


def _run_parallel(count: int, work) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - collected and checked below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_parallel_rsvps_fill_exactly_ten_seats(olivia) -> None:
    event = make_event(olivia, capacity=10)
    members = [member(i) for i in range(50)]
    errors = _run_parallel(
        50, lambda i: services.rsvp(event=event, user=members[i], status="going")
    )
    assert errors == []
    assert event.rsvps.filter(status="going").count() == 10
    assert event.rsvps.filter(status="waitlisted").count() == 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cancellation_with_parallel_promotions_promotes_one(olivia) -> None:
    event = make_event(olivia, capacity=2)
    members = [member(i) for i in range(6)]
    for person in members:
        services.rsvp(event=event, user=person, status="going")

    def work(i: int) -> None:
        if i == 0:
            services.rsvp(event=event, user=members[0], status="not_going")
        else:
            services.fill_spots(event=event)

    errors = _run_parallel(6, work)
    assert errors == []
    assert event.rsvps.filter(status="offered").count() == 1
    assert event.rsvps.filter(status="going").count() == 1
    assert event.rsvps.filter(status="waitlisted").count() == 3


def test_editing_questions_keeps_answers_linked(olivia, alice) -> None:
    event = make_event(olivia, questions=[{"label": "Role"}])
    role = event.questions.get()
    services.rsvp(event=event, user=alice, status="going", answers={str(role.pk): "Engineer"})
    services.update_event(
        event=event,
        by=olivia,
        questions=[{"label": "Role"}, {"label": "Diet", "is_required": True}],
    )
    assert event.questions.filter(pk=role.pk).exists() and event.questions.count() == 2
    services.update_event(event=event, by=olivia, questions=[{"label": "Diet"}])
    assert list(event.questions.values_list("label", flat=True)) == ["Diet"]


def test_events_are_searchable_by_visibility_and_leave_the_index_when_cancelled(
    olivia, alice, django_capture_on_commit_callbacks
) -> None:
    from django.contrib.auth.models import AnonymousUser

    from aitalent.search import services as search

    with django_capture_on_commit_callbacks(execute=True):
        public = make_event(olivia, title="Vector databases in production night")
        members = make_event(olivia, title="Vector search members meetup", visibility="members")
        group = services.create_group(
            creator=olivia, name="Vector circle", description="A closed circle."
        )
        make_event(olivia, title="Vector group-only circle", visibility="group", group=group)
    hits = lambda viewer: [h.title for h in search.search(query="vector", viewer=viewer).hits]  # noqa: E731
    assert set(hits(alice)) == {public.title, members.title}
    assert hits(AnonymousUser()) == [public.title]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event=public, by=olivia)
    assert hits(alice) == [members.title]
    assert ("events.event", "Events") in [
        (t, str(label)) for t, label, _icon in search.type_choices()
    ]
