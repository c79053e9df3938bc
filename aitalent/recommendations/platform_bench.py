"""``aitalent bench recsys --platform``: the feed on the platform's own data, with a time split.

Positive signals (Interaction rows with weight > 0) on the current candidate items are split at a
time cutoff: the earlier share trains (collaborative filtering, popularity, "seen"), the later
share tests. Every member with test items is ranked over the whole catalogue minus what they saw
before the cutoff, by each single signal (popularity, GF-CF, topic, text, level) and by the blend
the refresh job uses (without freshness, which needs the clock at the cutoff). Recall@K and
NDCG@K, full ranking protocol, like the public-dataset bench.
"""

from __future__ import annotations

import json
import time
from typing import Any, TextIO

import numpy as np
import scipy.sparse as sp

from aitalent.recommendations import refresh
from aitalent.recommendations.engine import metrics
from aitalent.recommendations.engine.evaluation import recommend_top_k
from aitalent.recommendations.engine.models import GFCF


def _split(world: refresh.World, cat: refresh.Catalogue, train_share: float) -> Any:
    types = sorted({c.item_type for c in cat.items})
    rows = refresh._fetch(
        "SELECT actor_id, target_type, target_id, weight, created_at FROM activity_interaction"
        " WHERE weight > 0 AND target_type = ANY(%s) ORDER BY created_at",
        [types],
    )
    events = [
        (world.index[a], cat.key_index[(t, i)], w, at)
        for a, t, i, w, at in rows
        if a in world.index and (t, i) in cat.key_index
    ]
    if len(events) < 20:
        raise ValueError(
            f"only {len(events)} signals on current items: seed some (aitalent seed --demo)"
        )
    cut = int(len(events) * train_share)
    cutoff = events[cut][3]
    shape = (len(world.user_ids), len(cat.items))

    def matrix(part: list[Any]) -> sp.csr_matrix:
        m = sp.csr_matrix(
            (
                np.asarray([min(w, 5.0) for _, _, w, _ in part], dtype=np.float32),
                ([r for r, *_ in part], [c for _, c, *_ in part]),
            ),
            shape=shape,
        )
        m.sum_duplicates()
        return m

    train = matrix(events[:cut])
    test = matrix(events[cut:])
    seen = train.copy()
    seen.data[:] = 1.0
    test = test - test.multiply(seen)  # only items new to the member count as hits
    test.eliminate_zeros()
    test.data[:] = 1.0
    return train, seen, test.tocsr(), cutoff, len(events)


def run_platform(
    *, k: int = 20, train_share: float = 0.8, json_path: str | None = None, out: TextIO
) -> dict[str, Any]:
    started = time.perf_counter()
    world = refresh.load_world()
    cat, embedder = refresh.load_catalogue(world)
    train, seen, test, cutoff, n_events = _split(world, cat, train_share)
    users = np.flatnonzero(np.diff(test.indptr) > 0)
    vectors = (
        embedder.embed([world.texts[int(r)] for r in users])
        if embedder.vectorizer is not None
        else np.zeros((len(users), refresh.EMBEDDING_DIM), dtype=np.float32)
    )
    vector_row = {int(u): i for i, u in enumerate(users)}
    counts = np.asarray((train > 0).sum(axis=0)).ravel().astype(np.float64)
    popular = np.log1p(counts) / np.log1p(counts).max() if counts.max() > 0 else counts
    cf = GFCF(alpha=0.3, rank=min(64, max(1, min(train.shape) - 2))).fit(train)

    def signals_for(batch: np.ndarray) -> dict[str, np.ndarray]:
        rows = np.asarray([vector_row[int(u)] for u in batch])
        return refresh.feed_signals(world, cat, batch, vectors[rows], cf, popular=popular)

    def scorer(name: str) -> Any:
        def score(batch: np.ndarray) -> np.ndarray:
            block = signals_for(batch)
            if name == "blend":
                return sum(w * block[s] for s, w in refresh.FEED_WEIGHTS.items())
            return np.asarray(block[name], dtype=np.float32).copy()

        return score

    results: dict[str, dict[str, float]] = {}
    for name in ["popular", "cf", "topic", "text", "level", "blend"]:
        t0 = time.perf_counter()
        top = recommend_top_k(scorer(name), users, seen, k, batch_size=512)
        hits = metrics.hits_matrix(top, test, users)
        n_relevant = np.diff(test[users].indptr)
        results[name] = {
            "recall": float(np.nanmean(metrics.recall_at_k(hits, n_relevant))),
            "ndcg": float(np.nanmean(metrics.ndcg_at_k(hits, n_relevant))),
            "seconds": round(time.perf_counter() - t0, 2),
        }
    payload = {
        "k": k,
        "train_share": train_share,
        "cutoff": cutoff.isoformat(),
        "signals": n_events,
        "members_tested": len(users),
        "items": len(cat.items),
        "results": results,
        "seconds": round(time.perf_counter() - started, 1),
    }
    out.write(
        f"Platform time split at {cutoff:%Y-%m-%d %H:%M} UTC: {n_events} signals, "
        f"{len(cat.items)} items, {len(users)} members with later signals (K={k})\n"
    )
    out.write(f"{'scorer':<10} {'Recall@' + str(k):>10} {'NDCG@' + str(k):>10} {'seconds':>8}\n")
    for name, r in results.items():
        out.write(f"{name:<10} {r['recall']:>10.4f} {r['ndcg']:>10.4f} {r['seconds']:>8.2f}\n")
    if json_path:
        with open(json_path, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2)
    return payload
