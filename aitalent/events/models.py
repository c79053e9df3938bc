from __future__ import annotations

import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import TimeStampedModel, Topic


class Group(TimeStampedModel):
    """A chapter, reading group or local community that organises events."""

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Anyone can join")
        APPROVAL = "approval", _("Organizers approve members")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    topics = models.ManyToManyField(Topic, blank=True, related_name="event_groups")
    city = models.CharField(_("city"), max_length=80, blank=True)
    is_online = models.BooleanField(_("online group"), default=False)
    join_policy = models.CharField(
        _("joining"), max_length=10, choices=JoinPolicy, default=JoinPolicy.OPEN
    )
    member_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:group-detail", args=[self.slug])


class GroupMembership(TimeStampedModel):
    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Member")
        PENDING = "pending", _("Waiting for approval")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_group_memberships"
    )
    role = models.CharField(max_length=10, choices=Role, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)

    class Meta:
        ordering = ["-role", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="events_group_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} ({self.role})"


class Series(TimeStampedModel):
    """Recurring events: each occurrence is its own Event with its own RSVP list."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    title = models.CharField(max_length=200)
    frequency = models.CharField(max_length=10, choices=Frequency)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="event_series",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title


class Event(TimeStampedModel):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members of the site")
        GROUP = "group", _("Group members only")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="organized_events",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    language = models.CharField(_("language"), max_length=10, default="en")
    format = models.CharField(_("format"), max_length=10, choices=Format, default=Format.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    rsvp_opens_at = models.DateTimeField(null=True, blank=True)
    rsvp_closes_at = models.DateTimeField(null=True, blank=True)
    offer_window_hours = models.PositiveSmallIntegerField(default=24)
    max_guests = models.PositiveSmallIntegerField(_("guests per member"), default=0)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="events_event_upcoming"),
            models.Index(fields=["group", "starts_at"], name="events_event_by_group"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="events_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def has_place(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        CHOICE = "choice", _("Choice")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.TEXT)
    choices = models.JSONField(default=list, blank=True)
    is_required = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class RSVP(TimeStampedModel):
    class Status(models.TextChoices):
        GOING = "going", _("Going")
        NOT_GOING = "not_going", _("Not going")
        WAITLISTED = "waitlisted", _("On the waitlist")
        OFFERED = "offered", _("Spot offered")
        REMOVED = "removed", _("Removed by the organizers")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_rsvps"
    )
    status = models.CharField(max_length=12, choices=Status)
    guests = models.PositiveSmallIntegerField(default=0)
    answers = models.JSONField(default=dict, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    is_listed = models.BooleanField(default=False)  # opted in to the "who is going" list

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="events_rsvp_once")]
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at"], name="events_rsvp_queue"),
            models.Index(fields=["status", "offer_expires_at"], name="events_rsvp_offers"),
            models.Index(fields=["user", "status"], name="events_rsvp_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} {self.event_id}"

    @property
    def seats(self) -> int:
        return 1 + self.guests


class Message(models.Model):
    """An organizer's message to attendees or the waitlist (kept for the rate limit)."""

    class Audience(models.TextChoices):
        GOING = "going", _("Attendees")
        WAITLIST = "waitlist", _("Waitlist")
        ALL = "all", _("Attendees and waitlist")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience = models.CharField(max_length=10, choices=Audience, default=Audience.GOING)
    body = models.TextField(max_length=2000)
    recipient_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Message to {self.audience} of {self.event_id}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret token of a member's personal calendar feed; a new token revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
