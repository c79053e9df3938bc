from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import TimeStampedModel


class EmailChannel(models.TextChoices):
    INSTANT = "instant", _("Instant e-mail")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("No e-mail")


class Notification(TimeStampedModel):
    """One thing a member should know about, shown in the bell and maybe e-mailed.

    Repeats with the same `group_key` merge into one unread row ("Ana and 4 others ...").
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=60)
    module = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    other_actor_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    count = models.PositiveIntegerField(default=1)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    url = models.CharField(max_length=500, blank=True)
    context = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=200, blank=True)
    group_key = models.CharField(max_length=200, blank=True)
    is_mention = models.BooleanField(default=False)
    email_channel = models.CharField(max_length=10, choices=EmailChannel, default=EmailChannel.OFF)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="notifications_once_per_key",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_time"),
            models.Index(
                fields=["recipient", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread",
            ),
            models.Index(
                fields=["recipient", "group_key"],
                condition=models.Q(read_at__isnull=True) & ~models.Q(group_key=""),
                name="notif_unread_group",
            ),
            models.Index(
                fields=["email_channel", "recipient"],
                condition=models.Q(emailed_at__isnull=True, digested_at__isnull=True),
                name="notif_pending_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verb} for {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A member's channel for one notification type; absent means the type's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    verb = models.CharField(max_length=60)
    email = models.CharField(max_length=10, choices=EmailChannel)
    in_app = models.BooleanField(default=True)

    class Meta:
        ordering = ["verb"]
        constraints = [
            models.UniqueConstraint(fields=["user", "verb"], name="notifications_pref_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.verb}: {self.email}"


class Watch(TimeStampedModel):
    """How closely a member follows an object (thread, topic, project, member ...)."""

    class Level(models.TextChoices):
        WATCHING = "watching", _("Watching")
        TRACKING = "tracking", _("Tracking")
        NORMAL = "normal", _("Normal")
        MUTED = "muted", _("Muted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    target_type = models.CharField(max_length=40)
    target_id = models.BigIntegerField()
    level = models.CharField(max_length=10, choices=Level, default=Level.WATCHING)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"], name="notifications_watch_once"
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id", "level"], name="watch_by_target"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} {self.target_type}:{self.target_id}"


class DigestRun(models.Model):
    """One row per member, frequency and period: the guarantee that a digest is sent once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_runs"
    )
    frequency = models.CharField(max_length=10, choices=EmailChannel)
    period = models.CharField(max_length=20)  # local date "2026-11-24" or ISO week "2026-W48"
    item_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period"], name="notifications_digest_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest {self.period} for {self.user_id}"


class Announcement(TimeStampedModel):
    class Audience(models.TextChoices):
        ALL = "all", _("All members")
        TOPIC = "topic", _("Followers of a topic or domain")
        OBJECT = "object", _("Members of an object")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="announcements"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), max_length=20_000)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience, default=Audience.ALL
    )
    audience_type = models.CharField(max_length=40, blank=True)
    audience_id = models.BigIntegerField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
