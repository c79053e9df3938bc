"""Analytics writes only its own summary tables (aggregation.py); here: member data hooks."""

from __future__ import annotations

from typing import Any

from aitalent.analytics.models import NetworkSnapshot

LISTS = ("connectors", "bridges", "newcomers")


def export_member(user: Any) -> dict[str, Any]:
    """Where the newest network snapshot names this member (staff action lists)."""
    snap = NetworkSnapshot.objects.first()
    if snap is None:
        return {"network_lists": []}
    return {
        "network_lists": [
            name
            for name in LISTS
            if any(item.get("user_id") == user.pk for item in getattr(snap, name))
        ]
    }


def erase_member(user: Any) -> None:
    """Drop the member from every stored list; counts are anonymous and stay."""
    for snap in NetworkSnapshot.objects.all():
        changed = []
        for name in LISTS:
            items = getattr(snap, name)
            kept = [item for item in items if item.get("user_id") != user.pk]
            if len(kept) != len(items):
                setattr(snap, name, kept)
                changed.append(name)
        if changed:
            snap.save(update_fields=changed)
