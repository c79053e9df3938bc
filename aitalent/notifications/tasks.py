from __future__ import annotations

from datetime import UTC, datetime

from procrastinate.contrib.django import app

from aitalent.notifications import services


@app.task(queue="email", retry=5)
def send_instant_emails(*, notification_ids: list[int]) -> None:
    # Each send is idempotent, so a retry after a partial batch never e-mails anyone twice.
    for notification_id in notification_ids:
        services.send_instant_email(notification_id=notification_id)


@app.periodic(cron="5 * * * *")
@app.task(queue="email", retry=3, queueing_lock="send_due_digests")
def send_due_digests(timestamp: int) -> None:
    services.send_due_digests(now=datetime.fromtimestamp(timestamp, tz=UTC))


@app.task(queue="default", retry=5)
def send_announcement(*, announcement_id: int) -> None:
    services.send_announcement(announcement_id=announcement_id)
