"""Groups, events, RSVPs, the waitlist and its offers, check-in, calendars and reminders.

Every change to who holds a seat locks the event row first (`_lock`), so RSVPs, cancellations,
offers and capacity changes of one event run one after another and capacity is never exceeded.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from aitalent.activity import services as activity
from aitalent.core import member_data
from aitalent.core.models import Topic
from aitalent.events.models import (
    RSVP,
    CalendarFeed,
    Event,
    Group,
    GroupMembership,
    Message,
    Question,
    Series,
)
from aitalent.forum import services as forum
from aitalent.notifications import services as notifications
from aitalent.search import services as search

MIN_OFFER_WINDOW = timedelta(minutes=15)
MESSAGES_PER_DAY = 3
SERIES_MAX = 26
SEAT_STATUSES = (RSVP.Status.GOING, RSVP.Status.OFFERED)  # an open offer holds its seat
EVENT_FIELDS = [
    "title",
    "description",
    "language",
    "format",
    "venue",
    "address",
    "city",
    "online_url",
    "timezone",
    "capacity",
    "max_guests",
    "visibility",
    "offer_window_hours",
]
GROUP_FIELDS = ["name", "description", "city", "is_online", "join_policy"]


def register() -> None:
    from aitalent.core import sections
    from aitalent.events import selectors

    types = [
        ("events.reminder", _("Reminders before events I attend"), _("Reminder: “%(title)s” starts %(when)s"), "instant"),  # noqa: E501
        ("events.offer", _("A waitlist spot is offered to me"), _("A spot opened up at “%(title)s”: accept it by %(until)s"), "instant"),  # noqa: E501
        ("events.promoted", _("I got a spot from the waitlist"), _("You are going to “%(title)s”: a spot opened up"), "instant"),  # noqa: E501
        ("events.updated", _("Time or place changes of events I attend"), _("“%(title)s” changed: %(change)s"), "instant"),  # noqa: E501
        ("events.cancelled", _("Cancelled events I registered for"), _("“%(title)s” was cancelled"), "instant"),  # noqa: E501
        ("events.message", _("Messages from event organizers"), _("%(actor)s about “%(title)s”: %(body)s"), "instant"),  # noqa: E501
        ("events.removed", _("I was removed from an event"), _("The organizers removed you from “%(title)s”"), "instant"),  # noqa: E501
        ("events.new_event", _("New events in groups I follow"), _("%(actor)s scheduled “%(title)s”"), "weekly"),  # noqa: E501
        ("events.join_request", _("Requests to join groups I organize"), _("%(actor)s asks to join %(group)s"), "daily"),  # noqa: E501
        ("events.join_approved", _("My requests to join groups"), _("You are now a member of %(group)s"), "instant"),  # noqa: E501
    ]  # fmt: skip
    for verb, label, message, default_email in types:
        notifications.register_type(
            verb, module="events", label=label, message=message, default_email=default_email
        )
    notifications.register_watchable(
        "events.group", label=_("group"), resolve=selectors.resolve_group
    )
    notifications.register_watchable(
        "events.event", label=_("event"), resolve=selectors.resolve_event
    )
    forum.register_context_url("events.event", selectors.event_url)
    forum.register_context_access("events.event", selectors.can_see_event_id)
    search.register(
        "events.event", selectors.search_documents, label=_("Events"), icon="bi-calendar-event"
    )
    sections.register_home(selectors.home_section, order=30)
    sections.register_topic(selectors.topic_section, order=30)
    member_data.register(
        "events",
        export=export_member_data,
        erase=erase_member_data,
        models=[
            "events.GroupMembership",
            "events.Series",
            "events.Event",
            "events.RSVP",
            "events.Message",
            "events.CalendarFeed",
        ],
    )


# --- time ----------


def check_timezone(name: str) -> ZoneInfo:
    if not name or name not in available_timezones():
        raise ValidationError({"timezone": _("Choose a time zone such as Europe/Berlin.")})
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError({"timezone": _("Choose a time zone such as Europe/Berlin.")}) from exc


def local_to_utc(*, day: date, at: time, tz_name: str, field: str = "starts_at") -> datetime:
    """A wall-clock time in `tz_name` as an aware UTC instant; refuses times a DST change skips.

    A time that occurs twice (clocks go back) means its first occurrence, as calendars do.
    """
    zone = check_timezone(tz_name)
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    aware = naive.replace(tzinfo=zone)
    utc = aware.astimezone(ZoneInfo("UTC"))
    if utc.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            {
                field: _(
                    "%(time)s does not exist in %(zone)s on that day (the clocks change). "
                    "Choose another time."
                )
                % {"time": at.strftime("%H:%M"), "zone": tz_name}
            }
        )
    return utc


def offer_window(*, event: Event, now: datetime) -> timedelta:
    """The configured window (24 h by default), or half the time left when the event is close."""
    window = timedelta(hours=event.offer_window_hours or 24)
    left = (event.starts_at - now) / 2
    return max(min(window, left), MIN_OFFER_WINDOW)


def rsvp_closes_at(event: Event) -> datetime:
    return event.rsvp_closes_at or event.starts_at


# --- groups ----------


def _slug(text: str, fallback: str) -> str:
    return f"{(slugify(text)[:80].strip('-') or fallback)}-{uuid.uuid4().hex[:6]}"


def is_group_organizer(*, group: Group, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.is_staff
        or group.memberships.filter(
            user_id=user.pk,
            role=GroupMembership.Role.ORGANIZER,
            status=GroupMembership.Status.ACTIVE,
        ).exists()
    )


def _refresh_member_count(group: Group) -> None:
    count = group.memberships.filter(status=GroupMembership.Status.ACTIVE).count()
    Group.objects.filter(pk=group.pk).update(member_count=count)
    group.member_count = count


@transaction.atomic
def create_group(*, creator: Any, topics: Iterable[Topic] = (), **fields: Any) -> Group:
    fields = {k: v for k, v in fields.items() if k in GROUP_FIELDS}
    group = Group(slug=_slug(fields.get("name", ""), "group"), **fields)
    group.full_clean(exclude=["slug"])
    group.save()
    group.topics.set(list(topics)[:6])
    GroupMembership.objects.create(group=group, user=creator, role=GroupMembership.Role.ORGANIZER)
    _refresh_member_count(group)
    transaction.on_commit(lambda: notifications.watch_by_default(user=creator, target=group))
    return group


@transaction.atomic
def update_group(
    *, group: Group, by: Any, topics: Iterable[Topic] | None = None, **fields: Any
) -> Group:
    if not is_group_organizer(group=group, user=by):
        raise PermissionDenied(_("Only the organizers can edit this group."))
    for key, value in fields.items():
        if key in GROUP_FIELDS:
            setattr(group, key, value)
    group.full_clean()
    group.save()
    if topics is not None:
        group.topics.set(list(topics)[:6])
    return group


@transaction.atomic
def join_group(*, group: Group, user: Any) -> GroupMembership:
    Group.objects.select_for_update().filter(pk=group.pk).first()
    existing = group.memberships.filter(user=user).first()
    if existing:
        return existing
    status = (
        GroupMembership.Status.ACTIVE
        if group.join_policy == Group.JoinPolicy.OPEN
        else GroupMembership.Status.PENDING
    )
    membership = GroupMembership.objects.create(group=group, user=user, status=status)
    _refresh_member_count(group)
    if status == GroupMembership.Status.PENDING:
        organizers = list(
            group.memberships.filter(role=GroupMembership.Role.ORGANIZER).values_list(
                "user_id", flat=True
            )
        )
        transaction.on_commit(
            lambda: notifications.notify(
                recipients=organizers,
                verb="events.join_request",
                actor=user,
                target=group,
                url=group.get_absolute_url(),
                context={"group": group.name},
                key=f"events-join-{group.pk}-{user.pk}",
            )
        )
    else:
        transaction.on_commit(lambda: activity.record(actor=user, verb="join", target=group))
    return membership


@transaction.atomic
def leave_group(*, group: Group, user: Any) -> None:
    membership = group.memberships.filter(user=user).first()
    if membership is None:
        return
    if membership.role == GroupMembership.Role.ORGANIZER:
        others = group.memberships.filter(role=GroupMembership.Role.ORGANIZER).exclude(user=user)
        if not others.exists():
            raise ValidationError(_("Name another organizer before you leave the group."))
    membership.delete()
    _refresh_member_count(group)


@transaction.atomic
def approve_member(*, group: Group, by: Any, user_id: int) -> GroupMembership:
    if not is_group_organizer(group=group, user=by):
        raise PermissionDenied(_("Only the organizers can approve members."))
    membership = group.memberships.select_for_update().filter(user_id=user_id).first()
    if membership is None:
        raise ValidationError(_("This member did not ask to join."))
    if membership.status != GroupMembership.Status.ACTIVE:
        membership.status = GroupMembership.Status.ACTIVE
        membership.save(update_fields=["status", "updated_at"])
        _refresh_member_count(group)
        transaction.on_commit(
            lambda: notifications.notify(
                recipients=[user_id],
                verb="events.join_approved",
                actor=by,
                target=group,
                url=group.get_absolute_url(),
                context={"group": group.name},
            )
        )
    return membership


@transaction.atomic
def set_group_role(*, group: Group, by: Any, user_id: int, role: str) -> GroupMembership:
    """Organizers name further organizers (a group may have several)."""
    if not is_group_organizer(group=group, user=by):
        raise PermissionDenied(_("Only the organizers can change roles."))
    if role not in GroupMembership.Role.values:
        raise ValidationError({"role": _("Choose organizer or member.")})
    membership = group.memberships.filter(
        user_id=user_id, status=GroupMembership.Status.ACTIVE
    ).first()
    if membership is None:
        raise ValidationError(_("Only members can become organizers."))
    if role == GroupMembership.Role.MEMBER:
        others = group.memberships.filter(role=GroupMembership.Role.ORGANIZER).exclude(
            user_id=user_id
        )
        if not others.exists():
            raise ValidationError(_("A group needs at least one organizer."))
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


def follow_group(*, group: Group, user: Any, follow: bool) -> None:
    notifications.set_watch_level(
        user=user,
        target_type="events.group",
        target_id=group.pk,
        level="watching" if follow else "normal",
    )


# --- events ----------


def is_organizer(*, event: Event, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or event.created_by_id == user.pk:
        return True
    if event.group_id:
        return GroupMembership.objects.filter(
            group_id=event.group_id,
            user_id=user.pk,
            role=GroupMembership.Role.ORGANIZER,
            status=GroupMembership.Status.ACTIVE,
        ).exists()
    return False


def _validate_event(event: Event, topics: list[Topic]) -> None:
    errors: dict[str, Any] = {}
    check_timezone(event.timezone)
    if event.ends_at <= event.starts_at:
        errors["ends_at"] = _("The event must end after it starts.")
    if event.format in (Event.Format.ONLINE, Event.Format.HYBRID) and not event.online_url:
        errors["online_url"] = _("Add the link attendees use to join online.")
    if event.format in (Event.Format.IN_PERSON, Event.Format.HYBRID) and not (
        event.venue or event.address
    ):
        errors["venue"] = _("Say where the event takes place.")
    if event.online_url and not event.online_url.startswith("https://"):
        errors["online_url"] = _("Use an https:// link.")
    if event.capacity is not None and event.capacity < 1:
        errors["capacity"] = _("Leave capacity empty for no limit, or give at least 1.")
    if event.rsvp_closes_at and event.rsvp_closes_at > event.ends_at:
        errors["rsvp_closes_at"] = _("RSVPs must close before the event ends.")
    if event.rsvp_opens_at and event.rsvp_opens_at >= rsvp_closes_at(event):
        errors["rsvp_opens_at"] = _("RSVPs must open before they close.")
    if event.visibility == Event.Visibility.GROUP and not event.group_id:
        errors["visibility"] = _("Only events of a group can be limited to its members.")
    if len(topics) > 6:
        errors["topics"] = _("Choose at most 6 topics and domains.")
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["slug"])


def _set_questions(event: Event, questions: list[dict[str, Any]]) -> None:
    """Replace the questions; one whose label stays keeps its id, so given answers stay linked."""
    existing = {q.label: q for q in event.questions.all()}
    keep: list[int] = []
    for position, item in enumerate(questions[:10]):
        label = str(item.get("label", "")).strip()[:200]
        if not label:
            continue
        kind = item.get("kind") or Question.Kind.TEXT
        if kind not in Question.Kind.values:
            raise ValidationError({"questions": _("A question is short text or a choice.")})
        choices = [str(c).strip()[:100] for c in item.get("choices") or [] if str(c).strip()]
        if kind == Question.Kind.CHOICE and len(choices) < 2:
            raise ValidationError({"questions": _("A choice question needs at least 2 options.")})
        row = existing.get(label) or Question(event=event, label=label)
        row.kind = kind
        row.choices = choices[:20] if kind == Question.Kind.CHOICE else []
        row.is_required = bool(item.get("is_required"))
        row.position = position
        row.save()
        keep.append(row.pk)
    event.questions.exclude(pk__in=keep).delete()


@transaction.atomic
def create_event(
    *,
    organizer: Any,
    starts_at: datetime,
    ends_at: datetime,
    group: Group | None = None,
    topics: Iterable[Topic] = (),
    questions: list[dict[str, Any]] | None = None,
    rsvp_opens_at: datetime | None = None,
    rsvp_closes_at: datetime | None = None,
    series: Series | None = None,
    notify_group: bool = True,
    **fields: Any,
) -> Event:
    if group is not None and not is_group_organizer(group=group, user=organizer):
        raise PermissionDenied(_("Only the group's organizers can schedule its events."))
    fields = {k: v for k, v in fields.items() if k in EVENT_FIELDS}
    event = Event(
        created_by=organizer,
        group=group,
        series=series,
        slug=_slug(fields.get("title", ""), "event"),
        starts_at=starts_at,
        ends_at=ends_at,
        rsvp_opens_at=rsvp_opens_at,
        rsvp_closes_at=rsvp_closes_at,
        **fields,
    )
    topics = list(topics)
    _validate_event(event, topics)
    event.save()
    event.topics.set(topics)
    _set_questions(event, questions or [])

    def after() -> None:
        index_event(event.pk)
        notifications.watch_by_default(user=organizer, target=event)
        if group is not None and notify_group and event.visibility != Event.Visibility.MEMBERS:
            notifications.notify_watchers(
                target=group,
                verb="events.new_event",
                actor=organizer,
                url=event.get_absolute_url(),
                context={"title": event.title},
                key=f"events-new-{event.pk}",
            )

    transaction.on_commit(after)
    return event


def count_view(*, event: Event, viewer: Any) -> None:
    """A member's view feeds recommendations and analytics; group-only events stay out."""
    if getattr(viewer, "is_authenticated", False) and event.visibility != Event.Visibility.GROUP:
        activity.record(actor=viewer, verb="view", target=event)


