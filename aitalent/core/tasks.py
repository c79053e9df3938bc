"""Periodic housekeeping jobs (procrastinate). Each task calls one service or command."""

from __future__ import annotations

from django.core.management import call_command
from procrastinate import builtin_tasks
from procrastinate.contrib.django import app


@app.periodic(cron="17 3 * * *")
@app.task(queue="maintenance", queueing_lock="clear_sessions")
def clear_expired_sessions(timestamp: int) -> None:
    call_command("clearsessions")


@app.periodic(cron="27 3 * * *")
@app.task(queue="maintenance", queueing_lock="remove_old_jobs", pass_context=True)
async def remove_old_jobs(context: object, timestamp: int) -> None:
    # Finished jobs are kept a week for inspection in the admin, then dropped.
    await builtin_tasks.remove_old_jobs(context, max_hours=24 * 7, remove_failed=False)
