from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from aitalent.notifications import services
from aitalent.notifications.models import DigestRun, Notification

pytestmark = pytest.mark.django_db


def replies(alice, actor, n, start=0):
    for i in range(start, start + n):
        services.notify(
            recipients=[alice],
            verb="tests.replied",
            actor=actor,
            context={"title": f"thread {i}"},
            key=f"reply-{i}",
        )


def test_digest_arrives_at_8_local_time_once_per_day_in_language(alice, mallory) -> None:
    alice.timezone, alice.language = "Asia/Shanghai", "zh-hans"
    alice.save()
    replies(alice, mallory, 3)
    Notification.objects.update(created_at=datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    # 23:00 UTC is 07:00 in Shanghai: not yet.
    assert services.send_due_digests(now=datetime(2026, 11, 23, 23, 5, tzinfo=UTC)) == 0
    # 00:05 UTC is 08:05 in Shanghai: due.
    at = datetime(2026, 11, 24, 0, 5, tzinfo=UTC)
    assert services.send_due_digests(now=at) == 1
    assert services.send_due_digests(now=at) == 0  # the hourly job ran twice: still one e-mail
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "每日摘要" in message.subject
    assert all(f"thread {i}" in message.body for i in range(3))
    assert DigestRun.objects.get(user=alice).period == "2026-11-24"
    assert not Notification.objects.filter(digested_at__isnull=True).exists()


def test_next_day_brings_only_new_items(alice, mallory) -> None:
    replies(alice, mallory, 2)
    Notification.objects.update(created_at=datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    services.send_due_digests(now=datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    replies(alice, mallory, 1, start=10)
    Notification.objects.filter(digested_at__isnull=True).update(
        created_at=datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    )
    assert services.send_due_digests(now=datetime(2026, 11, 25, 8, 0, tzinfo=UTC)) == 1
    assert len(mail.outbox) == 2
    assert "thread 10" in mail.outbox[1].body and "thread 0" not in mail.outbox[1].body


def test_weekly_digest_waits_for_monday(alice, mallory) -> None:
    services.notify(recipients=[alice], verb="tests.mentioned", actor=mallory)
    Notification.objects.update(created_at=datetime(2026, 11, 20, tzinfo=UTC))
    sunday = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    assert services.send_due_digests(now=sunday) == 0
    assert services.send_due_digests(now=sunday + timedelta(days=1)) == 1
    assert "weekly" in mail.outbox[0].subject.lower()


def test_paused_email_sends_no_digest(alice, mallory) -> None:
    replies(alice, mallory, 1)
    services.set_preference(user=alice, verb=services.ALL_EMAIL, email="off")
    Notification.objects.update(created_at=datetime(2026, 11, 23, tzinfo=UTC))
    assert services.send_due_digests(now=datetime(2026, 11, 24, 8, 0, tzinfo=UTC)) == 0
    assert mail.outbox == []
