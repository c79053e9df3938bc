from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def is_chinese() -> bool:
    return (get_language() or "en").lower().startswith("zh")


class Topic(models.Model):
    """A node of the shared vocabulary: an AI skill or an application domain."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill")
        DOMAIN = "domain", _("Domain")

    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.SKILL, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    name_en = models.CharField(max_length=120)
    name_zh = models.CharField(max_length=120)
    description_en = models.TextField(blank=True)
    description_zh = models.TextField(blank=True)
    aliases = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, related_name="unlocks", blank=True
    )
    # Empty for the shipped taxonomy; set for topics members with the privilege added.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_topics",
    )
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "depth", "name_en"]
        indexes = [GinIndex(fields=["aliases"], name="core_topic_aliases_gin")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:topic-detail", args=[self.slug])

    @property
    def name(self) -> str:
        return self.name_zh if is_chinese() and self.name_zh else self.name_en

    @property
    def description(self) -> str:
        return self.description_zh if is_chinese() and self.description_zh else self.description_en