def index_event(event_id: int) -> None:
    from aitalent.events import selectors

    event = Event.objects.prefetch_related("topics").filter(pk=event_id).first()
    document = selectors.search_document(event) if event else None
    if document is None:
        search.remove(doc_type="events.event", object_id=event_id)
    else:
        search.index(**document)


def _when(event: Event) -> str:
    local = timezone.localtime(event.starts_at, event.zone)
    return f"{local:%Y-%m-%d %H:%M} ({event.timezone})"


def _attendee_ids(event: Event, statuses: Iterable[str] = SEAT_STATUSES) -> list[int]:
    return list(event.rsvps.filter(status__in=list(statuses)).values_list("user_id", flat=True))


@transaction.atomic
def update_event(
    *,
    event: Event,
    by: Any,
    topics: Iterable[Topic] | None = None,
    questions: list[dict[str, Any]] | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> Event:
    """Edit an event; a changed time or place notifies attendees and the waitlist."""
    if not is_organizer(event=event, user=by):
        raise PermissionDenied(_("Only the organizers can edit this event."))
    event = _lock(event)
    before = {k: getattr(event, k) for k in ("starts_at", "ends_at", "venue", "address", "city")}
    old_capacity = event.capacity
    for key, value in fields.items():
        if key in EVENT_FIELDS or key in (
            "starts_at",
            "ends_at",
            "rsvp_opens_at",
            "rsvp_closes_at",
        ):
            setattr(event, key, value)
    topic_list = list(topics) if topics is not None else list(event.topics.all())
    _validate_event(event, topic_list)
    if old_capacity is not None and event.capacity is not None and event.capacity < old_capacity:
        taken = _taken(event)
        if event.capacity < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)d seats are taken: remove attendees before lowering capacity."
                    )
                    % {"count": taken}
                }
            )
    event.save()
    if topics is not None:
        event.topics.set(topic_list)
    if questions is not None:
        _set_questions(event, questions)
    event_id = event.pk
    transaction.on_commit(lambda: index_event(event_id))
    changes = []
    if before["starts_at"] != event.starts_at or before["ends_at"] != event.ends_at:
        changes.append(str(_("new time %(when)s") % {"when": _when(event)}))
    if any(before[k] != getattr(event, k) for k in ("venue", "address", "city")):
        place = ", ".join(filter(None, [event.venue, event.address, event.city]))
        changes.append(str(_("new place %(place)s") % {"place": place}))
    if changes:
        recipients = _attendee_ids(event, (*SEAT_STATUSES, RSVP.Status.WAITLISTED))
        stamp = timezone.now().timestamp()
        transaction.on_commit(
            lambda: notifications.notify(
                recipients=recipients,
                verb="events.updated",
                actor=by,
                target=event,
                url=event.get_absolute_url(),
                context={"title": event.title, "change": "; ".join(changes)},
                key=f"events-updated-{event.pk}-{stamp}",
            )
        )
    if event.capacity is None or (old_capacity is not None and event.capacity > old_capacity):
        _fill_spots(event, now=now or timezone.now(), promote=True)
    return event


