"""Race-free quota and exactly-once scoring after a killed worker (real PostgreSQL, real worker)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from aitalent.competitions import selectors, services, tasks
from aitalent.competitions.models import Submission
from aitalent.competitions.tests.conftest import answers, make_competition, submission_csv
from aitalent.competitions.tests.test_api_journey import run_worker
from conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _host() -> object:
    host = make_member("hank@example.com", "hank", "Hank Host")
    return services.grant_host_permission(user=host)


def test_twenty_concurrent_submissions_at_quota_minus_one_accept_exactly_one() -> None:
    competition = make_competition(_host(), daily_limit=5)
    alice = make_member("alice@example.com", "alice", "Alice")
    services.join(competition=competition, user=alice, accept_rules=True)
    content = submission_csv(*answers(competition))
    for _ in range(4):
        services.submit(competition=competition, user=alice, content=content)
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            barrier.wait()
            services.submit(competition=competition, user=alice, content=content)
            result = "accepted"
        except Exception as exc:  # noqa: BLE001 - counted below
            result = type(exc).__name__
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("accepted") == 1
    assert outcomes.count("ValidationError") == 19
    team = alice.competition_entries.get().team
    assert Submission.objects.filter(team=team).count() == 5
    assert selectors.quota(competition=competition, team=team)["left"] == 0


def test_a_job_of_a_killed_worker_is_retried_and_scores_once() -> None:
    competition = make_competition(_host())
    alice = make_member("alice@example.com", "alice", "Alice")
    services.join(competition=competition, user=alice, accept_rules=True)
    submission = services.submit(
        competition=competition, user=alice, content=submission_csv(*answers(competition))
    )
    job = ProcrastinateJob.objects.get(
        task_name="aitalent.competitions.score_submission",
        args__submission_id=submission.pk,
        status="todo",
    )
    # A worker claimed the job, marked the submission SCORING, then was killed (kill -9):
    # its heartbeat stops, the job stays "doing".
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) "
            "VALUES (NOW() - INTERVAL '10 minutes') RETURNING id"
        )
        worker_id = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s, attempts = 1 "
            "WHERE id = %s",
            [worker_id, job.id],
        )
    Submission.objects.filter(pk=submission.pk).update(status="scoring", attempts=1)

    ProcrastinateJob.objects.filter(queueing_lock="competitions_retry_stalled").delete()
    tasks.retry_stalled_scoring.defer(timestamp=0)
    run_worker(["scoring"])  # the periodic retry puts the job back; the worker then scores
    run_worker(["scoring"])
    submission.refresh_from_db()
    assert submission.status == "scored" and submission.public_score == 1.0
    assert submission.attempts == 2
    job.refresh_from_db()
    assert job.status == "succeeded"
    rows = selectors.leaderboard(competition, private=False)
    assert len(rows) == 1 and rows[0].entries == 1
    # a duplicate job for the same submission changes nothing
    tasks.score_submission.defer(submission_id=submission.pk)
    run_worker(["scoring"])
    submission.refresh_from_db()
    assert submission.attempts == 2 and Submission.objects.count() == 1


def test_the_periodic_job_finalizes_ended_competitions() -> None:
    host = _host()
    competition = make_competition(host)
    alice = make_member("alice@example.com", "alice", "Alice")
    services.join(competition=competition, user=alice, accept_rules=True)
    services.score_submission(
        submission_id=services.submit(
            competition=competition, user=alice, content=submission_csv(*answers(competition))
        ).pk
    )
    type(competition).objects.filter(pk=competition.pk).update(
        ends_at=timezone.now() - timedelta(minutes=1), entry_deadline_at=competition.starts_at
    )
    # jobs are not Django-managed tables: a job left by an earlier test would hold the lock
    ProcrastinateJob.objects.filter(queueing_lock="competitions_finalize_due").delete()
    tasks.finalize_due.defer(timestamp=0)
    run_worker(["default"])
    competition.refresh_from_db()
    assert competition.finalized_at is not None
    assert alice.competition_entries.get().team.medal == "gold"
