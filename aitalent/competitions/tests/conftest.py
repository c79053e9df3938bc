from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from django.utils import timezone

from aitalent.competitions import scoring, services
from aitalent.competitions.models import Competition
from conftest import make_member

CANARY = "CANARY-7f3a9c1e-do-not-leak"


@pytest.fixture
def hank(db: None) -> Any:
    """A member with the host permission (not staff)."""
    user = make_member("hank@example.com", "hank", "Hank Host")
    return services.grant_host_permission(user=user)


@pytest.fixture
def bob(db: None) -> Any:
    return make_member("bob@example.com", "bob", "Bob Builder")


def truth_rows(n: int = 100, classes: int = 3, seed: int = 0) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    y[: classes * 2] = np.tile(np.arange(classes), 2)
    return [f"t{i}" for i in range(n)], y


def truth_csv(ids: list[str], y: np.ndarray, *, canary: bool = True) -> bytes:
    header = ["id", "target", "note"] if canary else ["id", "target"]
    rows = [[i, int(v), CANARY] if canary else [i, int(v)] for i, v in zip(ids, y, strict=True)]
    return scoring.csv_bytes([header, *rows])


def submission_csv(ids: list[str], pred: np.ndarray) -> bytes:
    return scoring.csv_bytes(
        [["id", "target"], *[[i, int(v)] for i, v in zip(ids, pred, strict=True)]]
    )


def make_competition(
    host: Any,
    *,
    n: int = 100,
    metric: str = "accuracy",
    started_days: int = 3,
    ends_in_days: int = 10,
    publish: bool = True,
    **fields: Any,
) -> Competition:
    now = timezone.now()
    competition = services.create_competition(
        host=host,
        title=fields.pop("title", "Digits challenge"),
        overview="Classify things.",
        rules="Be fair. One account per person.",
        starts_at=now - timedelta(days=started_days),
        entry_deadline_at=fields.pop("entry_deadline_at", now + timedelta(days=ends_in_days - 1)),
        ends_at=now + timedelta(days=ends_in_days),
        metric=metric,
        **fields,
    )
    ids, y = truth_rows(n)
    services.set_ground_truth(competition=competition, by=host, content=truth_csv(ids, y))
    services.add_data_file(
        competition=competition,
        by=host,
        kind="test",
        name="test.csv",
        content=("id\n" + "\n".join(ids) + "\n").encode(),
    )
    if publish:
        services.publish(competition=competition, by=host)
    return competition


@pytest.fixture
def competition(hank: Any) -> Competition:
    return make_competition(hank)


def answers(competition: Competition) -> tuple[list[str], np.ndarray]:
    return truth_rows(competition.truth_rows)


def score_now(submission: Any) -> Any:
    services.score_submission(submission_id=submission.pk)
    submission.refresh_from_db()
    return submission


def submit(competition: Competition, user: Any, accuracy: float = 1.0, seed: int = 0) -> Any:
    ids, y = answers(competition)
    rng = np.random.default_rng(seed)
    pred = np.where(rng.random(len(y)) < accuracy, y, (y + 1) % 3)
    return services.submit(competition=competition, user=user, content=submission_csv(ids, pred))
