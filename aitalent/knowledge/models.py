from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import TimeStampedModel, Topic


class Resource(TimeStampedModel):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        TUTORIAL = "tutorial", _("Tutorial")
        VIDEO = "video", _("Video")
        PAPER = "paper", _("Paper")
        DATASET = "dataset", _("Dataset")
        REPOSITORY = "repository", _("Code repository")
        NOTEBOOK = "notebook", _("Notebook")

    class Difficulty(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    kind = models.CharField(_("type"), max_length=12, choices=Kind, default=Kind.ARTICLE)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body = models.TextField(_("text"), blank=True, max_length=100_000)
    url = models.URLField(_("link"), blank=True, max_length=500)
    arxiv_id = models.CharField(_("arXiv id"), max_length=30, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="resources")
    difficulty = models.CharField(
        _("level"), max_length=12, choices=Difficulty, default=Difficulty.BEGINNER
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="resources"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    bookmark_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="knowledge_published"),
            models.Index(fields=["status", "kind", "-published_at"], name="knowledge_kind"),
            models.Index(fields=["status", "-like_count"], name="knowledge_popular"),
            models.Index(fields=["author", "-created_at"], name="knowledge_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ResourceRevision(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400, blank=True)
    body = models.TextField(blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Revision of {self.resource_id}"


class Like(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_likes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="knowledge_like_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.resource_id}"


class Bookmark(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookmarks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_bookmarks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="knowledge_bookmark_once")
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="knowledge_bookmarks")]

    def __str__(self) -> str:
        return f"{self.user_id} bookmarked {self.resource_id}"


class Collection(TimeStampedModel):
    """A curated, ordered list mixing resources and forum threads; followable."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections"
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:collection", args=[self.slug])


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(resource__isnull=False, thread__isnull=True)
                    | models.Q(resource__isnull=True, thread__isnull=False)
                ),
                name="knowledge_item_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"Item {self.position} of {self.collection_id}"
