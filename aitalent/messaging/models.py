from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_PARTICIPANTS = 20


class Conversation(models.Model):
    """A 1:1 or group conversation. 1:1 conversations are unique per pair (`pair_key`)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="conversations_started",
    )
    is_group = models.BooleanField(default=False)
    title = models.CharField(_("title"), max_length=120, blank=True)
    # "<low id>:<high id>" for 1:1 conversations, so a second "new message" reuses the first.
    pair_key = models.CharField(max_length=41, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"Conversation {self.pk}"


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    is_muted = models.BooleanField(default=False)
    # Kept by services so the navigation badge is one indexed SUM, not a scan of messages.
    unread_count = models.PositiveIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="messaging_member_once"),
        ]
        indexes = [
            models.Index(
                fields=["user", "unread_count"],
                condition=models.Q(left_at__isnull=True, is_muted=False, unread_count__gt=0),
                name="messaging_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    # SET_NULL: when a member deletes their account, their messages read "deleted member".
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="messages_sent",
    )
    body = models.TextField(_("message"), max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="messaging_message_time"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.conversation_id}"
