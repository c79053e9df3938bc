"""Knowledge level per (member, topic) from graded outcomes, and the "right level" for an item.

The model is a Rasch / one-parameter item-response model on a logit scale:

    P(success | ability θ, difficulty b) = σ(θ − b)

Outcomes are graded in [0, 1], so one likelihood covers every signal on the platform:

* quiz answer: 1 / 0 against the question's calibrated difficulty;
* competition result: the percentile beaten (0.8 = beat 80 % of the field) against the field's
  strength, with a higher weight because it summarises many comparisons;
* accepted answer: 1 against the question's difficulty (unaccepted answers: 0, lower weight).

``estimate_abilities`` is the batch estimate (MAP with a N(μ, σ²) prior, Newton steps, all members
at once, vectorised); ``EloTracker`` is the online update for the live platform (one step per
outcome, same scale). Both are deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np


class OutcomeKind(StrEnum):
    QUIZ = "quiz"
    COMPETITION = "competition"
    ACCEPTED_ANSWER = "accepted_answer"


DEFAULT_WEIGHTS = {
    OutcomeKind.QUIZ: 1.0,
    OutcomeKind.COMPETITION: 3.0,
    OutcomeKind.ACCEPTED_ANSWER: 1.5,
}


@dataclass(frozen=True)
class Outcome:
    member: int | str
    topic: str
    difficulty: float  # logit scale: 0 = average, +1 ≈ hard, −1 ≈ easy
    result: float  # graded result in [0, 1]
    kind: OutcomeKind = OutcomeKind.QUIZ
    weight: float | None = None  # defaults by kind

    def effective_weight(self) -> float:
        return DEFAULT_WEIGHTS[self.kind] if self.weight is None else self.weight


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class AbilityEstimate:
    ability: float
    standard_error: float
    n_outcomes: int


def estimate_abilities(
    outcomes: Iterable[Outcome],
    *,
    prior_mean: float = 0.0,
    prior_sd: float = 1.0,
    iterations: int = 25,
) -> dict[tuple[int | str, str], AbilityEstimate]:
    """MAP ability per (member, topic) under the Rasch model with a normal prior.

    The posterior is log-concave, so Newton's method from the prior mean converges in a handful
    of steps; the prior keeps members with all-correct or all-wrong records finite.
    """
    rows = list(outcomes)
    if not rows:
        return {}
    keys = sorted({(o.member, o.topic) for o in rows}, key=lambda k: (str(k[0]), k[1]))
    index = {k: i for i, k in enumerate(keys)}
    group = np.asarray([index[(o.member, o.topic)] for o in rows])
    b = np.asarray([o.difficulty for o in rows], dtype=np.float64)
    y = np.clip(np.asarray([o.result for o in rows], dtype=np.float64), 0.0, 1.0)
    w = np.asarray([o.effective_weight() for o in rows], dtype=np.float64)
    theta = np.full(len(keys), prior_mean, dtype=np.float64)
    precision = 1.0 / prior_sd**2
    for _ in range(iterations):
        p = _sigmoid(theta[group] - b)
        grad = np.bincount(group, weights=w * (y - p), minlength=len(keys))
        grad -= precision * (theta - prior_mean)
        hess = np.bincount(group, weights=w * p * (1 - p), minlength=len(keys)) + precision
        step = grad / hess
        theta += step
        if np.max(np.abs(step)) < 1e-8:
            break
    p = _sigmoid(theta[group] - b)
    info = np.bincount(group, weights=w * p * (1 - p), minlength=len(keys)) + precision
    counts = np.bincount(group, minlength=len(keys))
    return {
        k: AbilityEstimate(float(theta[i]), float(1 / np.sqrt(info[i])), int(counts[i]))
        for k, i in index.items()
    }


@dataclass
class EloTracker:
    """Online Elo-style updates on the Rasch scale: θ ← θ + K·w·(y − σ(θ − b)).

    K shrinks with the number of outcomes seen (1/√n schedule, floored) so early outcomes move a
    newcomer quickly and later ones refine.
    """

    k_initial: float = 0.8
    k_floor: float = 0.1
    prior_mean: float = 0.0
    abilities: dict[tuple[int | str, str], float] = field(default_factory=dict)
    counts: dict[tuple[int | str, str], int] = field(default_factory=lambda: defaultdict(int))

    def update(self, outcome: Outcome) -> float:
        key = (outcome.member, outcome.topic)
        theta = self.abilities.get(key, self.prior_mean)
        n = self.counts[key] + 1
        k = max(self.k_initial / np.sqrt(n), self.k_floor)
        expected = float(_sigmoid(np.asarray(theta - outcome.difficulty)))
        theta += k * outcome.effective_weight() * (min(max(outcome.result, 0.0), 1.0) - expected)
        self.abilities[key] = theta
        self.counts[key] = n
        return theta

    def ability(self, member: int | str, topic: str) -> float:
        return self.abilities.get((member, topic), self.prior_mean)


def right_level_score(
    ability: float | np.ndarray,
    difficulty: float | np.ndarray,
    *,
    stretch: float = 0.5,
    width: float = 1.0,
) -> np.ndarray:
    """How well an item's difficulty suits a member, in (0, 1].

    Peaks at ``difficulty = ability + stretch`` (slightly above the member's level: the zone of
    proximal development, success probability σ(−0.5) ≈ 0.38 for a single attempt) and falls off
    as a Gaussian in logits, so far-too-easy and far-too-hard items both score low.
    """
    gap = np.asarray(difficulty, dtype=np.float64) - np.asarray(ability, dtype=np.float64) - stretch
    return np.exp(-0.5 * (gap / width) ** 2)


def simulate_outcomes(
    abilities: np.ndarray,
    per_member: int,
    *,
    topic: str = "topic",
    seed: int = 0,
    kinds: tuple[OutcomeKind, ...] = (OutcomeKind.QUIZ,),
) -> list[Outcome]:
    """Seeded Rasch outcomes for members with known abilities (for tests and calibration)."""
    rng = np.random.default_rng(seed)
    out: list[Outcome] = []
    for member, theta in enumerate(np.asarray(abilities, dtype=np.float64).tolist()):
        difficulties = rng.normal(0.0, 1.2, size=per_member)
        for j, b in enumerate(difficulties.tolist()):
            kind = kinds[j % len(kinds)]
            p = float(_sigmoid(np.asarray(theta - b)))
            if kind is OutcomeKind.COMPETITION:
                # A percentile is a noisy but graded version of the win probability.
                result = float(np.clip(p + rng.normal(0.0, 0.1), 0.0, 1.0))
            else:
                result = float(rng.random() < p)
            out.append(Outcome(member, topic, b, result, kind))
    return out
