from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import Topic
from aitalent.knowledge.models import Resource


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Resource.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=400,
        required=False,
        help_text=_("One or two sentences shown in lists and search."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown, ```code``` and $math$ work. Required for articles and tutorials."),
    )
    url = forms.URLField(
        assume_scheme="https",
        label=_("Link"),
        required=False,
        max_length=500,
        help_text=_(
            "For videos (YouTube or Bilibili), papers, datasets, repositories and notebooks."
        ),
    )
    arxiv_id = forms.CharField(label=_("arXiv id"), required=False, max_length=30)
    doi = forms.CharField(label=_("DOI"), required=False, max_length=200)
    authors = forms.CharField(label=_("Authors"), required=False, max_length=500)
    venue = forms.CharField(label=_("Venue"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics and domains"),
        required=False,
        queryset=Topic.objects.order_by("kind", "name_en"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Up to 6."),
    )
    difficulty = forms.ChoiceField(label=_("Level"), choices=Resource.Difficulty.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    publish = forms.BooleanField(
        label=_("Publish now (otherwise saved as a draft)"), required=False, initial=True
    )

    def clean_topics(self) -> Any:
        topics = self.cleaned_data["topics"]
        if len(topics) > 6:
            raise forms.ValidationError(_("Choose at most 6 topics and domains."))
        return topics


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)


class CollectionAddForm(forms.Form):
    collection = forms.SlugField(max_length=170)
    note = forms.CharField(max_length=300, required=False)
