"""Thin periodic jobs: the nightly aggregation (procrastinate; `aitalent worker` runs them)."""

from __future__ import annotations

from datetime import UTC, datetime

from procrastinate.contrib.django import app

from aitalent.analytics import aggregation


@app.periodic(cron="47 2 * * *")
@app.task(queue="maintenance", queueing_lock="analytics_nightly")
def aggregate_nightly(timestamp: int) -> None:
    # Idempotent: recomputes the last 35 days (whole weeks and months) and the snapshots.
    aggregation.nightly(now=datetime.fromtimestamp(timestamp, tz=UTC))


@app.periodic(cron="17 * * * *")
@app.task(queue="maintenance", queueing_lock="analytics_hourly")
def aggregate_today(timestamp: int) -> None:
    """Keeps today's numbers fresh between nightly runs (no network analysis: that is nightly)."""
    day = datetime.fromtimestamp(timestamp, tz=UTC).date()
    aggregation.recompute(date_from=day, date_to=day, network=False, today=day)
