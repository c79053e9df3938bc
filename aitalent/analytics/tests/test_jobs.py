"""The periodic jobs run in a real worker; the recompute command takes a date range."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone
from procrastinate.contrib.django import app

from aitalent.analytics import tasks
from aitalent.analytics.models import AggregationRun, MetricValue, NetworkSnapshot
from aitalent.analytics.tests.factories import MONDAY, act, at, crowd


def run_worker() -> None:
    errors: list[BaseException] = []

    def target() -> None:
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    queues=["maintenance"],
                    wait=False,
                    install_signal_handlers=False,
                    listen_notify=False,
                )
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "worker did not finish"
    if errors:
        raise errors[0]


def test_periodic_jobs_are_registered() -> None:
    periodic = {t.task.name: t.cron for t in app.periodic_registry.periodic_tasks.values()}
    assert periodic["aitalent.analytics.tasks.aggregate_nightly"] == "47 2 * * *"
    assert periodic["aitalent.analytics.tasks.aggregate_today"] == "17 * * * *"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_runs_the_nightly_aggregation() -> None:
    users = crowd(5, joined=timezone.now().date() - timedelta(days=3))
    for user in users:
        act(user, "view", timezone.now() - timedelta(hours=1))
    tasks.aggregate_nightly.defer(timestamp=int(timezone.now().timestamp()))
    run_worker()
    today = timezone.now().date()
    assert (
        MetricValue.objects.get(
            metric="active_members", grain="day", dimension="", period_start=today
        ).value
        == 5
    )
    assert NetworkSnapshot.objects.count() == 1
    assert AggregationRun.objects.get().finished_at is not None


@pytest.mark.django_db
def test_recompute_command_for_a_range() -> None:
    users = crowd(5, joined=MONDAY - timedelta(days=3))
    for user in users:
        act(user, "view", at(MONDAY))
    out = StringIO()
    call_command(
        "recompute_analytics",
        "--from",
        MONDAY.isoformat(),
        "--to",
        MONDAY.isoformat(),
        "--no-network",
        stdout=out,
    )
    assert "Recomputed" in out.getvalue()
    assert (
        MetricValue.objects.get(
            metric="active_members", grain="week", dimension="", period_start=MONDAY
        ).value
        == 5
    )
    assert not NetworkSnapshot.objects.exists()


@pytest.mark.django_db
def test_recompute_command_rejects_bad_dates() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("recompute_analytics", "--from", "yesterday")
    with pytest.raises(CommandError, match="on or before"):
        call_command("recompute_analytics", "--from", "2026-05-02", "--to", "2026-05-01")
