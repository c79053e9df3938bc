"""Event times in the viewer's zone with the event's own zone beside them."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def event_when(event: Any) -> SafeString:
    viewer_zone = timezone.get_current_timezone()
    start = timezone.localtime(event.starts_at, viewer_zone)
    end = timezone.localtime(event.ends_at, viewer_zone)
    end_format = "TIME_FORMAT" if end.date() == start.date() else "DATETIME_FORMAT"
    text = format_html(
        '<time datetime="{}">{} – {}</time> <span class="text-body-secondary">({})</span>',
        event.starts_at.isoformat(),
        formats.date_format(start, "DATETIME_FORMAT"),
        formats.date_format(end, end_format),
        str(viewer_zone),
    )
    event_zone = ZoneInfo(event.timezone)
    if _offset(event.starts_at, event_zone) != _offset(event.starts_at, viewer_zone):
        local = timezone.localtime(event.starts_at, event_zone)
        text = format_html(
            '{} <span class="small text-body-secondary event-zone">· {} {}</span>',
            text,
            formats.date_format(local, "DATETIME_FORMAT"),
            event.timezone,
        )
    return text


def _offset(at: datetime, zone: Any) -> Any:
    return at.astimezone(zone).utcoffset()
