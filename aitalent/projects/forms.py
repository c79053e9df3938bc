from __future__ import annotations

import re
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import Topic
from aitalent.projects.models import Milestone, Offer, Project, Stage, Task

TIMEZONES = [(name, name) for name in sorted(available_timezones()) if "/" in name or name == "UTC"]


def find_skill(text: str) -> Topic | None:
    text = text.strip()
    if not text:
        return None
    return (
        Topic.objects.filter(kind=Topic.Kind.SKILL)
        .filter(
            Q(slug__iexact=text)
            | Q(name_en__iexact=text)
            | Q(name_zh=text)
            | Q(aliases__contains=[text.lower()])
        )
        .first()
    )


def parse_skills(text: str) -> list[tuple[Topic, int]]:
    """`PyTorch: 4, mlops 3` or one per line: a skill (slug or name) and a minimum level 1–5."""
    found = []
    for part in re.split(r"[,\n;，]+", text or ""):
        part = part.strip()
        if not part:
            continue
        match = re.match(r"^(.*?)[\s:=]*([1-5])$", part)
        name, level = (match.group(1), int(match.group(2))) if match else (part, 2)
        topic = find_skill(name.strip(" :"))
        if topic is None:
            raise ValidationError(
                _("“%(name)s” is not a skill we know: use a name from the topic list.")
                % {"name": name.strip()}
            )
        found.append((topic, level))
    return found


def _topics_field(kind: str, label: Any, help_text: Any = "") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Topic.objects.filter(kind=kind).order_by("name_en"),
        required=False,
        label=label,
        help_text=help_text,
        to_field_name="slug",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    pitch = forms.CharField(
        label=_("One-line pitch"),
        max_length=200,
        help_text=_("What the project does, for whom, in one sentence."),
    )
    problem = forms.CharField(
        label=_("Problem"), required=False, max_length=5_000, widget=forms.Textarea({"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea({"rows": 6}),
        help_text=_("Markdown is supported."),
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, initial=Stage.IDEA)
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Project.Visibility.choices,
        initial=Project.Visibility.PUBLIC,
    )
    topics = _topics_field(Topic.Kind.SKILL, _("Topics"))
    domains = _topics_field(Topic.Kind.DOMAIN, _("Domains"))
    repository_url = forms.URLField(
        label=_("Repository"), required=False, max_length=300, assume_scheme="https"
    )
    demo_url = forms.URLField(
        label=_("Demo"), required=False, max_length=300, assume_scheme="https"
    )
    media = forms.CharField(
        label=_("Media links"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("One link per line: videos, slides, screenshots (at most 8)."),
    )
    organisation = forms.CharField(label=_("Owner organisation"), required=False, max_length=120)
    timezone = forms.ChoiceField(
        label=_("Team time zone"), choices=TIMEZONES, initial="UTC",
        help_text=_("Candidates are matched on their overlap with 09:00–17:00 here."),
    )  # fmt: skip
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("zh-hans", "简体中文")], initial="en"
    )

    def clean_media(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["media"].splitlines() if line.strip()]
        if len(links) > 8:
            raise ValidationError(_("At most 8 media links."))
        validator = forms.URLField(assume_scheme="https")
        for link in links:
            try:
                validator.clean(link)
            except ValidationError as exc:
                raise ValidationError(
                    _("“%(link)s” is not a web address (start it with https://).") % {"link": link}
                ) from exc
        return links


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)


class RoleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    skills = forms.CharField(
        label=_("Required skills with minimum levels"),
        widget=forms.TextInput(),
        help_text=_("For example: PyTorch 4, MLOps 3 (levels 1–5)."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5_000, widget=forms.Textarea({"rows": 3})
    )
    slots = forms.IntegerField(label=_("People needed"), min_value=1, max_value=20, initial=1)
    hours_per_week = forms.IntegerField(
        label=_("Commitment (hours/week)"), min_value=1, max_value=80, initial=10
    )
    is_remote = forms.BooleanField(label=_("Remote"), required=False, initial=True)
    location = forms.CharField(label=_("Location"), required=False, max_length=120)

    def clean_skills(self) -> list[tuple[Topic, int]]:
        skills = parse_skills(self.cleaned_data["skills"])
        if not skills:
            raise ValidationError(_("List at least one required skill."))
        return skills


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the team"),
        max_length=2_000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Why you, and what you would do in the first weeks."),
    )


class InviteForm(forms.Form):
    handle = forms.CharField(label=_("Member handle"), max_length=60)
    role = forms.TypedChoiceField(label=_("Role"), required=False, coerce=int, empty_value=None)
    message = forms.CharField(
        label=_("Message"), required=False, max_length=2_000, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, roles: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("No specific role"))] + [
            (r.pk, r.title) for r in roles or []
        ]


class UpdateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=10_000, widget=forms.Textarea({"rows": 4}))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("Status"), choices=Milestone.Status.choices)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    milestone = forms.TypedChoiceField(
        label=_("Milestone"), required=False, coerce=int, empty_value=None
    )
    assignee = forms.TypedChoiceField(
        label=_("Assignee"), required=False, coerce=int, empty_value=None
    )
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        milestones: list[Any] = (),
        members: list[Any] = (),
        **kwargs: Any,  # type: ignore[assignment]
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [("", "—")] + [(m.pk, m.title) for m in milestones]
        self.fields["assignee"].choices = [("", "—")] + [(m.user_id, m.user.name) for m in members]


class MoveForm(forms.Form):
    status = forms.ChoiceField(choices=Task.Status.choices)


class OfferForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=Offer.Kind.choices)
    amount = forms.CharField(
        label=_("Amount or quantity"),
        max_length=80,
        help_text=_("For example: USD 5,000 or 2,000 GPU hours"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea({"rows": 4}),
    )
    organisation = forms.CharField(
        label=_("On behalf of organisation"), required=False, max_length=120
    )
    topics = _topics_field(Topic.Kind.SKILL, _("Eligible topics"), _("Empty: any topic."))
    domains = _topics_field(Topic.Kind.DOMAIN, _("Eligible domains"), _("Empty: any domain."))
    stages = forms.MultipleChoiceField(
        label=_("Eligible stages"),
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: any stage."),
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class OfferApplyForm(forms.Form):
    project = forms.ChoiceField(label=_("Project"))
    case = forms.CharField(
        label=_("Your case"),
        max_length=3_000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("What you would do with it and why your project fits."),
    )

    def __init__(self, *args: Any, projects: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(p.slug, p.name) for p in projects]


class FormationForm(forms.Form):
    participants = forms.CharField(
        label=_("Participants"),
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Member handles, separated by commas, spaces or lines (or upload a file)."),
        required=False,
    )
    upload = forms.FileField(
        label=_("Or upload a list"),
        required=False,
        help_text=_("A .txt or .csv file with one handle per line."),
    )
    projects = forms.MultipleChoiceField(
        label=_("Projects"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args: Any, projects: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [(p.slug, p.name) for p in projects]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("participants") or ""
        upload = data.get("upload")
        if upload is not None:
            if upload.size > 200_000:
                raise ValidationError({"upload": _("Upload at most 200 kB.")})
            text += "\n" + upload.read().decode("utf-8", errors="replace")
        handles = [h.strip().lstrip("@") for h in re.split(r"[\s,;]+", text) if h.strip()]
        if not handles:
            raise ValidationError({"participants": _("List at least one participant.")})
        if len(handles) > 500:
            raise ValidationError({"participants": _("At most 500 participants at once.")})
        data["handles"] = list(dict.fromkeys(handles))
        return data