@transaction.atomic
def cancel_event(*, event: Event, by: Any, now: datetime | None = None) -> Event:
    if not is_organizer(event=event, user=by):
        raise PermissionDenied(_("Only the organizers can cancel this event."))
    event = _lock(event)
    if event.is_cancelled:
        return event
    event.status = Event.Status.CANCELLED
    event.cancelled_at = now or timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    cancelled_id = event.pk
    transaction.on_commit(lambda: index_event(cancelled_id))
    recipients = _attendee_ids(event, (*SEAT_STATUSES, RSVP.Status.WAITLISTED))
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=recipients,
            verb="events.cancelled",
            actor=by,
            target=event,
            url=event.get_absolute_url(),
            context={"title": event.title},
            key=f"events-cancelled-{event.pk}",
        )
    )
    return event


def _shift_local(value: datetime, zone: ZoneInfo, *, days: int = 0, months: int = 0) -> datetime:
    """Move by whole days or months in wall-clock time (19:00 stays 19:00 across DST)."""
    local = value.astimezone(zone).replace(tzinfo=None)
    if months:
        month = local.month - 1 + months
        year = local.year + month // 12
        month = month % 12 + 1
        day = min(local.day, 28)  # every month has a 28th; the 31st would skip months
        local = local.replace(year=year, month=month, day=day)
    local += timedelta(days=days)
    return local_to_utc(day=local.date(), at=local.time(), tz_name=str(zone))


