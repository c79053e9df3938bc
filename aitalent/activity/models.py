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
