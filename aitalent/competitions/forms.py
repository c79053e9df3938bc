from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aitalent.competitions.models import Competition, DataFile
from aitalent.core.models import Topic

DATETIME = {"type": "datetime-local"}


def _when(label: Any, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text or _("UTC"),
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
    )


class CompetitionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(label=_("One-line summary"), max_length=240, required=False)
    overview = forms.CharField(
        label=_("Overview"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    data_description = forms.CharField(
        label=_("Data description"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evaluation_description = forms.CharField(
        label=_("Evaluation"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rules = forms.CharField(
        label=_("Rules"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Participants accept these before they can download the data."),
    )
    prizes = forms.CharField(
        label=_("Prizes"), max_length=5_000, required=False, widget=forms.Textarea({"rows": 2})
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics and domains"),
        required=False,
        queryset=Topic.objects.order_by("kind", "name_en"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Up to 8. Medals count as evidence for these skills."),
    )
    starts_at = _when(_("Start"))
    entry_deadline_at = _when(
        _("Entry and team-merge deadline"), _("UTC. Joining and team changes close here.")
    )
    ends_at = _when(_("End"))
    visibility = forms.ChoiceField(label=_("Who can join"), choices=Competition.Visibility.choices)
    allow_list = forms.CharField(
        label=_("Allowed e-mails or domains"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Invite-only: one per line, alice@example.com or @example.edu"),
    )
    metric = forms.ChoiceField(
        label=_("Metric"), choices=Competition._meta.get_field("metric").choices
    )
    k = forms.IntegerField(label=_("K for MAP@K / NDCG@K"), min_value=1, max_value=100, initial=10)
    id_column = forms.CharField(label=_("Id column"), max_length=60, initial="id")
    target_column = forms.CharField(label=_("Target column"), max_length=60, initial="target")
    public_fraction = forms.FloatField(
        label=_("Public share of the test set"), min_value=0.01, max_value=0.99, initial=0.3
    )
    score_precision = forms.IntegerField(
        label=_("Decimals shown"), min_value=0, max_value=10, initial=5
    )
    daily_limit = forms.IntegerField(
        label=_("Submissions per team per day"), min_value=1, max_value=100, initial=5
    )
    total_limit = forms.IntegerField(
        label=_("Submissions per team in total"), min_value=1, required=False
    )
    max_team_size = forms.IntegerField(
        label=_("Maximum team size"), min_value=1, max_value=50, initial=5
    )


class TruthForm(forms.Form):
    truth = forms.FileField(
        label=_("Ground truth CSV"),
        help_text=_("Id column and target column. Stored privately, never shown to anyone."),
    )


class DataFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DataFile.Kind.choices)
    file = forms.FileField(label=_("File"))


class JoinForm(forms.Form):
    accept_rules = forms.BooleanField(
        label=_("I have read and accept the rules"),
        error_messages={"required": _("Accept the rules to take part.")},
    )


class SubmissionForm(forms.Form):
    file = forms.FileField(label=_("Predictions (CSV)"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class TeamNameForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=80)


class InviteForm(forms.Form):
    handle = forms.CharField(
        label=_("Invite a participant by handle"),
        max_length=60,
        help_text=_("Their team joins yours once they accept."),
    )


class WriteUpForm(forms.Form):
    url = forms.URLField(
        assume_scheme="https",
        label=_("Write-up link"),
        max_length=500,
        help_text=_("A post or resource explaining your solution."),
    )