def _copy_fields(event: Event) -> dict[str, Any]:
    return {k: getattr(event, k) for k in EVENT_FIELDS}


def _questions_of(event: Event) -> list[dict[str, Any]]:
    return [
        {"label": q.label, "kind": q.kind, "choices": q.choices, "is_required": q.is_required}
        for q in event.questions.all()
    ]


@transaction.atomic
def copy_event(*, event: Event, by: Any, days: int = 7) -> Event:
    """A new event like this one, `days` later at the same local time; no RSVPs are copied."""
    if not is_organizer(event=event, user=by):
        raise PermissionDenied(_("Only the organizers can copy this event."))
    zone = event.zone
    offsets = {}
    for name in ("rsvp_opens_at", "rsvp_closes_at"):
        value = getattr(event, name)
        offsets[name] = _shift_local(value, zone, days=days) if value else None
    return create_event(
        organizer=by,
        group=event.group
        if event.group and is_group_organizer(group=event.group, user=by)
        else None,
        starts_at=_shift_local(event.starts_at, zone, days=days),
        ends_at=_shift_local(event.ends_at, zone, days=days),
        topics=event.topics.all(),
        questions=_questions_of(event),
        **offsets,
        **_copy_fields(event),
    )


@transaction.atomic
def create_series(*, event: Event, by: Any, frequency: str, count: int) -> list[Event]:
    """Repeat `event` weekly or monthly `count` more times; each occurrence has its own RSVPs."""
    if not is_organizer(event=event, user=by):
        raise PermissionDenied(_("Only the organizers can repeat this event."))
    if frequency not in Series.Frequency.values:
        raise ValidationError({"frequency": _("Choose weekly or monthly.")})
    if not 1 <= count <= SERIES_MAX:
        raise ValidationError(
            {"count": _("Repeat between 1 and %(max)d times.") % {"max": SERIES_MAX}}
        )
    series = event.series
    if series is None:
        series = Series.objects.create(title=event.title, frequency=frequency, created_by=by)
        Event.objects.filter(pk=event.pk).update(series=series)
        event.series = series
    zone = event.zone
    created = []
    for step in range(1, count + 1):
        shift = {"days": 7 * step} if frequency == Series.Frequency.WEEKLY else {"months": step}
        offsets = {
            name: _shift_local(getattr(event, name), zone, **shift)
            if getattr(event, name)
            else None
            for name in ("rsvp_opens_at", "rsvp_closes_at")
        }
        created.append(
            create_event(
                organizer=by,
                group=event.group,
                series=series,
                starts_at=_shift_local(event.starts_at, zone, **shift),
                ends_at=_shift_local(event.ends_at, zone, **shift),
                topics=event.topics.all(),
                questions=_questions_of(event),
                notify_group=step == 1,
                **offsets,
                **_copy_fields(event),
            )
        )
    return created


