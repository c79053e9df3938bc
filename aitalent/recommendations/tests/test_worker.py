"""The refresh jobs run in a real procrastinate worker (queue "recommendations")."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections
from procrastinate.contrib.django import app

from aitalent.recommendations import tasks
from aitalent.recommendations.models import RefreshRun, SuggestionList, Surface
from aitalent.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker() -> None:
    errors: list[BaseException] = []

    def target() -> None:
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    queues=["recommendations"],
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
    thread.join(timeout=300)
    assert not thread.is_alive(), "worker did not finish"
    if errors:
        raise errors[0]


def test_the_incremental_job_runs_in_a_worker(topics, alice):
    author = f.member("author", ("natural-language-processing", 4))
    f.resource(author, "Tokenizers explained", "natural-language-processing")
    f.ProfileSkill.objects.create(
        profile=alice.profile,
        topic=f.Topic.objects.get(slug="natural-language-processing"),
        level=2,
    )
    # Jobs other tests left queued (periodic ones hold queueing locks) would refuse these.
    with connections["default"].cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    tasks.refresh_incremental.defer(timestamp=int(time.time()))
    tasks.refresh_full.defer(timestamp=int(time.time()))
    run_worker()
    assert set(RefreshRun.objects.values_list("kind", flat=True)) == {"full", "incremental"}
    feed = SuggestionList.objects.get(user=alice, surface=Surface.FEED)
    assert [e["title"] for e in feed.entries] == ["Tokenizers explained"]
