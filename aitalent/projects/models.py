"""Projects with needed roles, teams, work tracking and resource offers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import TimeStampedModel, Topic


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    FORMING = "forming", _("Forming team")
    BUILDING = "building", _("Building")
    PILOT = "pilot", _("Pilot")
    LAUNCHED = "launched", _("Launched")


STAGE_ORDER = [s.value for s in Stage]


class Project(TimeStampedModel):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Signed-in members")
        PRIVATE = "private", _("Private to the team")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    pitch = models.CharField(_("one-line pitch"), max_length=200)
    problem = models.TextField(_("problem"), blank=True, max_length=5_000)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    media_links = ArrayField(
        models.URLField(max_length=300), default=list, blank=True, size=8, verbose_name=_("media")
    )
    repository_url = models.URLField(_("repository"), max_length=300, blank=True)
    demo_url = models.URLField(_("demo"), max_length=300, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="projects")
    domains = models.ManyToManyField(
        Topic, blank=True, related_name="domain_projects", limit_choices_to={"kind": "domain"}
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage, default=Stage.IDEA)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )
    organisation = models.CharField(_("owner organisation"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    # The team's working window: 09:00–17:00 in this zone (timezone overlap of candidates).
    timezone = models.CharField(_("team time zone"), max_length=64, default="UTC")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="created_projects",
    )
    open_role_count = models.PositiveSmallIntegerField(default=0)
    member_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-updated_at", "id"]
        indexes = [
            models.Index(fields=["visibility", "stage"], name="projects_visible_stage"),
            models.Index(fields=["visibility", "-updated_at"], name="projects_visible_recent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.slug])

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PRIVATE

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)


class StageChange(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(max_length=10, choices=Stage)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} → {self.stage}"


class Role(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    slots = models.PositiveSmallIntegerField(
        _("people needed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("commitment (hours/week)"), default=10, validators=[MaxValueValidator(80)]
    )
    is_remote = models.BooleanField(_("remote"), default=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "project"], name="projects_role_open")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RoleSkill(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="skills")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="project_role_skills")
    min_level = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["-min_level", "id"]
        constraints = [
            models.UniqueConstraint(fields=["role", "topic"], name="projects_role_skill_once"),
            models.CheckConstraint(
                condition=models.Q(min_level__gte=1, min_level__lte=5),
                name="projects_role_skill_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} ≥ {self.min_level}"


class Membership(TimeStampedModel):
    class Kind(models.TextChoices):
        MAINTAINER = "maintainer", _("Maintainer")
        MEMBER = "member", _("Member")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.MEMBER)
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-kind", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="projects_member_once")
        ]
        indexes = [models.Index(fields=["user", "project"], name="projects_member_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.project_id} ({self.kind})"

    @property
    def is_maintainer(self) -> bool:
        return self.kind == self.Kind.MAINTAINER


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_applications"
    )
    message = models.TextField(_("message"), max_length=2_000)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "applicant"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="projects_apply_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} → role {self.role_id} ({self.status})"


class Invitation(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=2_000)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "invitee"],
                condition=models.Q(status="pending"),
                name="projects_invite_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitee_id} invited to {self.project_id} ({self.status})"


class Update(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Milestone(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("In progress")
        DONE = "done", _("Done")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.title


class Task(TimeStampedModel):
    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        DOING = "doing", _("Doing")
        DONE = "done", _("Done")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.TODO)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_tasks",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]
        indexes = [models.Index(fields=["project", "status"], name="projects_task_board")]

    def __str__(self) -> str:
        return self.title


class TimelineEntry(models.Model):
    """The project's activity timeline (what happened, shown on the project page)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="timeline")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=32)
    detail = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return f"{self.project_id}: {self.verb}"


class Offer(TimeStampedModel):
    class Kind(models.TextChoices):
        FUNDING = "funding", _("Funding")
        COMPUTE = "compute", _("Compute credits")
        DATASET = "dataset", _("Data sets")
        MENTORING = "mentoring", _("Mentoring hours")
        CLOUD = "cloud", _("Cloud credits")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_offers"
    )
    organisation = models.CharField(_("on behalf of organisation"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    amount = models.CharField(
        _("amount or quantity"),
        max_length=80,
        help_text=_("For example: USD 5,000 or 2,000 GPU hours"),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="project_offers")
    domains = models.ManyToManyField(Topic, blank=True, related_name="domain_project_offers")
    stages = ArrayField(
        models.CharField(max_length=10, choices=Stage), default=list, blank=True, size=5
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "deadline"], name="projects_offer_open")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:offer-detail", args=[self.slug])


class OfferApplication(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="applications")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="offer_applications"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.TextField(_("your case"), max_length=3_000)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "project"], name="projects_offer_apply_once")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} → offer {self.offer_id} ({self.status})"
