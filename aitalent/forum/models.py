from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import TimeStampedModel, Topic, is_chinese

# Where an in-context thread lives: "knowledge.resource" -> fn(context_id) -> URL of its page.
CONTEXT_URLS: dict[str, object] = {}
# Who may read an in-context thread: "projects.project" -> fn(viewer, context_id) -> bool. Types
# without a checker are readable wherever their category is (public objects).
CONTEXT_ACCESS: dict[str, object] = {}


class Category(TimeStampedModel):
    class Mode(models.TextChoices):
        QA = "qa", _("Questions and answers")
        DISCUSSION = "discussion", _("Discussion")

    slug = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField(max_length=80)
    name_zh = models.CharField(max_length=80, blank=True)
    description_en = models.CharField(max_length=300, blank=True)
    description_zh = models.CharField(max_length=300, blank=True)
    mode = models.CharField(max_length=12, choices=Mode, default=Mode.QA)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_members_only = models.BooleanField(default=False)
    is_context = models.BooleanField(
        default=False, help_text="Holds the in-context threads of resources, events, projects ..."
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="moderated_categories"
    )
    thread_count = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="forum_category_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if is_chinese() and self.name_zh else self.name_en

    @property
    def description(self) -> str:
        return self.description_zh if is_chinese() and self.description_zh else self.description_en

    def get_absolute_url(self) -> str:
        return reverse("forum:category", args=[self.slug])


class Thread(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        DUPLICATE = "duplicate", _("Closed as duplicate")

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_threads"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="forum_threads")
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    accepted_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.IntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField()
    # In-context threads: the object a thread discusses ("knowledge.resource", 42).
    context_type = models.CharField(max_length=40, blank=True)
    context_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["context_type", "context_id"],
                condition=~models.Q(context_type=""),
                name="forum_one_thread_per_context",
            ),
        ]
        indexes = [
            models.Index(
                fields=["category", "-is_pinned", "-last_activity_at"], name="forum_thread_activity"
            ),
            models.Index(fields=["category", "-score"], name="forum_thread_votes"),
            models.Index(fields=["category", "-created_at"], name="forum_thread_newest"),
            models.Index(fields=["-last_activity_at"], name="forum_thread_latest"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        resolver = CONTEXT_URLS.get(self.context_type) if self.context_type else None
        if resolver is not None and self.context_id is not None:
            return f"{resolver(self.context_id)}#discussion"  # type: ignore[operator]
        return reverse("forum:thread", args=[self.slug])

    @property
    def is_question(self) -> bool:
        return self.category.mode == Category.Mode.QA and not self.context_type

    @property
    def is_solved(self) -> bool:
        return self.accepted_post_id is not None


class Post(TimeStampedModel):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )
    body = models.TextField(_("text"), max_length=30_000)
    is_opening = models.BooleanField(default=False)
    is_accepted = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)
    score = models.IntegerField(default=0)
    edit_count = models.PositiveIntegerField(default=0)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=models.Q(is_opening=True),
                name="forum_one_opening_post",
            ),
            models.UniqueConstraint(
                fields=["thread"],
                condition=models.Q(is_accepted=True),
                name="forum_one_accepted_answer",
            ),
        ]
        indexes = [
            models.Index(fields=["thread", "created_at"], name="forum_post_thread_time"),
            models.Index(fields=["author", "-created_at"], name="forum_post_author_time"),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"


class PostRevision(models.Model):
    """The text before an edit: readers can see every earlier version."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Vote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_votes"
    )
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "voter"], name="forum_one_vote_per_member"),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 1]), name="forum_vote_up_or_down"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} {self.value:+d} on {self.post_id}"
