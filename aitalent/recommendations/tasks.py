"""Refresh jobs: incremental every five minutes, full nightly (procrastinate periodic tasks)."""

from __future__ import annotations

from datetime import UTC, datetime

from procrastinate.contrib.django import app

from aitalent.recommendations import services


@app.periodic(cron="*/5 * * * *")
@app.task(queue="recommendations", queueing_lock="recs_refresh_incremental")
def refresh_incremental(timestamp: int) -> None:
    # Members with new interactions, profile edits, connections or blocks since the last run.
    services.refresh_incremental(now=datetime.fromtimestamp(timestamp, tz=UTC))


@app.periodic(cron="41 2 * * *")
@app.task(queue="recommendations", queueing_lock="recs_refresh_full")
def refresh_full(timestamp: int) -> None:
    services.refresh_all()
