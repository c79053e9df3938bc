"""Background jobs run by a real procrastinate worker against the test database."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from aitalent.core import tasks

# serialized_rollback: a transactional test flushes tables, including the migrated topics.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@app.task(queue="test", retry=2, name="aitalent.tests.always_fails")
def always_fails() -> None:
    raise RuntimeError("boom")


def run_worker(queues: list[str]) -> None:
    """Run a real worker until the queues are empty, in its own thread and event loop.

    (A browser test's Playwright loop may still be running in the main thread.)
    """
    errors: list[BaseException] = []

    def target() -> None:
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    queues=queues, wait=False, install_signal_handlers=False, listen_notify=False
                )
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "worker did not finish"
    if errors:
        raise errors[0]


def test_periodic_jobs_are_registered_with_cron() -> None:
    periodic = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic["aitalent.core.tasks.clear_expired_sessions"] == "17 3 * * *"
    assert "aitalent.core.tasks.remove_old_jobs" in periodic


def test_a_worker_runs_a_deferred_job() -> None:
    Session.objects.create(
        session_key="old", session_data="x", expire_date=timezone.now() - timedelta(days=1)
    )
    Session.objects.create(
        session_key="fresh", session_data="x", expire_date=timezone.now() + timedelta(days=1)
    )
    job_id = tasks.clear_expired_sessions.defer(timestamp=0)
    run_worker(["maintenance"])
    assert list(Session.objects.values_list("session_key", flat=True)) == ["fresh"]
    assert ProcrastinateJob.objects.get(id=job_id).status == "succeeded"


def test_a_crashing_job_is_retried_and_its_failure_is_visible() -> None:
    job_id = always_fails.defer()
    for _ in range(5):  # each pass takes the jobs due now; a retry is due right after a failure
        run_worker(["test"])
        job = ProcrastinateJob.objects.get(id=job_id)
        if job.status != "todo":
            break
    assert job.status == "failed"
    assert job.attempts == 3