# --- RSVP and the waitlist ----------


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _taken(event: Event) -> int:
    seats = event.rsvps.filter(status__in=SEAT_STATUSES).aggregate(
        n=Sum(F("guests") + 1, default=0)
    )
    return int(seats["n"] or 0)


def _check_open(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise ValidationError(_("This event was cancelled."))
    if event.starts_at <= now:
        raise ValidationError(_("This event has already started or is over."))
    if event.rsvp_opens_at and now < event.rsvp_opens_at:
        raise ValidationError(_("RSVPs are not open yet."))
    if now >= rsvp_closes_at(event):
        raise ValidationError(_("RSVPs for this event are closed."))


def clean_answers(*, event: Event, answers: dict[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    errors: list[str] = []
    for question in event.questions.all():
        value = str(answers.get(str(question.pk), answers.get(question.pk, "")) or "").strip()
        if question.kind == Question.Kind.CHOICE and value and value not in question.choices:
            errors.append(str(_("“%(q)s”: choose one of the options.") % {"q": question.label}))
            continue
        if question.is_required and not value:
            errors.append(str(_("“%(q)s” needs an answer.") % {"q": question.label}))
            continue
        if value:
            cleaned[str(question.pk)] = value[:500]
    if errors:
        raise ValidationError({"answers": errors})
    return cleaned


@transaction.atomic
def rsvp(
    *,
    event: Event,
    user: Any,
    status: str,
    guests: int = 0,
    answers: dict[str, Any] | None = None,
    is_listed: bool | None = None,
    now: datetime | None = None,
) -> RSVP:
    """Answer going / not going. Going lands on the waitlist when the event is full.

    The event row is locked, so parallel RSVPs count seats one after another.
    """
    now = now or timezone.now()
    if status not in (RSVP.Status.GOING, RSVP.Status.NOT_GOING):
        raise ValidationError({"status": _("Answer going or not going.")})
    event = _lock(event)
    row = event.rsvps.filter(user=user).first()
    if status == RSVP.Status.NOT_GOING:
        if row is None:
            row = RSVP(event=event, user=user, status=RSVP.Status.NOT_GOING)
            row.save()
            return row
        return _release(event=event, row=row, now=now)
    _check_open(event, now)
    if row is not None and row.status == RSVP.Status.REMOVED:
        raise PermissionDenied(_("The organizers removed you from this event."))
    if not 0 <= guests <= event.max_guests:
        raise ValidationError(
            {
                "guests": _("Bring at most %(count)d guests.") % {"count": event.max_guests}
                if event.max_guests
                else _("This event does not allow guests.")
            }
        )
    cleaned = clean_answers(event=event, answers=answers or {})
    if row is None:
        row = RSVP(event=event, user=user, status=RSVP.Status.NOT_GOING)
    row.answers = cleaned
    if is_listed is not None:
        row.is_listed = is_listed
    if row.status in SEAT_STATUSES:
        # Already holding a seat: changing the number of guests must still fit.
        extra = guests - row.guests
        if extra > 0 and event.capacity is not None and _taken(event) + extra > event.capacity:
            raise ValidationError({"guests": _("Not enough seats left for more guests.")})
        row.guests = guests
        row.save()
        return row
    row.guests = guests
    queue = event.rsvps.filter(status__in=[RSVP.Status.WAITLISTED, RSVP.Status.OFFERED]).exclude(
        user=user
    )
    full = event.capacity is not None and _taken(event) + row.seats > event.capacity
    if row.status == RSVP.Status.WAITLISTED:
        row.save()
        return row
    if full or (
        event.capacity is not None and queue.filter(status=RSVP.Status.WAITLISTED).exists()
    ):
        row.status = RSVP.Status.WAITLISTED
        row.waitlisted_at = now
    else:
        row.status = RSVP.Status.GOING
        row.waitlisted_at = None
    row.offer_expires_at = None
    row.save()
    if row.status == RSVP.Status.GOING:
        transaction.on_commit(lambda: activity.record(actor=user, verb="register", target=event))
        transaction.on_commit(lambda: notifications.watch_by_default(user=user, target=event))
    return row


def _release(*, event: Event, row: RSVP, now: datetime) -> RSVP:
    held_seat = row.status in SEAT_STATUSES
    if row.status == RSVP.Status.REMOVED:
        return row
    row.status = RSVP.Status.NOT_GOING
    row.offer_expires_at = None
    row.waitlisted_at = None
    row.save(update_fields=["status", "offer_expires_at", "waitlisted_at", "updated_at"])
    if held_seat:
        _fill_spots(event, now=now)
    return row


def _fill_spots(event: Event, *, now: datetime, promote: bool = False) -> list[RSVP]:
    """Offer free seats to the waitlist in order (or give them outright when `promote`).

    The caller holds the event lock. Nobody is offered a seat once the event has started.
    """
    if event.is_cancelled or event.starts_at <= now:
        return []
    touched = []
    waiting = event.rsvps.filter(status=RSVP.Status.WAITLISTED).order_by("waitlisted_at", "id")
    free = None if event.capacity is None else event.capacity - _taken(event)
    for row in waiting:
        if free is not None and row.seats > free:
            break
        if promote or event.capacity is None:
            row.status = RSVP.Status.GOING
            row.offer_expires_at = None
            verb = "events.promoted"
        else:
            row.status = RSVP.Status.OFFERED
            row.offer_expires_at = now + offer_window(event=event, now=now)
            verb = "events.offer"
        row.save(update_fields=["status", "offer_expires_at", "updated_at"])
        if free is not None:
            free -= row.seats
        touched.append(row)
        _notify_seat(event, row, verb)
    return touched


def _notify_seat(event: Event, row: RSVP, verb: str) -> None:
    until = ""
    if row.offer_expires_at:
        zone = ZoneInfo(getattr(row.user, "timezone", "") or "UTC")
        until = f"{timezone.localtime(row.offer_expires_at, zone):%Y-%m-%d %H:%M}"
    key = f"{verb}-{row.pk}-{int(row.offer_expires_at.timestamp()) if row.offer_expires_at else 0}"
    user_id = row.user_id
    if row.status == RSVP.Status.GOING:
        transaction.on_commit(
            lambda: activity.record(actor=row.user, verb="register", target=event)
        )
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=[user_id],
            verb=verb,
            target=event,
            url=event.get_absolute_url(),
            context={"title": event.title, "until": until},
            key=key,
        )
    )


def fill_spots(*, event: Event, now: datetime | None = None) -> list[RSVP]:
    with transaction.atomic():
        return _fill_spots(_lock(event), now=now or timezone.now())


@transaction.atomic
def respond_to_offer(*, event: Event, user: Any, accept: bool, now: datetime | None = None) -> RSVP:
    now = now or timezone.now()
    event = _lock(event)
    row = event.rsvps.filter(user=user).first()
    if row is None or row.status != RSVP.Status.OFFERED:
        raise ValidationError(_("You have no open offer for this event."))
    if row.offer_expires_at and row.offer_expires_at <= now:
        _expire(event, row, now)
        raise ValidationError(_("This offer has expired; the spot went to the next person."))
    if not accept:
        return _release(event=event, row=row, now=now)
    if event.is_cancelled:
        raise ValidationError(_("This event was cancelled."))
    row.status = RSVP.Status.GOING
    row.offer_expires_at = None
    row.save(update_fields=["status", "offer_expires_at", "updated_at"])
    transaction.on_commit(lambda: activity.record(actor=user, verb="register", target=event))
    transaction.on_commit(lambda: notifications.watch_by_default(user=user, target=event))
    return row


def _expire(event: Event, row: RSVP, now: datetime) -> None:
    row.status = RSVP.Status.NOT_GOING
    row.offer_expires_at = None
    row.waitlisted_at = None
    row.save(update_fields=["status", "offer_expires_at", "waitlisted_at", "updated_at"])
    _fill_spots(event, now=now)


def expire_offers(*, now: datetime | None = None) -> int:
    """Periodic: expired offers move on to the next person on the waitlist."""
    now = now or timezone.now()
    event_ids = set(
        RSVP.objects.filter(status=RSVP.Status.OFFERED, offer_expires_at__lte=now).values_list(
            "event_id", flat=True
        )
    )
    expired = 0
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            rows = event.rsvps.filter(status=RSVP.Status.OFFERED, offer_expires_at__lte=now)
            for row in rows:
                _expire(event, row, now)
                expired += 1
    return expired


@transaction.atomic
def remove_attendee(*, event: Event, by: Any, user_id: int, now: datetime | None = None) -> RSVP:
    if not is_organizer(event=event, user=by):
        raise PermissionDenied(_("Only the organizers can remove attendees."))
    event = _lock(event)
    row = event.rsvps.filter(user_id=user_id).first()
    if row is None:
        raise ValidationError(_("This member has not registered."))
    held_seat = row.status in SEAT_STATUSES
    row.status = RSVP.Status.REMOVED
    row.offer_expires_at = None
    row.checked_in_at = None
    row.save(update_fields=["status", "offer_expires_at", "checked_in_at", "updated_at"])
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=[user_id],
            verb="events.removed",
            actor=by,
            target=event,
            url=event.get_absolute_url(),
            context={"title": event.title},
            key=f"events-removed-{row.pk}",
        )
    )
    if held_seat:
        _fill_spots(event, now=now or timezone.now())
    return row


