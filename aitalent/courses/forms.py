from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import Topic
from aitalent.courses.models import Competency, Course, Question


def parse_levels(text: str, *, field: str, top: int) -> list[tuple[str, int]]:
    """One "topic-slug: level" a line."""
    items: list[tuple[str, int]] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        slug, _sep, level = line.partition(":")
        try:
            value = int(level.strip() or "1")
        except ValueError:
            raise ValidationError(
                _("Write “topic-slug: level” with a level from 1 to %(top)s (line “%(line)s”).")
                % {"top": top, "line": line[:60]}
            ) from None
        if not 1 <= value <= top:
            raise ValidationError(
                _("Levels go from 1 to %(top)s (line “%(line)s”).")
                % {"top": top, "line": line[:60]}
            )
        items.append((slug.strip(), value))
    slugs = [s for s, _level in items]
    known = set(Topic.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    missing = [s for s in slugs if s not in known]
    if missing:
        raise ValidationError(_("Unknown topic “%(slug)s”.") % {"slug": missing[0][:60]})
    return items


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(label=_("Summary"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown works."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        required=False,
        queryset=Topic.objects.order_by("kind", "name_en"),
        to_field_name="slug",
    )
    level = forms.ChoiceField(label=_("Level"), choices=Course.Level.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Course.Language.choices)
    estimated_hours = forms.IntegerField(label=_("Estimated hours"), min_value=1, max_value=500)
    cover_image = forms.ImageField(label=_("Cover image"), required=False)
    co_instructors = forms.CharField(
        label=_("Other instructors"),
        required=False,
        max_length=500,
        help_text=_("Handles separated by commas, e.g. alice, bob."),
    )
    competencies = forms.CharField(
        label=_("Competencies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What a completer reaches: one “topic-slug: level” a line, level 1 (beginner) "
            "to 4 (advanced), e.g. “machine-learning: 2”."
        ),
    )
    prerequisite_courses = forms.ModelMultipleChoiceField(
        label=_("Required courses"),
        required=False,
        queryset=Course.objects.filter(status=Course.Status.PUBLISHED).order_by("title"),
        to_field_name="slug",
    )
    requirements = forms.CharField(
        label=_("Required topic levels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Minimum evidenced levels: one “topic-slug: level” a line, level 1 to 5."),
    )
    capstone_title = forms.CharField(label=_("Capstone title"), required=False, max_length=160)
    capstone_url = forms.URLField(
        assume_scheme="https",
        label=_("Capstone link"),
        required=False,
        help_text=_("A practice competition or starter project to finish the course with."),
    )

    def clean_competencies(self) -> list[tuple[str, int]]:
        return parse_levels(self.cleaned_data["competencies"], field="competencies", top=4)

    def clean_requirements(self) -> list[tuple[str, int]]:
        return parse_levels(self.cleaned_data["requirements"], field="requirements", top=5)

    def clean_co_instructors(self) -> list[Any]:
        handles = [h.strip().lstrip("@") for h in self.cleaned_data["co_instructors"].split(",")]
        handles = [h for h in handles if h]
        users = list(get_user_model().objects.filter(handle__in=handles, is_active=True))
        missing = sorted(set(handles) - {u.handle for u in users})
        if missing:
            raise ValidationError(_("No member with the handle “%(h)s”.") % {"h": missing[0][:40]})
        return users

    @staticmethod
    def initial_for(course: Course) -> dict[str, Any]:
        return {
            **{
                name: getattr(course, name)
                for name in ("title", "summary", "description", "level", "language")
            },
            "estimated_hours": course.estimated_hours,
            "capstone_title": course.capstone_title,
            "capstone_url": course.capstone_url,
            "topics": [t.slug for t in course.topics.all()],
            "co_instructors": ", ".join(
                u.handle for u in course.instructors.all() if u.pk != course.created_by_id
            ),
            "competencies": "\n".join(
                f"{c.topic.slug}: {c.level}" for c in course.competencies.all()
            ),
            "requirements": "\n".join(
                f"{r.topic.slug}: {r.min_level}" for r in course.topic_requirements.all()
            ),
            "prerequisite_courses": [c.slug for c in course.prerequisite_courses.all()],
        }


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Module title"), max_length=160)


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Lesson title"), max_length=160)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=60_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown with ```python code blocks``` and $math$."),
    )
    video_url = forms.URLField(
        assume_scheme="https",
        label=_("Video link"),
        required=False,
        help_text=_("YouTube or Bilibili."),
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated minutes"), min_value=1, max_value=600, initial=10
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("File title"), max_length=160, required=False)
    file = forms.FileField(label=_("File"))


class QuizForm(forms.Form):
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=1, max_value=100, initial=70)
    max_attempts = forms.IntegerField(
        label=_("Attempts allowed"),
        min_value=0,
        max_value=100,
        initial=3,
        help_text=_("0 means unlimited."),
    )
    shuffle = forms.BooleanField(label=_("Shuffle questions and choices"), required=False)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Question.Kind.choices)
    prompt = forms.CharField(
        label=_("Question"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line; mark correct ones with [x]; add feedback after |, e.g. "
            "“[x] Gradient descent | Right: it follows the negative gradient”."
        ),
    )
    numeric_answer = forms.CharField(label=_("Correct number"), required=False, max_length=40)
    tolerance = forms.DecimalField(
        label=_("Tolerance (±)"), required=False, min_value=0, max_digits=20, decimal_places=6
    )
    text_answers = forms.CharField(
        label=_("Accepted answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line: exact answers, or regular expressions matching the whole answer."),
    )
    text_mode = forms.ChoiceField(
        label=_("Short text grading"), choices=Question.TextMode.choices, required=False
    )
    case_sensitive = forms.BooleanField(label=_("Case sensitive"), required=False)
    explanation = forms.CharField(
        label=_("Explanation (shown once passed)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100, initial=1)


class PathForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Course.Language.choices)
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One step a line, in order: a course slug (e.g. “machine-learning-foundations”), or a "
            "practice step as “Title | https://link | note”."
        ),
    )

    def clean_steps(self) -> list[dict[str, Any]]:
        steps: list[dict[str, Any]] = []
        for line in self.cleaned_data["steps"].splitlines():
            line = line.strip()
            if not line:
                continue
            if "|" in line:
                title, url, *rest = [part.strip() for part in line.split("|")]
                if not url.startswith(("https://", "http://")):
                    raise ValidationError(
                        _("“%(line)s”: give the practice step's link after the title.")
                        % {"line": line[:60]}
                    )
                steps.append(
                    {"title": title[:160], "url": url, "note": (rest[0] if rest else "")[:300]}
                )
                continue
            course = Course.objects.filter(slug=line, status=Course.Status.PUBLISHED).first()
            if course is None:
                raise ValidationError(_("No published course “%(slug)s”.") % {"slug": line[:60]})
            steps.append({"course": course})
        if not steps:
            raise ValidationError(_("Add at least one step."))
        return steps


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class FilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    topic = forms.SlugField(required=False, max_length=60)
    level = forms.ChoiceField(required=False, choices=[("", "")] + list(Course.Level.choices))
    language = forms.ChoiceField(required=False, choices=[("", "")] + list(Course.Language.choices))


COMPETENCY_LEVELS = Competency.Level
