from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import Topic
from aitalent.events import services
from aitalent.events.models import Event, Group, Message, Question, Series

TIMEZONES = [(name, name) for name in sorted(available_timezones()) if "/" in name or name == "UTC"]


def parse_questions(text: str) -> list[dict[str, Any]]:
    """One question per line: `Label`, `Label *` (required), `Label: option | option` (choice)."""
    questions = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        required = line.endswith("*")
        line = line.rstrip("*").strip()
        label, _sep, options = line.partition(":")
        choices = [o.strip() for o in options.split("|") if o.strip()] if "|" in options else []
        if not choices:
            label = line
        questions.append(
            {
                "label": label.strip(),
                "kind": Question.Kind.CHOICE if choices else Question.Kind.TEXT,
                "choices": choices,
                "is_required": required,
            }
        )
    return questions


def format_questions(event: Event) -> str:
    lines = []
    for q in event.questions.all():
        line = q.label + (": " + " | ".join(q.choices) if q.kind == Question.Kind.CHOICE else "")
        lines.append(line + (" *" if q.is_required else ""))
    return "\n".join(lines)


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown works."),
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    format = forms.ChoiceField(label=_("Format"), choices=Event.Format.choices)
    start = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Local time in the event's time zone."),
    )
    end = forms.DateTimeField(
        label=_("Ends"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    timezone = forms.ChoiceField(label=_("Time zone of the event"), choices=TIMEZONES)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        assume_scheme="https",
        max_length=500,
        required=False,
        help_text=_("Shown only to confirmed attendees."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Empty for no limit. When full, members join the waitlist."),
    )
    max_guests = forms.IntegerField(
        label=_("Guests per member"), min_value=0, max_value=5, initial=0, required=False
    )
    rsvp_opens = forms.DateTimeField(
        label=_("RSVPs open"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    rsvp_closes = forms.DateTimeField(
        label=_("RSVP cut-off"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: until the event starts."),
    )
    visibility = forms.ChoiceField(label=_("Who can see it"), choices=Event.Visibility.choices)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics and domains"),
        required=False,
        queryset=Topic.objects.order_by("kind", "name_en"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Up to 6."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    questions = forms.CharField(
        label=_("Registration questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. End with * if required. A choice: “T-shirt size: S | M | L”."),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["group"].queryset = Group.objects.filter(
                memberships__user=user, memberships__role="organizer"
            ).order_by("name")

    def _to_utc(self, name: str, zone: str) -> datetime | None:
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        return services.local_to_utc(day=value.date(), at=value.time(), tz_name=zone, field=name)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        zone = data.get("timezone")
        if not zone or self.errors:
            return data
        try:
            # The form's naive times are wall-clock times in the event's zone.
            data["starts_at"] = self._to_utc("start", zone)
            data["ends_at"] = self._to_utc("end", zone)
            data["rsvp_opens_at"] = self._to_utc("rsvp_opens", zone)
            data["rsvp_closes_at"] = self._to_utc("rsvp_closes", zone)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        data["questions"] = parse_questions(data.get("questions", ""))
        data["max_guests"] = data.get("max_guests") or 0
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("start", "end", "rsvp_opens", "rsvp_closes"):
            data.pop(name, None)
        return data


class RSVPForm(forms.Form):
    guests = forms.IntegerField(label=_("Guests"), min_value=0, max_value=5, required=False)
    is_listed = forms.BooleanField(label=_("Show me on the “who is going” list"), required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        if not event.max_guests:
            del self.fields["guests"]
        else:
            self.fields["guests"].max_value = event.max_guests
        for question in event.questions.all():
            name = f"q_{question.pk}"
            if question.kind == Question.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.label,
                    required=question.is_required,
                    choices=[("", "—"), *[(c, c) for c in question.choices]],
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.label, required=question.is_required, max_length=500
                )

    def answers(self) -> dict[str, str]:
        return {
            key[2:]: value
            for key, value in self.cleaned_data.items()
            if key.startswith("q_") and value
        }


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    is_online = forms.BooleanField(label=_("Meets online"), required=False)
    join_policy = forms.ChoiceField(label=_("Joining"), choices=Group.JoinPolicy.choices)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics and domains"),
        required=False,
        queryset=Topic.objects.order_by("kind", "name_en"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class MessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("To"), choices=Message.Audience.choices)
    body = forms.CharField(
        label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SeriesForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Repeat"), choices=Series.Frequency.choices)
    count = forms.IntegerField(
        label=_("Further occurrences"), min_value=1, max_value=services.SERIES_MAX, initial=4
    )
