"""Stored inputs and outputs of the recommendation jobs.

Pages never compute: they read one `SuggestionList` row per (member, surface) through its unique
index and drop entries that became invalid since the job ran. Vectors live in pgvector columns with
HNSW indexes (cosine), so "similar items" is one nearest-neighbour query.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from pgvector.django import HnswIndex, VectorField

# Text vectors: TF-IDF + truncated SVD (LSA) of this many dimensions, unit length.
EMBEDDING_DIM = 64


class Surface(models.TextChoices):
    FEED = "feed", _("For you")
    PEOPLE = "people", _("People you may know")
    MENTORS = "mentors", _("Mentors")
    COLLABORATORS = "collaborators", _("Collaborators")
    LEARNING = "learning", _("Learning next steps")
    SIMILAR = "similar", _("Similar items")


class ItemEmbedding(models.Model):
    """One candidate item of any registered source (see `sources.py`), with its text vector.

    Only items every member may see are stored (published, public or members-only, not hidden).
    """

    item_type = models.CharField(max_length=40)  # "<app>.<model>", as in activity.Interaction
    item_id = models.BigIntegerField()
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=300)
    topic_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)  # 1..5 like skill levels
    fresh_at = models.DateTimeField()
    embedding = VectorField(dimensions=EMBEDDING_DIM)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item_type", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["item_type", "item_id"], name="recs_item_once"),
        ]
        indexes = [
            HnswIndex(
                name="recs_item_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_type}:{self.item_id}"


class MemberEmbedding(models.Model):
    """A member's profile text (headline, bio, skills, domains) in the same vector space."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recs_embedding"
    )
    embedding = VectorField(dimensions=EMBEDDING_DIM)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            HnswIndex(
                name="recs_member_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"embedding of {self.user_id}"


class SuggestionList(models.Model):
    """The precomputed top-N of one surface for one member.

    `entries` is a list of {"type", "id", "score", "reason", "params", "title", "url", "label"}:
    everything a page shows, so serving is one indexed read. A reason is a code plus parameters,
    translated when rendered (see `reasons.py`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestion_lists"
    )
    surface = models.CharField(max_length=16, choices=Surface)
    entries = models.JSONField(default=list)
    is_cold_start = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["user", "surface"]
        constraints = [
            models.UniqueConstraint(fields=["user", "surface"], name="recs_list_once"),
        ]

    def __str__(self) -> str:
        return f"{self.surface} for {self.user_id}"


class Impression(models.Model):
    """A surface was shown to a member with `shown` entries (one row per render)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestion_impressions"
    )
    surface = models.CharField(max_length=16, choices=Surface)
    shown = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["surface", "created_at"], name="recs_impression_time")]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.shown} on {self.surface}"


class Click(models.Model):
    """A member followed a suggestion (logged by the redirect endpoint)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestion_clicks"
    )
    surface = models.CharField(max_length=16, choices=Surface)
    item_type = models.CharField(max_length=40)
    item_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["surface", "created_at"], name="recs_click_time")]

    def __str__(self) -> str:
        return f"{self.user_id} clicked {self.item_type}:{self.item_id} on {self.surface}"


class RefreshRun(models.Model):
    """One run of the refresh job: the incremental job starts from the last run's start time."""

    class Kind(models.TextChoices):
        FULL = "full", _("Full")
        INCREMENTAL = "incremental", _("Incremental")

    kind = models.CharField(max_length=12, choices=Kind)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    members = models.PositiveIntegerField(default=0)
    items = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["kind", "-started_at"], name="recs_run_kind_time")]

    def __str__(self) -> str:
        return f"{self.kind} run at {self.started_at:%Y-%m-%d %H:%M}"
