"""What /healthz reports: the database and whether a background worker is alive."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure to reach the database is "down"
        return False


def check_worker() -> dict[str, Any]:
    """Procrastinate workers write a heartbeat every few seconds into procrastinate_workers."""
    from procrastinate.contrib.django.models import ProcrastinateWorker

    stale = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS)
    try:
        alive = ProcrastinateWorker.objects.filter(last_heartbeat__gte=stale).count()
        last = (
            ProcrastinateWorker.objects.order_by("-last_heartbeat")
            .values_list("last_heartbeat", flat=True)
            .first()
        )
    except DatabaseError:
        return {"status": "unknown", "workers": 0, "last_heartbeat": None}
    return {
        "status": "ok" if alive else "down",
        "workers": alive,
        "last_heartbeat": last.isoformat() if last else None,
    }
