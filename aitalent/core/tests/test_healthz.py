from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateWorker

pytestmark = pytest.mark.django_db


def _add_worker(seconds_ago: int) -> None:
    # The model is read-only for the app; the worker itself writes this table.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (%s)",
            [timezone.now() - timedelta(seconds=seconds_ago)],
        )


def test_it_reports_database_ok_and_worker_down_without_workers(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["worker"] == "down"


def test_it_reports_a_live_worker(client) -> None:
    _add_worker(seconds_ago=5)
    body = client.get("/healthz").json()
    assert body == body | {"status": "ok", "database": "ok", "worker": "ok", "workers": 1}
    assert ProcrastinateWorker.objects.count() == 1


def test_a_stale_heartbeat_is_down(client) -> None:
    _add_worker(seconds_ago=600)
    assert client.get("/healthz").json()["worker"] == "down"


def test_it_answers_503_when_the_database_is_unreachable(client, monkeypatch) -> None:
    from aitalent.core import health

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