@transaction.atomic
def set_capacity(
    *, event: Event, by: Any, capacity: int | None, now: datetime | None = None
) -> Event:
    """Raising capacity gives the new seats to the waitlist at once, in order."""
    return update_event(event=event, by=by, capacity=capacity, now=now)


@transaction.atomic
def set_listed(*, event: Event, user: Any, listed: bool) -> RSVP:
    row = event.rsvps.filter(user=user).first()
    if row is None:
        raise ValidationError(_("RSVP first."))
    row.is_listed = listed
    row.save(update_fields=["is_listed", "updated_at"])
    return row


# --- check-in ----------


@transaction.atomic
def check_in(*, event: Event, by: Any, user_id: int, attended: bool = True) -> RSVP:
    """Mark attendance (or undo it); attendance is recorded as evidence in the signal log."""
    if not is_organizer(event=event, user=by):
        raise PermissionDenied(_("Only the organizers can check people in."))
    row = event.rsvps.select_for_update().select_related("user").filter(user_id=user_id).first()
    if row is None or row.status != RSVP.Status.GOING:
        raise ValidationError(_("Only members who are going can be checked in."))
    if attended and row.checked_in_at is None:
        row.checked_in_at = timezone.now()
        row.save(update_fields=["checked_in_at", "updated_at"])
        transaction.on_commit(
            lambda: activity.record(actor=row.user, verb="attend", target=event, weight=4.0)
        )
    elif not attended and row.checked_in_at is not None:
        row.checked_in_at = None
        row.save(update_fields=["checked_in_at", "updated_at"])
        transaction.on_commit(
            lambda: activity.record(actor=row.user, verb="unattend", target=event, weight=-4.0)
        )
    return row


