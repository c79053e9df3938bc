"""iCalendar files and "add to calendar" links. The online link goes only to attendees' files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as ICalEvent

from aitalent.events.models import Event


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def location(event: Event) -> str:
    place = ", ".join(filter(None, [event.venue, event.address, event.city]))
    if event.format == Event.Format.ONLINE:
        return "Online"
    return place


def _description(event: Event, *, with_link: bool) -> str:
    parts = [event.description[:2000], _absolute(event.get_absolute_url())]
    if with_link and event.online_url:
        parts.insert(1, f"Join online: {event.online_url}")
    return "\n\n".join(p for p in parts if p)


def _vevent(event: Event, *, with_link: bool) -> ICalEvent:
    zone = event.zone
    item = ICalEvent()
    item.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('://')[-1]}")
    item.add("dtstamp", timezone.now().astimezone(UTC))
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    item.add("summary", event.title)
    item.add("description", _description(event, with_link=with_link))
    item.add("url", _absolute(event.get_absolute_url()))
    if location(event):
        item.add("location", location(event))
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("last-modified", event.updated_at.astimezone(UTC))
    return item


def build_calendar(
    events: Iterable[Event], *, with_link_for: set[int] | None = None, name: str = ""
) -> bytes:
    """`with_link_for`: ids of events whose online link the reader may see."""
    allowed = with_link_for or set()
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, with_link=event.pk in allowed))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_url(event: Event) -> str:
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc_stamp(event.starts_at)}/{_utc_stamp(event.ends_at)}",
        "details": _absolute(event.get_absolute_url()),
        "location": location(event),
        "ctz": event.timezone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_url(event: Event) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": event.starts_at.astimezone(UTC).isoformat(),
        "enddt": event.ends_at.astimezone(UTC).isoformat(),
        "body": _absolute(event.get_absolute_url()),
        "location": location(event),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def map_url(event: Event) -> str:
    """A plain link to OpenStreetMap's search: no map tiles are loaded on our pages."""
    place = ", ".join(filter(None, [event.address or event.venue, event.city]))
    return "https://www.openstreetmap.org/search?" + urlencode({"query": place}) if place else ""
