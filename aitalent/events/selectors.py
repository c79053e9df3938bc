from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from aitalent.events.models import RSVP, CalendarFeed, Event, Group, GroupMembership


def _member(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def _active_group_ids(viewer: Any) -> QuerySet[GroupMembership]:
    return GroupMembership.objects.filter(
        user_id=viewer.pk, status=GroupMembership.Status.ACTIVE
    ).values("group_id")


def _organized_group_ids(viewer: Any) -> QuerySet[GroupMembership]:
    return GroupMembership.objects.filter(
        user_id=viewer.pk,
        status=GroupMembership.Status.ACTIVE,
        role=GroupMembership.Role.ORGANIZER,
    ).values("group_id")


def visible_events_q(viewer: Any) -> Q:
    if not _member(viewer):
        return Q(visibility=Event.Visibility.PUBLIC)
    if viewer.is_staff:
        return Q()
    return (
        Q(visibility__in=[Event.Visibility.PUBLIC, Event.Visibility.MEMBERS])
        | Q(group_id__in=_active_group_ids(viewer))
        | Q(created_by_id=viewer.pk)
    )


def can_see(*, event: Event, viewer: Any) -> bool:
    if event.visibility == Event.Visibility.PUBLIC:
        return True
    if not _member(viewer):
        return False
    if event.visibility == Event.Visibility.MEMBERS or viewer.is_staff:
        return True
    if event.created_by_id == viewer.pk:
        return True
    return bool(
        event.group_id
        and GroupMembership.objects.filter(
            group_id=event.group_id, user_id=viewer.pk, status=GroupMembership.Status.ACTIVE
        ).exists()
    )


def _event_base() -> QuerySet[Event]:
    return Event.objects.select_related("group", "created_by", "series").prefetch_related("topics")


def get_event_for_user(*, viewer: Any, slug: str = "", event_id: int | None = None) -> Event:
    """The one access check for events: a private event answers 404 to those outside it."""
    lookup = {"pk": event_id} if event_id is not None else {"slug": slug}
    event = get_object_or_404(_event_base(), **lookup)
    if not can_see(event=event, viewer=viewer):
        raise Http404
    return event


def get_event_to_manage(*, viewer: Any, slug: str = "", event_id: int | None = None) -> Event:
    from django.core.exceptions import PermissionDenied

    from aitalent.events import services

    event = get_event_for_user(viewer=viewer, slug=slug, event_id=event_id)
    if not services.is_organizer(event=event, user=viewer):
        raise PermissionDenied
    return event


def resolve_event(user: Any, target_id: int) -> Event:
    return get_event_for_user(viewer=user, event_id=target_id)


def can_see_event_id(viewer: Any, event_id: int) -> bool:
    event = Event.objects.filter(pk=event_id).first()
    return event is not None and can_see(event=event, viewer=viewer)


def event_url(event_id: int) -> str:
    slug = Event.objects.filter(pk=event_id).values_list("slug", flat=True).first()
    return Event(slug=slug or "missing").get_absolute_url()


def get_group(*, slug: str) -> Group:
    """Groups are public: their name and description are how members find them."""
    return get_object_or_404(Group.objects.prefetch_related("topics"), slug=slug)


def resolve_group(user: Any, target_id: int) -> Group:
    return get_object_or_404(Group, pk=target_id)


def list_groups(*, q: str = "", topic: str = "", city: str = "") -> QuerySet[Group]:
    rows = Group.objects.prefetch_related("topics")
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if topic:
        rows = rows.filter(topics__slug=topic)
    if city:
        rows = rows.filter(city__iexact=city)
    return rows.order_by("-member_count", "name").distinct()


def group_membership(*, group: Group, viewer: Any) -> GroupMembership | None:
    if not _member(viewer):
        return None
    return group.memberships.filter(user_id=viewer.pk).first()


def group_members(*, group: Group) -> list[GroupMembership]:
    return list(
        group.memberships.filter(status=GroupMembership.Status.ACTIVE)
        .select_related("user")
        .order_by("-role", "created_at")[:200]
    )


def pending_members(*, group: Group) -> list[GroupMembership]:
    return list(
        group.memberships.filter(status=GroupMembership.Status.PENDING).select_related("user")
    )


@dataclass
class EventFilters:
    topic: str = ""
    domain: str = ""
    city: str = ""
    online: bool = False
    date_from: date | None = None
    date_to: date | None = None
    group: str = ""
    q: str = ""


def _with_counts(rows: QuerySet[Event]) -> QuerySet[Event]:
    return rows.annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=RSVP.Status.GOING), distinct=True),
        attended_count=Count("rsvps", filter=Q(rsvps__checked_in_at__isnull=False), distinct=True),
    )


