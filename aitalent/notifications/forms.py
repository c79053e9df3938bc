from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import Topic
from aitalent.notifications import registry
from aitalent.notifications.models import Announcement, EmailChannel, Watch


class PreferencesForm(forms.Form):
    """One email channel and one in-app switch per registered notification type."""

    def __init__(self, *args: Any, rows: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"email__{row['verb']}"] = forms.ChoiceField(
                label=row["label"], choices=EmailChannel.choices, initial=row["email"]
            )
            self.fields[f"in_app__{row['verb']}"] = forms.BooleanField(
                label=_("Show in the bell"), required=False, initial=row["in_app"]
            )
        self.fields["all_email_off"] = forms.BooleanField(
            label=_("Pause all e-mail from this site"), required=False
        )

    def grouped(self) -> list[tuple[Any, list[tuple[Any, Any]]]]:
        groups: dict[str, list[tuple[Any, Any]]] = {}
        for row in self.rows:
            groups.setdefault(row["module"], []).append(
                (self[f"email__{row['verb']}"], self[f"in_app__{row['verb']}"])
            )
        return [(registry.module_label(module), pairs) for module, pairs in sorted(groups.items())]

    def choices_by_verb(self) -> dict[str, tuple[str, bool]]:
        return {
            row["verb"]: (
                self.cleaned_data[f"email__{row['verb']}"],
                self.cleaned_data[f"in_app__{row['verb']}"],
            )
            for row in self.rows
        }


class WatchForm(forms.Form):
    target_type = forms.CharField(max_length=40)
    target_id = forms.IntegerField(min_value=1)
    level = forms.ChoiceField(choices=Watch.Level.choices)
    next = forms.CharField(max_length=500, required=False)


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_("Markdown, code and $math$ work."),
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Announcement.Audience.choices[:2])
    topic = forms.ModelChoiceField(
        label=_("Topic or domain"),
        required=False,
        queryset=Topic.objects.order_by("kind", "name_en"),
        help_text=_("Only for “Followers of a topic or domain”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("audience") == Announcement.Audience.TOPIC and not data.get("topic"):
            self.add_error("topic", _("Choose the topic or domain whose followers to address."))
        return data
