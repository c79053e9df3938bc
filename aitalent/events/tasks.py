from __future__ import annotations

from datetime import UTC, datetime

from procrastinate.contrib.django import app

from aitalent.events import services


@app.periodic(cron="*/5 * * * *")
@app.task(queue="default", retry=3, queueing_lock="events_send_reminders")
def send_reminders(timestamp: int) -> None:
    # Idempotent: each reminder has a notification key per event and lead time.
    services.send_reminders(now=datetime.fromtimestamp(timestamp, tz=UTC))


@app.periodic(cron="*/5 * * * *")
@app.task(queue="default", retry=3, queueing_lock="events_expire_offers")
def expire_offers(timestamp: int) -> None:
    services.expire_offers(now=datetime.fromtimestamp(timestamp, tz=UTC))