def list_events(
    *,
    viewer: Any,
    filters: EventFilters | None = None,
    past: bool = False,
    now: datetime | None = None,
) -> QuerySet[Event]:
    now = now or timezone.now()
    filters = filters or EventFilters()
    rows = _event_base().filter(visible_events_q(viewer))
    if past:
        rows = rows.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        rows = rows.filter(ends_at__gte=now, status=Event.Status.SCHEDULED).order_by(
            "starts_at", "id"
        )
    if filters.topic:
        rows = rows.filter(topics__slug=filters.topic)
    if filters.domain:
        rows = rows.filter(Exists(Event.topics.through.objects.filter(
            event_id=OuterRef("pk"), topic__slug=filters.domain
        )))  # fmt: skip
    if filters.city:
        rows = rows.filter(city__iexact=filters.city)
    if filters.online:
        rows = rows.filter(format__in=[Event.Format.ONLINE, Event.Format.HYBRID])
    if filters.date_from:
        rows = rows.filter(starts_at__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(starts_at__date__lte=filters.date_to)
    if filters.group:
        rows = rows.filter(group__slug=filters.group)
    if filters.q:
        rows = rows.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q))
    return _with_counts(rows)


def list_cities() -> list[str]:
    return list(
        Event.objects.exclude(city="").order_by("city").values_list("city", flat=True).distinct()
    )


