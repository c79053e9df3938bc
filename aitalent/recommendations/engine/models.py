"""Item recommendation models over a binary users × items CSR matrix.

Every model has ``fit(train)`` and ``score(users) -> (len(users), n_items) float32``. Scores are
only compared within a row, so models are free to scale them per user.

* ``MostPopular``: item degree, the floor every model must beat.
* ``GFCF``: Shen et al., CIKM'21: normalised item–item propagation R̃ᵀR̃ plus 0.3 × an ideal
  low-pass from the top-256 right singular vectors. The in-run reference.
* ``SpectralCF`` (the default): a graph-signal filter in the GF-CF / BSPM / ChebyCF family.
  It applies a smooth, non-linear transfer function to the spectrum of P̃ = R̃ᵀR̃ (exactly on the
  top-K eigenpairs, linearly on the rest), adds an ideal low-pass bump, and wraps the filter in
  item-degree pre/post normalisation. No training; the cost is one sparse product and one rank-K
  dense product per user batch.
* ``ALS``: implicit-feedback matrix factorisation from the ``implicit`` package (second reference).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds
from sklearn.utils.extmath import randomized_svd

# Materialising P̃ = R̃ᵀR̃ halves scoring time but its size grows with Σ_i d_i²; above this many
# non-zeros (≈ 2.4 GB as float32 + int32 indices, more while building) we multiply through R̃.
GRAM_NNZ_LIMIT = 300_000_000
# GF-CF uses ARPACK (exact, as published) up to this many interactions, randomized SVD above.
ARPACK_NNZ_LIMIT = 2_000_000


class Recommender(ABC):
    """Fit on a binary CSR matrix, then score dense rows of items for a batch of users."""

    name: ClassVar[str] = "base"
    train: sp.csr_matrix

    @abstractmethod
    def fit(self, train: sp.csr_matrix) -> Recommender: ...

    @abstractmethod
    def score(self, users: np.ndarray) -> np.ndarray: ...

    def params(self) -> dict[str, Any]:
        """Hyperparameters, for reports."""
        return {}


def _as_binary_csr(train: sp.spmatrix) -> sp.csr_matrix:
    matrix = sp.csr_matrix(train, dtype=np.float32, copy=True)
    matrix.data[:] = 1.0
    matrix.eliminate_zeros()
    return matrix


def _safe_power(values: np.ndarray, exponent: float) -> np.ndarray:
    """values**exponent with 0 → 0 (isolated users/items get no signal, not inf)."""
    out = np.zeros_like(values, dtype=np.float64)
    positive = values > 0
    out[positive] = np.power(values[positive], exponent)
    return out


def normalised_interactions(
    train: sp.csr_matrix, user_power: float = 0.5, item_power: float = 0.5
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """R̃ = D_U^{-user_power} R D_I^{-item_power}, plus the user and item degrees."""
    user_deg = np.asarray(train.sum(axis=1)).ravel().astype(np.float64)
    item_deg = np.asarray(train.sum(axis=0)).ravel().astype(np.float64)
    left = sp.diags(_safe_power(user_deg, -user_power).astype(np.float32))
    right = sp.diags(_safe_power(item_deg, -item_power).astype(np.float32))
    normed = (left @ train @ right).tocsr().astype(np.float32)
    return normed, user_deg, item_deg


class MostPopular(Recommender):
    name = "most-popular"

    def fit(self, train: sp.csr_matrix) -> MostPopular:
        self.train = _as_binary_csr(train)
        self.popularity = np.asarray(self.train.sum(axis=0)).ravel().astype(np.float32)
        return self

    def score(self, users: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self.popularity, (len(users), len(self.popularity))).copy()


class _ItemGraph:
    """P̃ = R̃ᵀR̃, either materialised (fast) or applied as two sparse products (small memory)."""

    def __init__(self, normed: sp.csr_matrix, materialise: bool | None = None) -> None:
        self.normed = normed
        self.normed_t = normed.T.tocsr()
        if materialise is None:
            # Σ_i d_i² and n_items² both bound nnz(R̃ᵀR̃) from above; cheap and conservative. (A
            # small catalogue with many users has a small Gram matrix however large Σ d² is.)
            col_counts = np.bincount(normed.indices, minlength=normed.shape[1]).astype(np.float64)
            bound = min(float(np.sum(col_counts**2)), float(normed.shape[1]) ** 2)
            materialise = bound <= GRAM_NNZ_LIMIT
        self.gram: sp.csr_matrix | None = None
        if materialise:
            self.gram = (self.normed_t @ self.normed).tocsr()

    def propagate(self, signal: sp.csr_matrix) -> np.ndarray:
        """signal · P̃ for a sparse batch of item signals, as a dense array."""
        if self.gram is not None:
            return (signal @ self.gram).toarray()
        # The user-side intermediate is dense-ish (popular items reach most users): build it
        # sparse × sparse (the signal is very sparse, 0.5 s per 1000 synthetic users against 5 s
        # dense × sparse), then go dense × sparse for the second product, where sparse × sparse
        # with that much fill is several times slower.
        users_side = (signal @ self.normed_t).toarray()
        return np.asarray(users_side @ self.normed, dtype=np.float32)


class GFCF(Recommender):
    """GF-CF (Shen et al., CIKM'21) exactly as published: x·R̃ᵀR̃ + α·x·D_I^{-½} V Vᵀ D_I^{½}."""

    name = "gf-cf"

    def __init__(self, alpha: float = 0.3, rank: int = 256, seed: int = 0) -> None:
        self.alpha = alpha
        self.rank = rank
        self.seed = seed

    def params(self) -> dict[str, Any]:
        return {"alpha": self.alpha, "rank": self.rank}

    def fit(self, train: sp.csr_matrix) -> GFCF:
        self.train = _as_binary_csr(train)
        normed, _, item_deg = normalised_interactions(self.train)
        self.graph = _ItemGraph(normed)
        rank = min(self.rank, min(normed.shape) - 1)
        if normed.nnz <= ARPACK_NNZ_LIMIT:
            # ARPACK (like the paper's sparsesvd) for the exact top subspace; v0 fixes the start
            # vector so the result is deterministic.
            v0 = np.random.default_rng(self.seed).standard_normal(min(normed.shape))
            _, _, vt = svds(normed.astype(np.float64), k=rank, v0=v0)
        else:
            # ARPACK takes minutes at 10⁶+ interactions; a randomized SVD with power iterations
            # gives the same top subspace (on Gowalla: Recall 0.1852 vs 0.1850) in seconds.
            _, _, vt = randomized_svd(normed, rank, n_iter=6, random_state=self.seed)
        self.vt = vt.astype(np.float32)
        self.sqrt_deg = np.sqrt(item_deg).astype(np.float32)
        self.inv_sqrt_deg = _safe_power(item_deg, -0.5).astype(np.float32)
        return self

    def score(self, users: np.ndarray) -> np.ndarray:
        rows = self.train[users]
        scores = self.graph.propagate(rows)
        if self.alpha:
            low = (rows.multiply(self.inv_sqrt_deg[None, :]).tocsr() @ self.vt.T) @ self.vt
            low *= self.alpha * self.sqrt_deg[None, :]  # in place: batch × items is ~1 GB
            scores += low
        return scores.astype(np.float32, copy=False)


def plateau(lam: np.ndarray, flatness: float) -> np.ndarray:
    """ChebyCF's plateau transfer on P̃'s eigenvalues in [0, 1]: 0 → 0, ½ → ½, 1 → 1, flatter in
    the middle as ``flatness`` grows (1 = the linear filter)."""
    centred = 2.0 * np.asarray(lam, dtype=np.float64) - 1.0
    return 0.5 + 0.5 * np.sign(centred) * np.abs(centred) ** flatness


@dataclass(frozen=True)
class SpectralConfig:
    # Defaults chosen on a validation split carved from Gowalla's train.txt (20 % of each
    # user's items, seed 0, 10k users), never on test.txt; see docs/benchmarks.md.
    rank: int = 1024  # eigenpairs of P̃ filtered exactly; the tail is filtered linearly
    transfer: str = "heat"  # "heat" (BSPM-like e^{-Tλ} sharpening) or "plateau" (ChebyCF-like)
    flatness: float = 1.5  # plateau shape
    sharpen_time: float = 0.5  # heat: T in (λ + bump)·e^{-Tλ}
    ideal_weight: float = 0.3  # weight of the ideal low-pass bump
    ideal_rank: int = 512  # eigenpairs that get the bump
    degree_pre: float = 0.4  # input signal × d_i^{-pre}
    degree_post: float = 0.4  # output scores × d_i^{+post}
    # R̃ = D_U^{-user_power} R D_I^{-1/2}. Below ½, active users weigh more in item–item
    # similarity; 0.3 beat 0.5 by ~5 % Recall/NDCG on validation (0.2/0.4 were worse than 0.3).
    user_power: float = 0.3
    oversamples: int = 16
    power_iterations: int = 4
    # Above ``large_nnz`` training interactions (Gowalla has 0.8M, so it keeps the settings above)
    # the randomized SVD uses ``large_rank`` and ``large_power_iterations``: on the 100k × 200k
    # synthetic set (4M) rank 1024 with 4 iterations took 342 s to fit, rank 512 with 2 took 57 s.
    large_nnz: int = 2_000_000
    large_rank: int = 512
    large_power_iterations: int = 2


class SpectralCF(Recommender):
    """Training-free spectral graph filter (the default recommender).

    score(u) = d^{post} ⊙ [ x̃·c·P̃ + x̃·V_K diag(f(λ) − c·λ) V_Kᵀ ],  x̃ = r_u ⊙ d^{-pre}

    where (λ, V) are the top-K eigenpairs of P̃ = R̃ᵀR̃ (from a randomized SVD of R̃), f is the
    transfer function (plateau or heat, plus an ideal low-pass bump on the top ``ideal_rank``),
    and c = f(λ_K)/λ_K makes the linear tail meet f at the cut-off. The first term is exact and
    sparse; the second is one dense GEMM of rank K. This gets the benefit of the non-linear
    filters in BSPM/ChebyCF without their 4–8 dense propagations per user batch.
    """

    name = "spectral-cf"

    def __init__(self, config: SpectralConfig | None = None, seed: int = 0, **overrides: Any):
        base = config or SpectralConfig()
        self.config = SpectralConfig(**{**base.__dict__, **overrides})
        self.seed = seed

    def params(self) -> dict[str, Any]:
        return dict(self.config.__dict__)

    def transfer(self, lam: np.ndarray, ideal_rank: int | None = None) -> np.ndarray:
        cfg = self.config
        bump = np.zeros_like(lam, dtype=np.float64)
        bump[: cfg.ideal_rank if ideal_rank is None else ideal_rank] = cfg.ideal_weight
        if cfg.transfer == "plateau":
            return plateau(lam, cfg.flatness) + bump
        if cfg.transfer == "heat":
            # BSPM's early merge: blur (linear + ideal) first, then sharpen both together.
            return (lam + bump) * np.exp(-cfg.sharpen_time * lam)
        raise ValueError(f"unknown transfer {cfg.transfer!r}")

    def fit(self, train: sp.csr_matrix) -> SpectralCF:
        cfg = self.config
        self.train = _as_binary_csr(train)
        normed, _, item_deg = normalised_interactions(self.train, user_power=cfg.user_power)
        large = normed.nnz > cfg.large_nnz
        rank = max(1, min(cfg.large_rank if large else cfg.rank, min(normed.shape) - 1))
        _, sigma, vt = randomized_svd(
            normed,
            rank,
            n_oversamples=cfg.oversamples,
            n_iter=cfg.large_power_iterations if large else cfg.power_iterations,
            random_state=self.seed,
        )
        # Rescale so the top eigenvalue of P̃ is 1: the transfer functions are defined on [0, 1]
        # and with user_power ≠ ½ the raw spectrum is not normalised.
        top = float(sigma[0]) if sigma[0] > 0 else 1.0
        normed = (normed / top).astype(np.float32)
        lam = (sigma / top) ** 2
        self.graph = _ItemGraph(normed)
        self.lam = lam
        # With the smaller large-input rank the bump keeps its share of the spectrum (½).
        bump_rank = cfg.ideal_rank * rank // cfg.rank if large else cfg.ideal_rank
        ideal_rank = min(bump_rank, rank - 1) if rank > 1 else 0
        values = self.transfer(lam, bump_rank)
        if ideal_rank < len(values):
            # The tail slope is taken where the bump has ended, so it does not absorb the bump.
            tail_lam = lam[-1] if lam[-1] > 0 else 1.0
            self.tail_slope = float(values[-1] / tail_lam) if values[-1] > 0 else 1.0
        else:
            self.tail_slope = 1.0
        self.spectral_weights = ((values - self.tail_slope * lam) / self.tail_slope).astype(
            np.float32
        )
        self.vt = np.ascontiguousarray(vt.astype(np.float32))
        self.v = np.ascontiguousarray(self.vt.T)
        self.pre = _safe_power(item_deg, -cfg.degree_pre).astype(np.float32)
        self.post = _safe_power(item_deg, cfg.degree_post).astype(np.float32)
        return self

    def score(self, users: np.ndarray) -> np.ndarray:
        rows = self.train[users].multiply(self.pre[None, :]).tocsr().astype(np.float32)
        scores = self.graph.propagate(rows)
        coefficients = (rows @ self.v) * self.spectral_weights[None, :]
        scores += coefficients @ self.vt
        scores *= self.post[None, :]
        return scores.astype(np.float32, copy=False)

    def explain(self, user: int, item: int, top_n: int = 3) -> list[tuple[int, float]]:
        """The user's training items that contribute most to ``item`` through the linear part of
        the filter (the part that is a sum over co-interacted items), for reasons."""
        row = self.train[[user]].multiply(self.pre[None, :]).tocsr()
        normed = self.graph.normed
        column = normed[:, [item]]
        contributions: list[tuple[int, float]] = []
        for source, weight in zip(row.indices, row.data, strict=True):
            via = float((normed[:, [source]].multiply(column)).sum()) * float(weight)
            contributions.append((int(source), via * float(self.post[item])))
        contributions.sort(key=lambda pair: -pair[1])
        return contributions[:top_n]


class ALS(Recommender):
    """Implicit ALS (Hu, Koren, Volinsky 2008) from the ``implicit`` package, CPU build."""

    name = "als"

    def __init__(
        self,
        factors: int = 128,
        regularization: float = 0.05,
        alpha: float = 40.0,
        iterations: int = 15,
        seed: int = 0,
        num_threads: int = 0,
    ) -> None:
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.seed = seed
        self.num_threads = num_threads

    def params(self) -> dict[str, Any]:
        return {
            "factors": self.factors,
            "regularization": self.regularization,
            "alpha": self.alpha,
            "iterations": self.iterations,
        }

    def fit(self, train: sp.csr_matrix) -> ALS:
        from implicit.cpu.als import AlternatingLeastSquares  # optional heavy import

        self.train = _as_binary_csr(train)
        model = AlternatingLeastSquares(
            factors=self.factors,
            regularization=self.regularization,
            alpha=self.alpha,
            iterations=self.iterations,
            random_state=self.seed,
            num_threads=self.num_threads,
            calculate_training_loss=False,
        )
        # implicit parallelises over users itself; a multi-threaded BLAS underneath oversubscribes.
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, "blas"):
            model.fit(self.train, show_progress=False)
        self.user_factors = np.asarray(model.user_factors, dtype=np.float32)
        self.item_factors = np.asarray(model.item_factors, dtype=np.float32)
        return self

    def score(self, users: np.ndarray) -> np.ndarray:
        return self.user_factors[users] @ self.item_factors.T


MODELS: dict[str, type[Recommender]] = {
    MostPopular.name: MostPopular,
    GFCF.name: GFCF,
    SpectralCF.name: SpectralCF,
    ALS.name: ALS,
}
DEFAULT_MODEL = SpectralCF.name


def build_model(name: str, **params: Any) -> Recommender:
    try:
        cls = MODELS[name]
    except KeyError:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(MODELS)}") from None
    return cls(**params)
