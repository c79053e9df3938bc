from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import TimeStampedModel, Topic
from aitalent.core.visibility import Visibility
from aitalent.people import validators


class Profile(TimeStampedModel):
    class MessagePolicy(models.TextChoices):
        CONNECTIONS = "connections", _("My connections only")
        TRUSTED = "trusted", _("Members with trust (joined a week ago, have a connection)")
        ANYONE = "anyone", _("Any member")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    headline = models.CharField(_("headline"), max_length=140, blank=True)
    bio = models.TextField(_("about"), blank=True, max_length=5000)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        db_index=True,
        validators=[validators.validate_country],
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=120, blank=True, db_default="")
    # Links: stored as full URLs, each checked against the service's address pattern.
    website = models.URLField(_("website"), max_length=300, blank=True, db_default="")
    github = models.URLField(
        "GitHub",
        max_length=300,
        blank=True,
        db_default="",
        validators=[validators.validate_github],
    )
    huggingface = models.URLField(
        "Hugging Face",
        max_length=300,
        blank=True,
        db_default="",
        validators=[validators.validate_huggingface],
    )
    google_scholar = models.URLField(
        "Google Scholar",
        max_length=300,
        blank=True,
        db_default="",
        validators=[validators.validate_google_scholar],
    )
    orcid = models.CharField(
        "ORCID", max_length=19, blank=True, db_default="", validators=[validators.validate_orcid]
    )
    linkedin = models.URLField(
        "LinkedIn",
        max_length=300,
        blank=True,
        db_default="",
        validators=[validators.validate_linkedin],
    )
    languages = ArrayField(
        models.CharField(max_length=8),
        verbose_name=_("languages I speak"),
        default=list,
        blank=True,
        size=12,
        validators=[validators.validate_languages],
    )
    # Intent flags
    is_open_to_work = models.BooleanField(_("open to work"), default=False, db_default=False)
    is_open_to_mentoring = models.BooleanField(_("open to mentoring others"), default=False)
    is_open_to_collaboration = models.BooleanField(_("looking for collaborators"), default=True)
    is_looking_for_team = models.BooleanField(
        _("looking for a team"), default=False, db_default=False
    )
    is_looking_for_mentor = models.BooleanField(_("looking for a mentor"), default=False)
    # How many mentees a mentor takes on at once; mentor suggestions stop at capacity.
    mentoring_capacity = models.PositiveSmallIntegerField(
        _("mentees I can take on"), default=2, db_default=2, validators=[MaxValueValidator(20)]
    )
    weekly_hours = models.PositiveSmallIntegerField(
        _("weekly availability (hours)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(80)],
    )
    domains = models.ManyToManyField(
        Topic, blank=True, related_name="profiles", limit_choices_to={"kind": Topic.Kind.DOMAIN}
    )
    # Avatar: storage files <avatar_path>-<size>.webp; empty means "initial letter".
    avatar_path = models.CharField(max_length=120, blank=True, db_default="")
    # Privacy: the whole profile, then each sensitive field.
    visibility = models.CharField(
        _("who can see my profile"), max_length=12, choices=Visibility, default=Visibility.PUBLIC
    )
    email_visibility = models.CharField(
        _("who can see my e-mail address"),
        max_length=12,
        choices=Visibility,
        default=Visibility.PRIVATE,
        db_default=Visibility.PRIVATE,
    )
    location_visibility = models.CharField(
        _("who can see my location"),
        max_length=12,
        choices=Visibility,
        default=Visibility.PUBLIC,
        db_default=Visibility.PUBLIC,
    )
    organisation_visibility = models.CharField(
        _("who can see my organisation and role"),
        max_length=12,
        choices=Visibility,
        default=Visibility.PUBLIC,
        db_default=Visibility.PUBLIC,
    )
    links_visibility = models.CharField(
        _("who can see my links"),
        max_length=12,
        choices=Visibility,
        default=Visibility.PUBLIC,
        db_default=Visibility.PUBLIC,
    )
    connections_visibility = models.CharField(
        _("who can see my connections"),
        max_length=12,
        choices=Visibility,
        default=Visibility.MEMBERS,
        db_default=Visibility.MEMBERS,
    )
    activity_visibility = models.CharField(
        _("who can see my activity"),
        max_length=12,
        choices=Visibility,
        default=Visibility.MEMBERS,
        db_default=Visibility.MEMBERS,
    )
    in_directory = models.BooleanField(
        _("list me in the member directory and search"), default=True, db_default=True
    )
    in_suggestions = models.BooleanField(
        _("suggest me to others (people you may know)"), default=True, db_default=True
    )
    allow_indexing = models.BooleanField(
        _("let search engines index my profile"), default=True, db_default=True
    )
    # Off: community analytics still count me, but never name me (connector lists, newcomer lists).
    in_analytics = models.BooleanField(
        _("name me in community analytics lists (counts always include everyone)"),
        default=True,
        db_default=True,
    )
    message_policy = models.CharField(
        _("who may message me"),
        max_length=12,
        choices=MessagePolicy,
        default=MessagePolicy.TRUSTED,
        db_default=MessagePolicy.TRUSTED,
    )
    # Derived, kept by services: directory filters and sorting read them from indexes.
    utc_offset_minutes = models.SmallIntegerField(default=0, db_default=0)
    last_active_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="people_profile_search"),
            GinIndex(fields=["languages"], name="people_profile_languages"),
            models.Index(fields=["utc_offset_minutes"], name="people_profile_utc_offset"),
            models.Index(
                models.F("last_active_at").desc(nulls_last=True), name="people_profile_active"
            ),
            # The directory's most common filter, read in activity order: a country with few
            # matches no longer walks every member.
            models.Index(
                models.F("country"),
                models.F("last_active_at").desc(nulls_last=True),
                name="people_profile_country_active",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def avatar_url(self, size: int = 256) -> str:
        """Served by people:avatar (respects profile visibility); ?v= busts caches on change."""
        if not self.avatar_path:
            return ""
        from django.urls import reverse

        version = self.avatar_path.rsplit("/", 1)[-1]
        return reverse("people:avatar-image", args=[self.user.handle, size]) + f"?v={version}"

    @property
    def avatar_small(self) -> str:
        return self.avatar_url(64)

    @property
    def avatar_large(self) -> str:
        return self.avatar_url(256)


class ProfileSkill(models.Model):
    class Level(models.IntegerChoices):
        BEGINNER = 1, _("Beginner")
        ELEMENTARY = 2, _("Elementary")
        INTERMEDIATE = 3, _("Intermediate")
        ADVANCED = 4, _("Advanced")
        EXPERT = 5, _("Expert")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skills")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="profile_skills")
    level = models.PositiveSmallIntegerField(
        choices=Level,
        default=Level.INTERMEDIATE,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    years = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    how_used = models.CharField(_("how I used it"), max_length=280, blank=True, db_default="")
    # 0 = no evidence yet; recomputed by evidence.refresh_evidenced_level().
    evidenced_level = models.PositiveSmallIntegerField(default=0, db_default=0)
    evidence_score = models.FloatField(default=0.0, db_default=0.0)

    class Meta:
        ordering = ["-level", "topic__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "topic"], name="people_skill_once"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="people_skill_level_range"
            ),
        ]
        indexes = [
            models.Index(fields=["topic", "level"], name="people_skill_topic_level"),
            models.Index(fields=["topic", "evidenced_level"], name="people_skill_topic_evidence"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.level})"


class ConnectionRequest(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connection_requests_sent"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="connection_requests_received",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_user", "to_user"],
                condition=models.Q(status="pending"),
                name="people_one_pending_request",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_user=models.F("to_user")), name="people_request_not_self"
            ),
        ]
        indexes = [models.Index(fields=["to_user", "status"], name="people_request_inbox")]

    def __str__(self) -> str:
        return f"{self.from_user_id} → {self.to_user_id} ({self.status})"


