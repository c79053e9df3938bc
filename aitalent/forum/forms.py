from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import Topic
from aitalent.forum.models import Category


class ThreadForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        min_length=8,
        help_text=_(
            "A specific question or statement, "
            "e.g. “Why does my LoRA fine-tune diverge after 2 epochs?”"
        ),
    )
    body = forms.CharField(
        label=_("Details"),
        max_length=30_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown, ```code``` and $math$ work. Mention people with @handle."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        required=False,
        queryset=Topic.objects.order_by("kind", "name_en"),
        help_text=_("Up to 5 skills or domains."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories

    def clean_topics(self) -> Any:
        topics = self.cleaned_data["topics"]
        if len(topics) > 5:
            raise forms.ValidationError(_("Choose at most 5 topics."))
        return topics


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=30_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown, ```code``` and $math$ work. Mention people with @handle."),
    )


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), max_length=30_000, widget=forms.Textarea(attrs={"rows": 10})
    )


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(
        choices=[("1", "up"), ("-1", "down"), ("0", "withdraw")], coerce=int
    )


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ["lock", "unlock", "pin", "unpin", "close", "reopen", "duplicate"]]
    )
    duplicate_of = forms.CharField(
        required=False, max_length=220, help_text=_("The original thread's address or slug.")
    )


class TopicForm(forms.Form):
    name_en = forms.CharField(
        label=_("Name (English)"),
        max_length=120,
        help_text=_("As people search for it, e.g. “Graph neural networks”."),
    )
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Topic.Kind.choices, initial=Topic.Kind.SKILL)
    parent = forms.ModelChoiceField(
        label=_("Broader topic"),
        queryset=Topic.objects.order_by("kind", "name_en"),
        to_field_name="slug",
        required=False,
        help_text=_("Where it sits in the taxonomy, e.g. “Deep learning”."),
    )
    description_en = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea({"rows": 3})
    )
    aliases = forms.CharField(
        label=_("Aliases"),
        max_length=400,
        required=False,
        help_text=_("Other names and abbreviations, separated by commas, e.g. “GNN, GNNs”."),
    )

    def clean_aliases(self) -> list[str]:
        aliases = [a.strip() for a in self.cleaned_data["aliases"].split(",") if a.strip()]
        if len(aliases) > 10:
            raise forms.ValidationError(_("Give at most 10 aliases."))
        if any(len(a) > 60 for a in aliases):
            raise forms.ValidationError(_("Each alias must be at most 60 characters."))
        return aliases
