from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import Topic
from aitalent.people import avatars, validators
from aitalent.people.countries import country_choices
from aitalent.people.models import Profile, ProfileSkill, Report
from aitalent.people.selectors import DirectoryFilters


def _timezone_choices() -> list[tuple[str, str]]:
    return [(n, n) for n in sorted(zoneinfo.available_timezones()) if "/" in n or n == "UTC"]


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=80, required=False)
    headline = forms.CharField(
        label=_("Headline"),
        max_length=140,
        required=False,
        help_text=_("One line: what you do, e.g. “NLP engineer building multilingual search”."),
    )
    bio = forms.CharField(
        label=_("About"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown is supported."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    timezone_name = forms.ChoiceField(label=_("Time zone"))
    organisation = forms.CharField(label=_("Organisation"), max_length=120, required=False)
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    github = forms.URLField(label="GitHub", max_length=300, required=False, assume_scheme="https")
    huggingface = forms.URLField(
        label="Hugging Face", max_length=300, required=False, assume_scheme="https"
    )
    google_scholar = forms.URLField(
        label="Google Scholar", max_length=300, required=False, assume_scheme="https"
    )
    orcid = forms.CharField(label="ORCID", max_length=60, required=False)
    linkedin = forms.URLField(
        label="LinkedIn", max_length=300, required=False, assume_scheme="https"
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Application domains"),
        queryset=Topic.objects.filter(kind=Topic.Kind.DOMAIN).order_by("name_en"),
        to_field_name="slug",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    is_open_to_work = forms.BooleanField(label=_("Open to work"), required=False)
    is_open_to_mentoring = forms.BooleanField(label=_("Open to mentoring others"), required=False)
    is_open_to_collaboration = forms.BooleanField(
        label=_("Looking for collaborators"), required=False
    )
    is_looking_for_team = forms.BooleanField(label=_("Looking for a team"), required=False)
    is_looking_for_mentor = forms.BooleanField(label=_("Looking for a mentor"), required=False)
    mentoring_capacity = forms.IntegerField(
        label=_("Mentees I can take on"),
        min_value=0,
        max_value=20,
        initial=2,
        required=False,
        help_text=_("Mentor suggestions stop when you have this many mentees."),
    )
    weekly_hours = forms.IntegerField(
        label=_("Weekly availability (hours)"), min_value=0, max_value=80, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + country_choices()
        self.fields["timezone_name"].choices = _timezone_choices()
        self.fields["languages"].choices = validators.language_choices()

    @classmethod
    def initial_for(cls, profile: Profile) -> dict[str, Any]:
        initial = {
            name: getattr(profile, name) for name in cls.base_fields if hasattr(profile, name)
        }
        initial["display_name"] = profile.user.display_name
        initial["timezone_name"] = profile.user.timezone
        initial["domains"] = [d.slug for d in profile.domains.all()]
        return initial

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("mentoring_capacity") is None:
            data.pop("mentoring_capacity", None)  # left empty: keep what the profile has
        data["domains"] = [t.slug for t in data["domains"]]
        return data


class PrivacyForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "visibility",
            "email_visibility",
            "location_visibility",
            "organisation_visibility",
            "links_visibility",
            "connections_visibility",
            "activity_visibility",
            "message_policy",
            "in_directory",
            "in_suggestions",
            "allow_indexing",
            "in_analytics",
        ]


class SkillForm(forms.Form):
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Topic.objects.filter(kind=Topic.Kind.SKILL).order_by("name_en"),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Unknown skill: choose one from the list.")},
    )
    level = forms.TypedChoiceField(
        label=_("My level"), choices=ProfileSkill.Level.choices, coerce=int, initial=3
    )
    years = forms.IntegerField(label=_("Years"), min_value=0, max_value=60, required=False)
    how_used = forms.CharField(
        label=_("How I used it"),
        max_length=280,
        required=False,
        help_text=_("A short line, e.g. “fine-tuned Whisper for Cantonese call-centre audio”."),
    )


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label=_("Photo"),
        help_text=_("PNG, JPEG or WebP, up to 5 MiB and 40 megapixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    def clean_avatar(self) -> Any:
        upload = self.cleaned_data["avatar"]
        if upload.size > avatars.MAX_BYTES:
            raise forms.ValidationError(_("The image is larger than 5 MiB."))
        return upload


class ConnectForm(forms.Form):
    note = forms.CharField(
        label=_("Add a note (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EndorseForm(forms.Form):
    context = forms.CharField(
        label=_("Context (optional)"),
        max_length=200,
        required=False,
        help_text=_("e.g. “we worked together on the OCR pipeline at Contoso”"),
    )


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "detail"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 4})}


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Topic.objects.filter(kind=Topic.Kind.SKILL).order_by("name_en"),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Unknown skill.")},
    )
    min_level = forms.TypedChoiceField(
        label=_("Minimum level"),
        choices=ProfileSkill.Level.choices,
        coerce=int,
        required=False,
        empty_value=1,
    )
    level_kind = forms.ChoiceField(
        label=_("Level"),
        choices=[("self", _("self-declared")), ("evidenced", _("evidenced"))],
        required=False,
    )
    domain = forms.ModelChoiceField(
        label=_("Domain"),
        queryset=Topic.objects.filter(kind=Topic.Kind.DOMAIN).order_by("name_en"),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Unknown domain.")},
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    tz_window = forms.IntegerField(
        label=_("Time zone within ± hours of mine"), min_value=0, max_value=12, required=False
    )
    tz = forms.IntegerField(
        label=_("Centre UTC offset (minutes)"),
        min_value=-720,
        max_value=840,
        required=False,
        widget=forms.HiddenInput,
    )
    open_to_work = forms.BooleanField(label=_("Open to work"), required=False)
    mentoring = forms.BooleanField(label=_("Open to mentoring"), required=False)
    collaborators = forms.BooleanField(label=_("Looking for collaborators"), required=False)
    team = forms.BooleanField(label=_("Looking for a team"), required=False)
    language = forms.ChoiceField(label=_("Speaks"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("relevance", _("Relevance")),
            ("activity", _("Recent activity")),
            ("newest", _("Newest")),
        ],
        required=False,
    )
    page = forms.IntegerField(min_value=1, max_value=500, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country"))] + country_choices()
        self.fields["language"].choices = [("", _("Any language"))] + validators.language_choices()

    def to_filters(self, *, default_center: int | None) -> DirectoryFilters:
        data = self.cleaned_data
        return DirectoryFilters(
            q=data.get("q") or "",
            skill=data.get("skill"),
            min_level=data.get("min_level") or 1,
            level_kind=data.get("level_kind") or "self",
            domain=data.get("domain"),
            country=data.get("country") or "",
            tz_center_minutes=data["tz"] if data.get("tz") is not None else default_center,
            tz_window_hours=data.get("tz_window"),
            open_to_work=bool(data.get("open_to_work")),
            mentoring=bool(data.get("mentoring")),
            collaborators=bool(data.get("collaborators")),
            team=bool(data.get("team")),
            language=data.get("language") or "",
            sort=data.get("sort") or "relevance",
        )
