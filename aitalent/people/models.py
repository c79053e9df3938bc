from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import TimeStampedModel, Topic
from aitalent.core.visibility import Visibility


class Profile(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    headline = models.CharField(_("headline"), max_length=140, blank=True)
    bio = models.TextField(_("about"), blank=True, max_length=5000)
    country = models.CharField(_("country"), max_length=2, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    visibility = models.CharField(
        _("who can see my profile"), max_length=12, choices=Visibility, default=Visibility.PUBLIC
    )
    is_open_to_mentoring = models.BooleanField(_("open to mentoring others"), default=False)
    is_open_to_collaboration = models.BooleanField(_("open to collaboration"), default=True)
    is_looking_for_mentor = models.BooleanField(_("looking for a mentor"), default=False)
    domains = models.ManyToManyField(
        Topic, blank=True, related_name="profiles", limit_choices_to={"kind": Topic.Kind.DOMAIN}
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Profile of {self.user}"


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

    class Meta:
        ordering = ["-level", "topic__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "topic"], name="people_skill_once"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="people_skill_level_range"
            ),
        ]
        indexes = [models.Index(fields=["topic", "level"], name="people_skill_topic_level")]

    def __str__(self) -> str:
        return f"{self.topic} ({self.level})"