# --- communication ----------


@transaction.atomic
def message_attendees(*, event: Event, by: Any, body: str, audience: str) -> Message:
    if not is_organizer(event=event, user=by):
        raise PermissionDenied(_("Only the organizers can message attendees."))
    body = (body or "").strip()
    if not 2 <= len(body) <= 2000:
        raise ValidationError({"body": _("Write between 2 and 2,000 characters.")})
    if audience not in Message.Audience.values:
        raise ValidationError({"audience": _("Choose attendees, the waitlist or both.")})
    event = _lock(event)
    recent = event.messages.filter(created_at__gte=timezone.now() - timedelta(days=1)).count()
    if recent >= MESSAGES_PER_DAY:
        raise ValidationError(
            _("You can send %(count)d messages a day per event.") % {"count": MESSAGES_PER_DAY}
        )
    statuses = {
        Message.Audience.GOING: [RSVP.Status.GOING],
        Message.Audience.WAITLIST: [RSVP.Status.WAITLISTED, RSVP.Status.OFFERED],
        Message.Audience.ALL: [RSVP.Status.GOING, RSVP.Status.WAITLISTED, RSVP.Status.OFFERED],
    }[audience]
    recipients = _attendee_ids(event, statuses)
    message = Message.objects.create(
        event=event, author=by, audience=audience, body=body, recipient_count=len(recipients)
    )
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=recipients,
            verb="events.message",
            actor=by,
            target=event,
            url=event.get_absolute_url(),
            context={"title": event.title, "body": body[:200]},
            key=f"events-message-{message.pk}",
        )
    )
    return message


