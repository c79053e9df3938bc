"""The whole path with a real worker: notify after commit -> job -> e-mail, exactly once."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connections, transaction
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from aitalent.notifications import services
from aitalent.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker() -> None:
    def target() -> None:
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    queues=["email"], wait=False, install_signal_handlers=False, listen_notify=False
                )
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=60)


def test_instant_email_goes_through_a_job_once(alice, mallory) -> None:
    # Jobs are not Django-managed tables, so earlier transactional tests may leave some behind.
    with connections["default"].cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    with transaction.atomic():
        transaction.on_commit(
            lambda: services.notify(
                recipients=[alice],
                verb="tests.poked",
                actor=mallory,
                url="/",
                context={"title": "the worker"},
                key="worker-1",
            )
        )
    assert ProcrastinateJob.objects.filter(task_name__endswith="send_instant_emails").count() == 1
    run_worker()
    assert len(mail.outbox) == 1 and "the worker" in mail.outbox[0].subject
    row = Notification.objects.get()
    assert row.emailed_at is not None
    # The job is retried (e.g. the worker died after sending): nothing is sent again.
    services.send_instant_email(notification_id=row.pk)
    assert len(mail.outbox) == 1
