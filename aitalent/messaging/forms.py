from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NewConversationForm(forms.Form):
    to = forms.CharField(
        label=_("To"),
        max_length=700,
        help_text=_("Handles separated by commas or spaces, e.g. li-wei, ana-garcia (up to 19)."),
    )
    title = forms.CharField(label=_("Group name (optional)"), max_length=120, required=False)
    body = forms.CharField(
        label=_("Message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def handles(self) -> list[str]:
        raw = self.cleaned_data["to"].replace(",", " ").split()
        return list(dict.fromkeys(h.lstrip("@").lower() for h in raw if h.strip("@")))


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Write a message (markdown)")}),
    )
