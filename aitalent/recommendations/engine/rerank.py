"""Blending signals, exclusion rules, freshness decay, diversity re-ranking and reasons.

The output of this module is data, not prose: every recommended item carries the signals that
contributed to its score, largest first, and the platform turns ``Reason(signal="mutual",
contribution=..., detail={"count": 3})`` into "3 mutual connections" in the member's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Reason:
    signal: str
    contribution: float  # weight × signal value, in score units
    share: float  # contribution / sum of positive contributions
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    item: int
    score: float
    reasons: tuple[Reason, ...]


def freshness_decay(age_days: np.ndarray | float, half_life_days: float = 14.0) -> np.ndarray:
    """Multiplier in (0, 1]: halves every ``half_life_days`` (ages < 0 are treated as new)."""
    age = np.maximum(np.asarray(age_days, dtype=np.float64), 0.0)
    return np.power(0.5, age / half_life_days)


def blend(signals: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """Σ weight × signal over named per-item signal arrays of equal length."""
    names = [n for n in weights if n in signals]
    if not names:
        raise ValueError("no weighted signal is present")
    total = np.zeros(len(signals[names[0]]), dtype=np.float64)
    for name in names:
        total += weights[name] * np.asarray(signals[name], dtype=np.float64)
    return total


def apply_exclusions(
    scores: np.ndarray,
    *,
    excluded: Sequence[int] | np.ndarray = (),
    rules: Sequence[Callable[[np.ndarray], np.ndarray]] = (),
) -> np.ndarray:
    """A copy of ``scores`` with excluded items at -inf.

    ``excluded``: item indices (already seen, dismissed, blocked, opted out). ``rules``: callables
    taking the item index array and returning a boolean mask of items to drop (e.g. "events in the
    past", "projects not accepting members").
    """
    out = np.asarray(scores, dtype=np.float64).copy()
    idx = np.asarray(excluded, dtype=np.int64)
    if idx.size:
        out[idx] = -np.inf
    items = np.arange(len(out))
    for rule in rules:
        out[np.asarray(rule(items), dtype=bool)] = -np.inf
    return out


def mmr(
    scores: np.ndarray,
    embeddings: np.ndarray,
    k: int,
    *,
    trade_off: float = 0.7,
    candidates: int | None = 200,
) -> list[int]:
    """Maximal marginal relevance: greedily pick argmax λ·rel − (1−λ)·max-sim-to-picked.

    Relevance is min-max scaled over the candidate pool so λ means the same for every scorer.
    ``embeddings`` are item vectors (cosine similarity is used) or one-hot/multi-hot topic
    vectors. Only the top ``candidates`` by score are considered, which keeps it O(k·candidates).
    """
    scores = np.asarray(scores, dtype=np.float64)
    finite = np.flatnonzero(np.isfinite(scores))
    if len(finite) == 0 or k <= 0:
        return []
    pool = finite[np.argsort(-scores[finite], kind="stable")]
    if candidates is not None:
        pool = pool[:candidates]
    rel = scores[pool]
    span = rel.max() - rel.min()
    rel = (rel - rel.min()) / span if span > 0 else np.ones_like(rel)
    vecs = np.asarray(embeddings, dtype=np.float64)[pool]
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs = np.divide(vecs, norms, out=np.zeros_like(vecs), where=norms > 0)
    sim = vecs @ vecs.T
    chosen: list[int] = []
    max_sim = np.zeros(len(pool))
    available = np.ones(len(pool), dtype=bool)
    for _ in range(min(k, len(pool))):
        value = trade_off * rel - (1 - trade_off) * max_sim
        value[~available] = -np.inf
        best = int(np.argmax(value))
        chosen.append(best)
        available[best] = False
        max_sim = np.maximum(max_sim, sim[best])
    return [int(pool[i]) for i in chosen]


def explain(
    item: int,
    signals: Mapping[str, np.ndarray],
    weights: Mapping[str, float],
    details: Mapping[str, Mapping[int, Mapping[str, Any]]] | None = None,
    *,
    min_share: float = 0.0,
) -> tuple[Reason, ...]:
    """Per-signal contributions to one item's blended score, largest first.

    ``details[signal][item]`` carries the facts behind a signal (e.g. ``{"count": 3}`` mutual
    connections, ``{"skill": "PyTorch", "level": 4}``) for the sentence the platform renders.
    """
    contributions = {
        name: float(weights[name] * np.asarray(signals[name])[item])
        for name in weights
        if name in signals
    }
    positive = sum(v for v in contributions.values() if v > 0) or 1.0
    reasons = [
        Reason(
            signal=name,
            contribution=value,
            share=value / positive,
            detail=dict((details or {}).get(name, {}).get(item, {})),
        )
        for name, value in contributions.items()
        if value > 0 and value / positive >= min_share
    ]
    reasons.sort(key=lambda r: (-r.contribution, r.signal))
    return tuple(reasons)


def recommend(
    signals: Mapping[str, np.ndarray],
    weights: Mapping[str, float],
    k: int,
    *,
    excluded: Sequence[int] | np.ndarray = (),
    rules: Sequence[Callable[[np.ndarray], np.ndarray]] = (),
    age_days: np.ndarray | None = None,
    half_life_days: float = 14.0,
    embeddings: np.ndarray | None = None,
    trade_off: float = 0.7,
    details: Mapping[str, Mapping[int, Mapping[str, Any]]] | None = None,
) -> list[Recommendation]:
    """The whole pipeline: blend → freshness → exclusions → MMR (if embeddings) → reasons."""
    scores = blend(signals, weights)
    if age_days is not None:
        scores = scores * freshness_decay(age_days, half_life_days)
    scores = apply_exclusions(scores, excluded=excluded, rules=rules)
    if embeddings is not None:
        picked = mmr(scores, embeddings, k, trade_off=trade_off)
    else:
        finite = np.flatnonzero(np.isfinite(scores))
        picked = finite[np.argsort(-scores[finite], kind="stable")][:k].tolist()
    return [
        Recommendation(
            item=i, score=float(scores[i]), reasons=explain(i, signals, weights, details)
        )
        for i in picked
    ]
