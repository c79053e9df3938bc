from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower


class Document(models.Model):
    """One row per searchable object, filled by services after commit (see search.services).

    `text` holds the searchable words with Chinese already segmented by jieba, so PostgreSQL's
    parser sees word boundaries; `tsv` is computed from it by `services.index()`.
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", "public"
        MEMBERS = "members", "members"

    doc_type = models.CharField(max_length=30)  # "forum.thread", "knowledge.resource", ...
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    summary = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500)
    language = models.CharField(max_length=10, blank=True)
    topics = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.PUBLIC)
    text = models.TextField(blank=True)
    tsv = SearchVectorField(null=True)
    weight = models.FloatField(default=0.0)  # popularity boost (votes, likes), log-scaled
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_doc_once"),
        ]
        indexes = [
            GinIndex(fields=["tsv"], name="search_doc_tsv"),
            GinIndex(OpClass(Lower("title"), name="gin_trgm_ops"), name="search_doc_title_trgm"),
            GinIndex(fields=["topics"], name="search_doc_topics"),
            models.Index(fields=["doc_type", "-created_at"], name="search_doc_type_time"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id} {self.title[:40]}"


class Term(models.Model):
    """The index's vocabulary (from ts_stat), for "did you mean" spelling correction.

    Trigram lookups on this small table are fast whatever the number of documents, where trigram
    similarity over every title is not (PostgreSQL's pg_trgm documentation recommends this).
    """

    term = models.CharField(max_length=60, primary_key=True)
    ndoc = models.PositiveIntegerField()

    class Meta:
        indexes = [GinIndex(OpClass("term", name="gin_trgm_ops"), name="search_term_trgm")]

    def __str__(self) -> str:
        return f"{self.term} ({self.ndoc})"
