"""The dashboard and API filters: a date range, an interval and an optional member domain."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aitalent.analytics.selectors import Range
from aitalent.core.models import Topic

MAX_DAYS = {"day": 366, "week": 3 * 366, "month": 10 * 366}
PRESETS = (30, 90, 180, 365)


class RangeForm(forms.Form):
    from_ = forms.DateField(label=_("From"), required=False)
    to = forms.DateField(label=_("To"), required=False)
    interval = forms.ChoiceField(
        label=_("Interval"),
        required=False,
        choices=[("day", _("Day")), ("week", _("Week")), ("month", _("Month"))],
    )
    domain = forms.SlugField(label=_("Domain"), required=False, max_length=60)
    topic = forms.SlugField(label=_("Topic"), required=False, max_length=60)

    def __init__(
        self, data: Any = None, *, default_days: int = 180, default_interval: str = "week"
    ):
        if data is not None:
            data = data.copy()
            if "from" in data:
                data["from_"] = data.get("from")
        super().__init__(data)
        self.default_days = default_days
        self.default_interval = default_interval

    def clean_domain(self) -> str:
        slug = self.cleaned_data.get("domain") or ""
        if slug and not Topic.objects.filter(slug=slug, kind=Topic.Kind.DOMAIN).exists():
            raise forms.ValidationError(
                _("Unknown domain: pick one from the list or leave it empty.")
            )
        return slug

    def clean_topic(self) -> str:
        slug = self.cleaned_data.get("topic") or ""
        if slug and not Topic.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Unknown topic: pick one from the list or leave it empty.")
            )
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.now().date()
        date_to = data.get("to") or today
        days = self.default_days
        date_from = data.get("from_") or date_to - timedelta(days=days - 1)
        interval = data.get("interval") or self.default_interval
        if date_from > date_to:
            self.add_error("from_", _("“From” must be on or before “To”."))
        elif (date_to - date_from).days > MAX_DAYS[interval]:
            self.add_error(
                "interval",
                _(
                    "This range is too long for this interval: "
                    "choose a longer interval or a shorter range."
                ),
            )
        if data.get("domain") and data.get("topic"):
            self.add_error("topic", _("Filter by a domain or by a topic, not both."))
        data["date_from"], data["date_to"], data["interval_value"] = date_from, date_to, interval
        return data

    def to_range(self) -> Range:
        data = self.cleaned_data
        return Range(
            data["date_from"],
            data["date_to"],
            data["interval_value"],
            f"domain:{data['domain']}"
            if data.get("domain")
            else (f"topic:{data['topic']}" if data.get("topic") else ""),
        )

    def default_range(self) -> Range:
        today = timezone.now().date()
        return Range(today - timedelta(days=self.default_days - 1), today, self.default_interval)


def preset_links(today: date) -> list[tuple[int, str]]:
    return [(days, (today - timedelta(days=days - 1)).isoformat()) for days in PRESETS]