def month_grid(*, viewer: Any, year: int, month: int) -> dict[str, Any]:
    """Weeks of a month (Monday first) with the visible events of each day, in the active zone."""
    zone = timezone.get_current_timezone()
    first = date(year, month, 1)
    next_month = date(year + month // 12, month % 12 + 1, 1)
    start = first - timedelta(days=first.weekday())
    end = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
    rows = (
        Event.objects.filter(visible_events_q(viewer))
        .filter(
            starts_at__gte=datetime.combine(start, datetime.min.time(), zone),
            starts_at__lt=datetime.combine(end, datetime.min.time(), zone),
        )
        .order_by("starts_at")
    )
    by_day: dict[date, list[Event]] = {}
    for event in rows:
        by_day.setdefault(timezone.localtime(event.starts_at, zone).date(), []).append(event)
    weeks = []
    day = start
    while day < end:
        weeks.append([(d, by_day.get(d, []), d.month == month) for d in _week(day)])
        day += timedelta(days=7)
    prev = first - timedelta(days=1)
    return {
        "weeks": weeks,
        "month": first,
        "prev": (prev.year, prev.month),
        "next": (next_month.year, next_month.month),
    }


def _week(start: date) -> list[date]:
    return [start + timedelta(days=i) for i in range(7)]


def viewer_rsvp(*, event: Event, viewer: Any) -> RSVP | None:
    if not _member(viewer):
        return None
    return event.rsvps.filter(user_id=viewer.pk).first()


def can_see_private_details(*, event: Event, viewer: Any, rsvp: RSVP | None = None) -> bool:
    """The online link is for confirmed attendees and organizers only."""
    from aitalent.events import services

    if not _member(viewer):
        return False
    if services.is_organizer(event=event, user=viewer):
        return True
    if rsvp is None:
        rsvp = viewer_rsvp(event=event, viewer=viewer)
    return rsvp is not None and rsvp.status == RSVP.Status.GOING


def seat_counts(*, event: Event) -> dict[str, int]:
    rows = event.rsvps.values_list("status", "guests", "checked_in_at")
    counts = {"going": 0, "seats": 0, "waitlisted": 0, "offered": 0, "attended": 0}
    for status, guests, checked_in_at in rows:
        if status == RSVP.Status.GOING:
            counts["going"] += 1
            counts["seats"] += 1 + guests
        elif status == RSVP.Status.OFFERED:
            counts["offered"] += 1
            counts["seats"] += 1 + guests
        elif status == RSVP.Status.WAITLISTED:
            counts["waitlisted"] += 1
        if checked_in_at:
            counts["attended"] += 1
    return counts


def listed_attendees(*, event: Event) -> list[Any]:
    """Members who opted in to the public "who is going" list."""
    return [
        r.user
        for r in event.rsvps.filter(status=RSVP.Status.GOING, is_listed=True)
        .select_related("user")
        .order_by("created_at")[:100]
    ]


def people_met(*, event: Event, viewer: Any, now: datetime | None = None) -> list[Any]:
    """After the event: who else was there (and listed), for the viewer to connect with."""
    now = now or timezone.now()
    if not _member(viewer) or event.ends_at > now:
        return []
    mine = event.rsvps.filter(user_id=viewer.pk, status=RSVP.Status.GOING).first()
    if mine is None:
        return []
    from aitalent.people import selectors as people

    rows = (
        event.rsvps.filter(status=RSVP.Status.GOING, is_listed=True)
        .exclude(user_id=viewer.pk)
        .select_related("user")
        .order_by("-checked_in_at", "created_at")[:30]
    )
    return [
        r.user
        for r in rows
        if not people.are_connected(viewer.pk, r.user_id)
        and not people.is_blocked_between(viewer.pk, r.user_id)
    ]


def attendee_rows(*, event: Event, q: str = "", statuses: list[str] | None = None) -> list[RSVP]:
    """For organizers only (callers check): RSVPs with their answers."""
    rows = event.rsvps.select_related("user").order_by("status", "created_at")
    if statuses:
        rows = rows.filter(status__in=statuses)
    if q:
        rows = rows.filter(Q(user__display_name__icontains=q) | Q(user__handle__icontains=q))
    return list(rows[:500])


def waitlist(*, event: Event) -> list[RSVP]:
    return list(
        event.rsvps.filter(status__in=[RSVP.Status.OFFERED, RSVP.Status.WAITLISTED])
        .select_related("user")
        .order_by("waitlisted_at", "id")
    )


def my_upcoming_events(*, user: Any, now: datetime | None = None) -> QuerySet[Event]:
    now = now or timezone.now()
    return (
        Event.objects.filter(
            rsvps__user=user,
            rsvps__status__in=[RSVP.Status.GOING, RSVP.Status.OFFERED, RSVP.Status.WAITLISTED],
            ends_at__gte=now,
            status=Event.Status.SCHEDULED,
        )
        .select_related("group")
        .order_by("starts_at")
    )


def feed_events(*, token: str, now: datetime | None = None) -> tuple[Any, list[Event]]:
    """The member and the events of a personal feed; 404 for a revoked or unknown token."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    now = now or timezone.now()
    rows = (
        Event.objects.filter(
            rsvps__user=feed.user,
            rsvps__status=RSVP.Status.GOING,
            ends_at__gte=now - timedelta(days=30),
        )
        .select_related("group")
        .order_by("starts_at")[:500]
    )
    return feed.user, list(rows)


def home_section(request: Any) -> tuple[str, dict[str, Any]] | None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    rows = list(list_events(viewer=request.user)[:5])
    if not rows:
        return None
    return (
        "events/partials/section_events.html",
        {"title": _("Upcoming events"), "events": rows, "more_url": reverse("events:index")},
    )


def topic_section(request: Any, topic: Any) -> tuple[str, dict[str, Any]] | None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    rows = list(list_events(viewer=request.user, filters=EventFilters(topic=topic.slug))[:5])
    if not rows:
        return None
    return (
        "events/partials/section_events.html",
        {
            "title": _("Upcoming events"),
            "events": rows,
            "more_url": f"{reverse('events:index')}?topic={topic.slug}",
        },
    )


def search_document(event: Event) -> dict[str, Any] | None:
    """The search index entry of an event; group-only and cancelled events are not indexed."""
    if event.is_cancelled or event.visibility == Event.Visibility.GROUP:
        return None
    place = ", ".join(filter(None, [event.venue, event.city]))
    return {
        "doc_type": "events.event",
        "object_id": event.pk,
        "title": event.title,
        "summary": event.description[:300],
        "body": f"{event.description}\n{place}",
        "url": event.get_absolute_url(),
        "language": event.language,
        "topics": [t.slug for t in event.topics.all()],
        "visibility": "public" if event.visibility == Event.Visibility.PUBLIC else "members",
        "created_at": event.created_at,
    }


def search_documents() -> Any:
    rows = (
        Event.objects.filter(status=Event.Status.SCHEDULED)
        .exclude(visibility=Event.Visibility.GROUP)
        .prefetch_related("topics")
        .iterator(chunk_size=500)
    )
    for event in rows:
        document = search_document(event)
        if document:
            yield document
