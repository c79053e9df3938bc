"""The full-ranking protocol: score every item, drop the user's training items, take the top K."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

import numpy as np
import scipy.sparse as sp
from tqdm import tqdm

from aitalent.recommendations.engine import metrics
from aitalent.recommendations.engine.models import Recommender


@dataclass
class RankingResult:
    recall: float
    ndcg: float
    coverage: float
    n_users: int
    k: int
    score_seconds: float
    per_user_recall: np.ndarray = field(repr=False)
    per_user_ndcg: np.ndarray = field(repr=False)


def mask_seen(scores: np.ndarray, seen: sp.csr_matrix) -> None:
    """Set already-seen items to -inf in place (rows of ``seen`` align with ``scores``)."""
    rows = np.repeat(np.arange(seen.shape[0]), np.diff(seen.indptr))
    scores[rows, seen.indices] = -np.inf


def recommend_top_k(
    score: Callable[[np.ndarray], np.ndarray],
    users: np.ndarray,
    seen: sp.csr_matrix,
    k: int,
    *,
    batch_size: int = 2048,
    progress: bool = False,
    desc: str = "scoring",
    stream: IO[str] | None = None,
) -> np.ndarray:
    """Top-k unseen items for each user, (len(users), k), batch by batch to bound memory."""
    out = np.empty((len(users), min(k, seen.shape[1])), dtype=np.int64)
    starts = range(0, len(users), batch_size)
    for start in tqdm(
        starts, desc=desc, disable=not progress, file=stream or sys.stderr, leave=False
    ):
        batch = users[start : start + batch_size]
        scores = np.asarray(score(batch), dtype=np.float32)
        mask_seen(scores, seen[batch])
        out[start : start + len(batch)] = metrics.top_k(scores, k)
    return out


def evaluate_ranking(
    model: Recommender,
    test: sp.csr_matrix,
    *,
    k: int = 20,
    users: np.ndarray | None = None,
    batch_size: int | None = None,
    progress: bool = False,
    desc: str = "scoring",
) -> RankingResult:
    """Recall@K / NDCG@K / coverage for a fitted model, over users with test items."""
    seen = model.train
    if users is None:
        users = np.flatnonzero(np.diff(sp.csr_matrix(test).indptr) > 0)
    users = np.asarray(users, dtype=np.int64)
    if batch_size is None:
        # A batch holds a few dense (batch × items) float32 copies; ~200M cells keeps each copy
        # under 1 GB on wide catalogues while Gowalla-sized ones still get 2048-user batches.
        batch_size = int(max(64, min(2048, 200_000_000 // max(test.shape[1], 1))))
    started = time.perf_counter()
    top = recommend_top_k(
        model.score, users, seen, k, batch_size=batch_size, progress=progress, desc=desc
    )
    score_seconds = time.perf_counter() - started
    test = sp.csr_matrix(test)
    hits = metrics.hits_matrix(top, test, users)
    n_relevant = np.diff(test[users].indptr)
    recall = metrics.recall_at_k(hits, n_relevant)
    ndcg = metrics.ndcg_at_k(hits, n_relevant)
    return RankingResult(
        recall=float(np.nanmean(recall)) if len(users) else 0.0,
        ndcg=float(np.nanmean(ndcg)) if len(users) else 0.0,
        coverage=metrics.catalogue_coverage(top, test.shape[1]),
        n_users=len(users),
        k=k,
        score_seconds=score_seconds,
        per_user_recall=recall,
        per_user_ndcg=ndcg,
    )


class PeakMemory:
    """Peak resident memory of this process while the block runs, sampled by a thread.

    ``ru_maxrss`` is a lifetime maximum and cannot separate models run one after another in the
    same process, so we sample RSS instead (every 20 ms; short spikes between samples are missed,
    which matters little for multi-hundred-MB allocations that live for seconds).
    """

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _rss(self) -> int:
        import psutil

        return int(psutil.Process().memory_info().rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._rss())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self.peak_bytes = self._rss()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.peak_bytes = max(self.peak_bytes, self._rss())

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20