def send_reminders(*, now: datetime | None = None) -> int:
    """Periodic: one reminder 24 h before and one 1 h before, each at most once per member.

    Members who RSVP inside the last hour get only the 1-hour reminder.
    """
    now = now or timezone.now()
    sent = 0
    events = Event.objects.filter(
        status=Event.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)
    )
    for event in events:
        hours = 1 if event.starts_at <= now + timedelta(hours=1) else 24
        going = _attendee_ids(event, [RSVP.Status.GOING])
        rows = notifications.notify(
            recipients=going,
            verb="events.reminder",
            target=event,
            url=event.get_absolute_url(),
            context={"title": event.title, "when": _when(event), "hours": hours},
            key=f"events-reminder-{hours}h-{event.pk}",
        )
        sent += len(rows)
    return sent


def discussion_thread(*, event: Event) -> Any:
    return forum.get_or_create_context_thread(
        target=event,
        title=event.title,
        author=event.created_by,
        topics=event.topics.all(),
        language=event.language,
    )


# --- calendar feed ----------


def calendar_feed(*, user: Any) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def revoke_calendar_feed(*, user: Any) -> CalendarFeed:
    """A new secret: the old feed URL stops working at once."""
    feed = calendar_feed(user=user)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                feed.token = CalendarFeed._meta.get_field("token").get_default()
                feed.save(update_fields=["token", "created_at"])
                return feed
        except IntegrityError:
            continue
    raise ValidationError(_("Try again."))


# --- member data ----------


def export_member_data(user: Any) -> dict[str, Any]:
    return {
        "groups": list(
            GroupMembership.objects.filter(user=user).values("group__name", "role", "status")
        ),
        "organized_events": list(
            Event.objects.filter(created_by=user).values("title", "starts_at", "timezone")
        ),
        "rsvps": [
            {
                "event": r.event.title,
                "status": r.status,
                "guests": r.guests,
                "answers": r.answers,
                "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
            }
            for r in RSVP.objects.filter(user=user).select_related("event")
        ],
    }


def erase_member_data(user: Any) -> None:
    # Events stay for their attendees; the organizer becomes "deleted member".
    Event.objects.filter(created_by=user).update(created_by=None)
    Series.objects.filter(created_by=user).update(created_by=None)
    Message.objects.filter(author=user).update(author=None)
    RSVP.objects.filter(user=user).delete()
    GroupMembership.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()


def q_text(text: str) -> Q:
    return Q(user__display_name__icontains=text) | Q(user__handle__icontains=text)
