from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aitalent.competitions import scoring
from aitalent.core.models import TimeStampedModel, Topic

METRIC_CHOICES = [(m.name, _(m.label)) for m in scoring.METRICS.values()]  # noqa: INT001


def _secret() -> str:
    return secrets.token_hex(16)


class Competition(TimeStampedModel):
    """A hosted challenge. The ground truth lives in private storage (see storage.py)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can join")
        INVITE = "invite", _("Invite-only: e-mail or domain allow-list")
        APPROVAL = "approval", _("Registration with host approval")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="hosted_competitions",
    )
    summary = models.CharField(_("one-line summary"), max_length=240, blank=True)
    overview = models.TextField(_("overview"), max_length=20_000, blank=True)
    data_description = models.TextField(_("data description"), max_length=20_000, blank=True)
    evaluation_description = models.TextField(_("evaluation"), max_length=20_000, blank=True)
    rules = models.TextField(_("rules"), max_length=20_000)
    prizes = models.TextField(_("prizes"), max_length=5_000, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="competitions")
    starts_at = models.DateTimeField(_("start"))
    entry_deadline_at = models.DateTimeField(_("entry and team-merge deadline"))
    ends_at = models.DateTimeField(_("end"), db_index=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )
    allow_list = models.TextField(
        _("allowed e-mails or domains"),
        blank=True,
        max_length=5_000,
        help_text=_("One per line: alice@example.com or @example.edu"),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # evaluation
    metric = models.CharField(_("metric"), max_length=20, choices=METRIC_CHOICES)
    k = models.PositiveSmallIntegerField(_("K for MAP@K / NDCG@K"), default=10)
    id_column = models.CharField(_("id column"), max_length=60, default="id")
    target_column = models.CharField(_("target column"), max_length=60, default="target")
    public_fraction = models.FloatField(_("public share of the test set"), default=0.3)
    split_secret = models.CharField(max_length=64, default=_secret, editable=False)
    score_precision = models.PositiveSmallIntegerField(_("decimals shown"), default=5)
    daily_limit = models.PositiveSmallIntegerField(_("submissions per team per day"), default=5)
    total_limit = models.PositiveIntegerField(
        _("submissions per team in total"), null=True, blank=True
    )
    max_team_size = models.PositiveSmallIntegerField(_("maximum team size"), default=5)
    max_upload_mb = models.PositiveSmallIntegerField(_("maximum submission size (MB)"), default=50)
    # the ground truth: a storage name in the private store, never under MEDIA_ROOT
    truth_name = models.CharField(max_length=300, blank=True, editable=False)
    truth_rows = models.PositiveIntegerField(default=0)
    expected_columns = models.JSONField(default=list, blank=True)
    participant_count = models.PositiveIntegerField(default=0)
    team_count = models.PositiveIntegerField(default=0)
    finalized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-ends_at"]
        permissions = [("host_competition", "Can host competitions")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="competitions_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(public_fraction__gt=0) & models.Q(public_fraction__lt=1),
                name="competitions_public_fraction_between_0_and_1",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "ends_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("competitions:detail", args=[self.slug])

    @property
    def metric_spec(self) -> scoring.Metric:
        return scoring.METRICS[self.metric]

    @property
    def metric_label(self) -> str:
        return gettext(self.metric_spec.label)

    @property
    def higher_is_better(self) -> bool:
        return self.metric_spec.higher_is_better

    def has_started(self, now: object = None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now: object = None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    def is_open(self, now: object = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at  # type: ignore[operator]

    @property
    def is_revealed(self) -> bool:
        """The private leaderboard is public once the competition has ended."""
        return self.has_ended()


class DataFile(TimeStampedModel):
    """A downloadable file (training data, test inputs, sample submission) in private storage."""

    class Kind(models.TextChoices):
        TRAIN = "train", _("Training data")
        TEST = "test", _("Test inputs")
        SAMPLE = "sample", _("Sample submission")
        OTHER = "other", _("Other")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.OTHER)
    name = models.CharField(max_length=120)
    storage_name = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="competitions_file_once")
        ]

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=80)
    member_count = models.PositiveSmallIntegerField(default=0)
    submission_count = models.PositiveIntegerField(default=0)  # successful or pending
    public_rank = models.PositiveIntegerField(null=True, blank=True)
    private_rank = models.PositiveIntegerField(null=True, blank=True)
    medal = models.CharField(max_length=8, blank=True)
    write_up_url = models.URLField(_("write-up link"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="competitions_team_name")
        ]

    def __str__(self) -> str:
        return self.name


class Participant(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Participating")
        PENDING = "pending", _("Waiting for the host's approval")

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competition_entries"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    accepted_rules_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "user"], name="competitions_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.competition_id}"


class MergeRequest(TimeStampedModel):
    """`source` joins `target`: an invitation (sent by target) or a request (sent by source)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="merge_requests"
    )
    source = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="outgoing_merges")
    target = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="incoming_merges")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="competition_merge_requests",
    )
    is_invitation = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"],
                condition=models.Q(status="pending"),
                name="competitions_one_pending_merge",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.target_id}"


class Submission(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SCORING = "scoring", _("Scoring")
        SCORED = "scored", _("Scored")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="submissions"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="submissions"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="competition_submissions",
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    file_name = models.CharField(max_length=200)
    storage_name = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    public_score = models.FloatField(null=True, blank=True)
    private_score = models.FloatField(null=True, blank=True)
    error_template = models.TextField(blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    is_final = models.BooleanField(default=False)
    is_late = models.BooleanField(default=False)  # after the end: scored, never ranked
    is_host = models.BooleanField(default=False)  # host or staff: scored, never ranked
    is_baseline = models.BooleanField(default=False)  # host's baseline row, shown unranked
    attempts = models.PositiveSmallIntegerField(default=0)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["competition", "status", "public_score"]),
            models.Index(fields=["team", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"

    @property
    def error(self) -> str:
        if not self.error_template:
            return ""
        try:
            return gettext(self.error_template) % self.error_params
        except (KeyError, TypeError, ValueError):
            return self.error_template % self.error_params

    @property
    def is_ranked(self) -> bool:
        return not (self.is_late or self.is_host or self.is_baseline)

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.SCORING)
