from django.conf import settings
from django.db import models


class Interaction(models.Model):
    """One row of the append-only signal log: `actor` did `verb` to (target_type, target_id).

    Written only by `activity.services.record()`; read by recommendations, reputation, analytics.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interactions"
    )
    verb = models.CharField(max_length=40)
    target_type = models.CharField(max_length=40)  # "<app>.<model>", e.g. "forum.question"
    target_id = models.BigIntegerField()
    weight = models.FloatField(default=1.0)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["actor", "-created_at"], name="activity_by_actor_time"),
            models.Index(
                fields=["target_type", "target_id", "-created_at"], name="activity_by_target"
            ),
            models.Index(fields=["verb", "-created_at"], name="activity_by_verb_time"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} {self.target_type}:{self.target_id}"


class ReputationEvent(models.Model):
    """Why a member's reputation changed. `source` makes each cause count once (and be undone)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_events"
    )
    category = models.CharField(max_length=20)  # discussion | resources | competitions | courses
    reason = models.CharField(max_length=40)
    points = models.IntegerField()
    source = models.CharField(max_length=120)
    is_capped = models.BooleanField(default=True)  # counts toward the daily cap
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "source"], name="activity_rep_once"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="activity_rep_user_time")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.points:+d} {self.reason}"


class Reputation(models.Model):
    """Running total per member and category (tiers are per category, Kaggle style)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputations"
    )
    category = models.CharField(max_length=20)
    points = models.IntegerField(default=0)

    class Meta:
        ordering = ["-points"]
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="activity_rep_category"),
        ]
        indexes = [models.Index(fields=["category", "-points"], name="activity_rep_board")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.category}: {self.points}"
