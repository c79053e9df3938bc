from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from aitalent.activity.models import Interaction, Reputation, ReputationEvent

# Default weights of the signals recommendations learn from; a call may override.
DEFAULT_WEIGHTS = {
    "view": 0.2,
    "like": 1.0,
    "bookmark": 2.0,
    "follow": 2.0,
    "comment": 2.0,
    "answer": 3.0,
    "enroll": 3.0,
    "register": 3.0,
    "join": 3.0,
    "submit": 3.0,
    "complete": 4.0,
    "dismiss": -1.0,
}


def target_type_of(target: models.Model) -> str:
    return f"{target._meta.app_label}.{target._meta.model_name}"


def record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: int | None = None,
    weight: float | None = None,
    at: datetime | None = None,
) -> None:
    """Append a signal after the current transaction commits (never for a rolled-back action)."""
    if target is not None:
        target_type, target_id = target_type_of(target), int(target.pk)
    if not target_type or target_id is None:
        raise ValueError("record() needs a target or target_type + target_id")
    row = Interaction(
        actor_id=actor.pk,
        verb=verb[:40],
        target_type=target_type[:40],
        target_id=target_id,
        weight=DEFAULT_WEIGHTS.get(verb, 1.0) if weight is None else weight,
        created_at=at or timezone.now(),
    )
    transaction.on_commit(row.save)


def export_interactions(user: Any) -> dict[str, Any]:
    rows = Interaction.objects.filter(actor=user).values_list(
        "verb", "target_type", "target_id", "created_at"
    )[:50_000]
    return {
        "interactions": [
            {"verb": v, "target_type": t, "target_id": i, "at": at.isoformat()}
            for v, t, i, at in rows
        ],
        "reputation": list(Reputation.objects.filter(user=user).values("category", "points")),
        "reputation_events": [
            {"reason": e.reason, "points": e.points, "at": e.created_at.isoformat()}
            for e in ReputationEvent.objects.filter(user=user)[:50_000]
        ],
    }


def erase_interactions(user: Any) -> None:
    Interaction.objects.filter(actor=user).delete()
    ReputationEvent.objects.filter(user=user).delete()
    Reputation.objects.filter(user=user).delete()
