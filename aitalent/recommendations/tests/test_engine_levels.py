import numpy as np
import pytest
from scipy.stats import spearmanr

from aitalent.recommendations.engine.levels import (
    EloTracker,
    Outcome,
    OutcomeKind,
    estimate_abilities,
    right_level_score,
    simulate_outcomes,
)


@pytest.mark.parametrize(
    "kinds",
    [
        (OutcomeKind.QUIZ,),
        (OutcomeKind.QUIZ, OutcomeKind.COMPETITION, OutcomeKind.ACCEPTED_ANSWER),
    ],
)
def test_it_recovers_the_ranking_of_known_abilities_after_30_outcomes(kinds):
    truth = np.random.default_rng(7).normal(0.0, 1.0, size=300)
    outcomes = simulate_outcomes(truth, 30, seed=11, kinds=kinds)
    estimates = estimate_abilities(outcomes)
    estimated = np.array([estimates[(m, "topic")].ability for m in range(len(truth))])
    assert spearmanr(estimated, truth).statistic >= 0.9


def test_the_online_tracker_also_ranks_members():
    truth = np.random.default_rng(3).normal(0.0, 1.0, size=200)
    tracker = EloTracker()
    for outcome in simulate_outcomes(truth, 30, seed=5):
        tracker.update(outcome)
    estimated = np.array([tracker.ability(m, "topic") for m in range(len(truth))])
    assert spearmanr(estimated, truth).statistic >= 0.85


def test_estimates_are_deterministic_and_finite_for_perfect_records():
    outcomes = [Outcome("ana", "ml", 0.0, 1.0) for _ in range(10)]
    first = estimate_abilities(outcomes)[("ana", "ml")]
    assert first == estimate_abilities(outcomes)[("ana", "ml")]
    assert 0 < first.ability < 5 and first.standard_error > 0


def test_harder_successes_count_more():
    easy = estimate_abilities([Outcome(1, "t", -2.0, 1.0)])[(1, "t")].ability
    hard = estimate_abilities([Outcome(1, "t", 2.0, 1.0)])[(1, "t")].ability
    assert hard > easy


def test_the_right_level_is_slightly_above_the_member():
    difficulties = np.linspace(-3, 3, 601)
    scores = right_level_score(0.0, difficulties)
    best = difficulties[np.argmax(scores)]
    assert best == pytest.approx(0.5)
    assert right_level_score(0.0, 0.5) > right_level_score(0.0, 0.0) > right_level_score(0.0, 3.0)
