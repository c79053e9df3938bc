from __future__ import annotations

import io

import pytest

from aitalent.competitions import seed, selectors
from aitalent.competitions.models import Competition, Submission
from conftest import make_member


@pytest.mark.django_db
def test_demo_seed_builds_three_real_leaderboards_one_finished() -> None:
    for i in range(32):
        make_member(f"m{i}@example.com", f"member{i}", f"Member {i}")
    out = io.StringIO()
    seed.seed_demo(out=out)
    seed.seed_demo(out=out)  # idempotent
    competitions = {c.metric: c for c in Competition.objects.all()}
    assert set(competitions) == {"accuracy", "roc_auc", "rmse"}
    assert not Submission.objects.exclude(status="scored").exists()  # every model scored
    digits = competitions["accuracy"]
    board = selectors.leaderboard(digits, private=False)
    ranked = [r for r in board if r.rank]
    assert len(ranked) == 14 and ranked[0].score > 0.95  # SVC on digits
    assert any(r.is_baseline for r in board)
    diabetes = competitions["rmse"]
    assert diabetes.is_revealed and diabetes.finalized_at is not None
    private = selectors.leaderboard(diabetes, private=True)
    assert private[0].medal == "gold" and 40 < private[0].score < 70  # RMSE of real models
    assert any(len(r.members) == 2 for r in private)  # merged teams
    assert not selectors.can_see_private(competition=digits, user=ranked[0].members[0])


@pytest.mark.django_db
def test_scale_seed(alice, mallory) -> None:
    out = io.StringIO()
    seed.seed_scale(n=3, out=out)
    competition = Competition.objects.get()
    assert len(selectors.leaderboard(competition, private=False)) == 1