class Connection(models.Model):
    """One row per direction (a↔b is stored as a→b and b→a): degree queries stay one join."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connections"
    )
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "other"], name="people_connection_once"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("other")), name="people_connection_not_self"
            ),
        ]
        indexes = [models.Index(fields=["other", "user"], name="people_connection_reverse")]

    def __str__(self) -> str:
        return f"{self.user_id} ↔ {self.other_id}"


class Follow(models.Model):
    """A one-way follow of a member or of a topic (skill or domain)."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    followee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(followee__isnull=False, topic__isnull=True)
                    | models.Q(followee__isnull=True, topic__isnull=False)
                ),
                name="people_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["follower", "followee"],
                condition=models.Q(followee__isnull=False),
                name="people_follow_member_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "topic"],
                condition=models.Q(topic__isnull=False),
                name="people_follow_topic_once",
            ),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followee")), name="people_follow_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followee_id or self.topic_id}"


class Block(models.Model):
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="people_block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="people_block_not_self"
            ),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"], name="people_block_reverse")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Report(TimeStampedModel):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or scam")
        HARASSMENT = "harassment", _("Harassment or hate")
        IMPERSONATION = "impersonation", _("Impersonation or fake profile")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports_made",
    )
    reported = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_received"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    detail = models.TextField(_("what happened"), max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Report on {self.reported_id}: {self.reason}"


class Endorsement(TimeStampedModel):
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_given"
    )
    skill = models.ForeignKey(ProfileSkill, on_delete=models.CASCADE, related_name="endorsements")
    context = models.CharField(_("context"), max_length=200, blank=True)
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["endorser", "skill"], name="people_endorse_once"),
        ]

    def __str__(self) -> str:
        return f"{self.endorser_id} endorses {self.skill_id}"
