"""People link prediction: neighbourhood heuristics and a learned combiner of graph features.

All pair features are computed source-batch by source-batch: for a batch of source nodes we build
dense rows (batch × n) of every feature with a handful of dense × sparse products, then gather
the targets we need. That is exact, vectorised and bounded in memory for graphs of ~10⁵ nodes.
Set overlaps of 1- and 2-hop neighbourhoods use packed bit sets and popcounts (sparse row
products above ``BITSET_MAX_NODES``).

Besides neighbourhood overlap and paths, the features describe how the two ends sit in their
groups: triangle-weighted common neighbours, the density among common neighbours, clustering
coefficients, and shared Louvain / Leiden / label-propagation communities. In a co-authorship
graph (a union of per-paper cliques) these separate "wrote a paper together" from "work in the
same group", which is what decides Hits@K against random non-edges.

The combiner (scikit-learn gradient boosting) is trained on edges held out from the *training*
graph (features recomputed on the graph without them), never on validation or test edges.
Member-to-member suggestions use a reciprocal score: the harmonic mean of the two directional
probabilities, so a suggestion has to be plausible from both sides.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import igraph as ig
import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier

from aitalent.recommendations.engine.data import adjacency

FEATURE_NAMES = (
    "common_neighbours",
    "adamic_adar",
    "resource_allocation",
    "jaccard",
    "salton",
    "hub_promoted",
    "hub_depressed",
    "resource_allocation_squared",
    "common_neighbour_edges",
    "log_degree_source",
    "log_degree_target",
    "log_paths3",
    "resource_allocation3",
    "ppr",
    "log_two_hop_source",
    "log_two_hop_target",
    "paths3_normalised",
    # How the two ends sit in their groups (co-authorship is a union of per-paper cliques):
    "log_triangle_common_neighbours",
    "triangle_common_neighbours_per_common",
    "common_neighbour_density",
    "clustering_source",
    "clustering_target",
    # BUDDY-style overlaps of the 1- and 2-hop neighbourhoods N₁, N₂ (N₂ = distance ≤ 2)
    "n1_source_n2_target",
    "n2_source_n1_target",
    "log_n2_overlap",
    "n2_jaccard",
    # research groups found on the whole graph
    "same_louvain",
    "log_smaller_louvain_size",
    "same_fine_community",
    "same_label_propagation",
)
# +1: the link probability may only increase with the feature (neighbourhood overlap, paths).
MONOTONIC = (1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1)
MONOTONIC += (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
HEURISTICS = ("common_neighbours", "adamic_adar", "resource_allocation")
# Reversing a pair swaps these columns; every other feature is symmetric (A³ and A·D⁻¹·A·D⁻¹·A
# are symmetric matrices) except "ppr", which is divided by the source degree.
_SWAP = (
    ("log_degree_source", "log_degree_target"),
    ("log_two_hop_source", "log_two_hop_target"),
    ("clustering_source", "clustering_target"),
    ("n1_source_n2_target", "n2_source_n1_target"),
)
# Above this many nodes the N₁/N₂ bit sets (n²/8 bytes each) give way to sparse row products.
BITSET_MAX_NODES = 40_000
COMMUNITY_SEED = 0


def _bitsets(matrix: sp.csr_matrix) -> np.ndarray:
    """Row i of a binary CSR matrix as packed bits: (n, words) uint64, popcount-ready."""
    n, width = matrix.shape
    words = (width + 63) // 64
    packed = np.zeros((n, words * 8), dtype=np.uint8)
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    cols = matrix.indices.astype(np.int64)
    np.bitwise_or.at(packed, (rows, cols >> 3), (1 << (cols & 7)).astype(np.uint8))
    return packed.view(np.uint64)


def _seeded(fn: Callable[..., ig.VertexClustering]) -> np.ndarray:
    """Run an igraph community detection with its (Python) random generator seeded."""
    ig.set_random_number_generator(random.Random(COMMUNITY_SEED))
    try:
        return np.asarray(fn().membership, dtype=np.int64)
    finally:
        ig.set_random_number_generator(random)


class Graph:
    """An undirected graph as a symmetric binary CSR matrix plus cached sparse products.

    ``a2`` = A² (common-neighbour counts, also the 3-path operator) and ``ra_walk`` = A·D⁻¹·A·D⁻¹
    are sparse (≈ 7.5M non-zeros on ca-AstroPh) and computed once; pair features are then row
    gathers and sparse row dot products.
    """

    def __init__(self, adj: sp.csr_matrix, *, ppr_alpha: float = 0.15) -> None:
        self.adj = sp.csr_matrix(adj, dtype=np.float32)
        self.adj.sort_indices()
        self.n = self.adj.shape[0]
        self.degree = np.asarray(self.adj.sum(axis=1)).ravel().astype(np.float32)
        safe = np.maximum(self.degree, 1.0)
        self.inv_degree = np.where(self.degree > 0, 1.0 / safe, 0.0).astype(np.float32)
        # Adamic–Adar weights 1/log d; degree-1 nodes cannot be a common neighbour of two others.
        self.inv_log_degree = np.where(self.degree > 1, 1.0 / np.log(np.maximum(safe, 2.0)), 0.0)
        self.inv_log_degree = self.inv_log_degree.astype(np.float32)
        self.ppr_alpha = ppr_alpha
        self._a2: sp.csr_matrix | None = None
        self._ra_walk: sp.csr_matrix | None = None
        self._two_hop: np.ndarray | None = None
        self._triangles: sp.csr_matrix | None = None
        self._reach: sp.csr_matrix | None = None
        self._bits: tuple[np.ndarray, np.ndarray] | None = None
        self._communities: dict[str, np.ndarray] | None = None

    @classmethod
    def from_pairs(cls, pairs: np.ndarray, n_nodes: int) -> Graph:
        return cls(adjacency(pairs, n_nodes))

    @property
    def a2(self) -> sp.csr_matrix:
        if self._a2 is None:
            self._a2 = (self.adj @ self.adj).tocsr()
        return self._a2

    @property
    def ra_walk(self) -> sp.csr_matrix:
        if self._ra_walk is None:
            inv = sp.diags(self.inv_degree)
            self._ra_walk = (self.adj @ inv @ self.adj @ inv).tocsr()
        return self._ra_walk

    @property
    def triangles(self) -> sp.csr_matrix:
        """T[u, v] = number of triangles on the edge u–v (A ⊙ A²), 0 off the edges."""
        if self._triangles is None:
            self._triangles = self.adj.multiply(self.a2).tocsr()
        return self._triangles

    def clustering(self) -> np.ndarray:
        """Local clustering coefficient of every node (0 below degree 2)."""
        tri = np.asarray(self.triangles.sum(axis=1)).ravel() / 2
        d = self.degree
        return np.where(d > 1, 2 * tri / np.maximum(d * (d - 1), 1.0), 0.0).astype(np.float32)

    @property
    def reach(self) -> sp.csr_matrix:
        """Binary N₂: nodes at distance 1 or 2 from each node, the node itself excluded."""
        if self._reach is None:
            reach = (self.a2 + self.adj).tocsr()
            reach.setdiag(0)
            reach.eliminate_zeros()
            reach.data[:] = 1
            self._reach = reach
        return self._reach

    def bits(self) -> tuple[np.ndarray, np.ndarray]:
        """(N₁, N₂) as packed bit sets, for fast set intersections of many pairs."""
        if self._bits is None:
            self._bits = (_bitsets(self.adj), _bitsets(self.reach))
        return self._bits

    def communities(self) -> dict[str, np.ndarray]:
        """Seeded community memberships: Louvain, fine Leiden (resolution 5), label propagation."""
        if self._communities is None:
            upper = sp.triu(self.adj, 1).tocoo()
            g = ig.Graph(n=self.n, edges=np.stack([upper.row, upper.col], axis=1).tolist())
            self._communities = {
                "louvain": _seeded(g.community_multilevel),
                "fine": _seeded(
                    lambda: g.community_leiden(
                        objective_function="modularity", resolution=5.0, n_iterations=2
                    )
                ),
                "label_propagation": _seeded(g.community_label_propagation),
            }
        return self._communities

    def two_hop_sizes(self) -> np.ndarray:
        """|N₂(v)|: nodes at distance 1 or 2 from v, v itself excluded, for every node."""
        if self._two_hop is None:
            reach = (self.a2 + self.adj).tocsr()
            self._two_hop = (np.diff(reach.indptr) - (reach.diagonal() > 0)).astype(np.float32)
        return self._two_hop


def _grouped(sources: np.ndarray, batch: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (unique source batch, indices of pairs whose source is in it)."""
    order = np.argsort(sources, kind="stable")
    uniq, starts = np.unique(sources[order], return_index=True)
    bounds = np.append(starts, len(order))
    for b in range(0, len(uniq), batch):
        lo, hi = bounds[b], bounds[min(b + batch, len(uniq))]
        yield uniq[b : b + batch], order[lo:hi]


def _overlap(graph: Graph, s: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Common-neighbour statistics of pairs, from the element-wise product of adjacency rows."""
    common = graph.adj[s].multiply(graph.adj[t]).tocsr()
    return {
        "cn": np.asarray(common.sum(axis=1)).ravel(),
        "ra": common @ graph.inv_degree,
        "aa": common @ graph.inv_log_degree,
        "ra2": common @ (graph.inv_degree**2),
        # edges among the common neighbours: mutual friends who also know each other
        "cn_edges": np.asarray((common @ graph.adj).multiply(common).sum(axis=1)).ravel() / 2,
    }


def pair_features(
    graph: Graph, pairs: np.ndarray, *, batch: int = 512, chunk: int = 50_000
) -> np.ndarray:
    """Feature matrix (len(pairs), len(FEATURE_NAMES)) for directed (source, target) pairs."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    out = np.zeros((len(pairs), len(FEATURE_NAMES)), dtype=np.float32)
    if len(pairs) == 0:
        return out
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    deg = graph.degree
    s, t = pairs[:, 0], pairs[:, 1]
    for lo in range(0, len(pairs), chunk):
        part = _overlap(graph, s[lo : lo + chunk], t[lo : lo + chunk])
        for key, name in (
            ("cn", "common_neighbours"),
            ("aa", "adamic_adar"),
            ("ra", "resource_allocation"),
            ("ra2", "resource_allocation_squared"),
            ("cn_edges", "common_neighbour_edges"),
        ):
            out[lo : lo + chunk, col[name]] = part[key]
    # 3-paths (A³) and 3-hop resource allocation, by dense source rows times the sparse adjacency.
    paths3 = np.zeros(len(pairs), dtype=np.float32)
    ra3 = np.zeros(len(pairs), dtype=np.float32)
    for uniq, idx in _grouped(s, batch):
        local = np.searchsorted(uniq, s[idx])
        paths3[idx] = (graph.a2[uniq].toarray() @ graph.adj)[local, t[idx]]
        ra3[idx] = (graph.ra_walk[uniq].toarray() @ graph.adj)[local, t[idx]]
    cn = out[:, col["common_neighbours"]]
    ds, dt = deg[s], deg[t]
    union = ds + dt - cn
    out[:, col["jaccard"]] = np.where(union > 0, cn / np.maximum(union, 1), 0.0)
    out[:, col["salton"]] = cn / np.sqrt(np.maximum(ds * dt, 1.0))
    out[:, col["hub_promoted"]] = cn / np.maximum(np.minimum(ds, dt), 1.0)
    out[:, col["hub_depressed"]] = cn / np.maximum(np.maximum(ds, dt), 1.0)
    out[:, col["log_degree_source"]] = np.log1p(ds)
    out[:, col["log_degree_target"]] = np.log1p(dt)
    out[:, col["log_paths3"]] = np.log1p(paths3)
    out[:, col["resource_allocation3"]] = ra3
    # Personalised PageRank with restart α at the source, truncated after 3 steps, for a
    # non-adjacent pair: α(1-α)²·(D⁻¹A)²[s,t] + α(1-α)³·(D⁻¹A)³[s,t] = (…RA…, …RA3…)/d_s.
    alpha = graph.ppr_alpha
    ra = out[:, col["resource_allocation"]]
    inv_ds = graph.inv_degree[s]
    out[:, col["ppr"]] = (
        alpha * (1 - alpha) ** 2 * ra * inv_ds + alpha * (1 - alpha) ** 3 * ra3 * inv_ds
    )
    two_hop = graph.two_hop_sizes()
    out[:, col["log_two_hop_source"]] = np.log1p(two_hop[s])
    out[:, col["log_two_hop_target"]] = np.log1p(two_hop[t])
    out[:, col["paths3_normalised"]] = paths3 / np.maximum(ds * dt, 1.0)
    _group_features(graph, s, t, out, col, chunk)
    return out


def _group_features(
    graph: Graph,
    s: np.ndarray,
    t: np.ndarray,
    out: np.ndarray,
    col: dict[str, int],
    chunk: int,
) -> None:
    """Triangle, clustering, N₁/N₂-overlap and community features, written into ``out``."""
    tri = graph.triangles
    small = graph.n <= BITSET_MAX_NODES
    bits1, bits2 = graph.bits() if small else (None, None)
    reach = graph.reach
    reach_size = np.diff(reach.indptr).astype(np.float32)
    step = 20_000 if small else chunk
    for lo in range(0, len(s), step):
        ss, tt = s[lo : lo + step], t[lo : lo + step]
        rows = slice(lo, lo + len(ss))
        # Σ_w T[s, w]·T[t, w]: common neighbours weighted by how embedded both ties are.
        weighted = np.asarray(tri[ss].multiply(tri[tt]).sum(axis=1)).ravel()
        out[rows, col["log_triangle_common_neighbours"]] = np.log1p(weighted)
        if bits1 is not None and bits2 is not None:
            a = np.bitwise_count(bits1[ss] & bits2[tt]).sum(axis=1, dtype=np.int64)
            b = np.bitwise_count(bits2[ss] & bits1[tt]).sum(axis=1, dtype=np.int64)
            c = np.bitwise_count(bits2[ss] & bits2[tt]).sum(axis=1, dtype=np.int64)
        else:
            a = np.asarray(graph.adj[ss].multiply(reach[tt]).sum(axis=1)).ravel()
            b = np.asarray(reach[ss].multiply(graph.adj[tt]).sum(axis=1)).ravel()
            c = np.asarray(reach[ss].multiply(reach[tt]).sum(axis=1)).ravel()
        out[rows, col["n1_source_n2_target"]] = a
        out[rows, col["n2_source_n1_target"]] = b
        out[rows, col["log_n2_overlap"]] = np.log1p(c)
        union = reach_size[ss] + reach_size[tt] - c
        out[rows, col["n2_jaccard"]] = c / np.maximum(union, 1.0)
    cn = out[:, col["common_neighbours"]]
    out[:, col["triangle_common_neighbours_per_common"]] = out[
        :, col["log_triangle_common_neighbours"]
    ] / np.maximum(cn, 1.0)
    out[:, col["common_neighbour_density"]] = out[:, col["common_neighbour_edges"]] / np.maximum(
        cn * (cn - 1) / 2, 1.0
    )
    clustering = graph.clustering()
    out[:, col["clustering_source"]] = clustering[s]
    out[:, col["clustering_target"]] = clustering[t]
    groups = graph.communities()
    louvain = groups["louvain"]
    sizes = np.bincount(louvain)
    out[:, col["same_louvain"]] = louvain[s] == louvain[t]
    out[:, col["log_smaller_louvain_size"]] = np.log1p(
        np.minimum(sizes[louvain[s]], sizes[louvain[t]])
    )
    out[:, col["same_fine_community"]] = groups["fine"][s] == groups["fine"][t]
    lp = groups["label_propagation"]
    out[:, col["same_label_propagation"]] = lp[s] == lp[t]


def reverse_features(features: np.ndarray, pairs: np.ndarray, graph: Graph) -> np.ndarray:
    """The features of the reversed pairs (target → source) without recomputing paths."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    out = features.copy()
    for a, b in _SWAP:
        out[:, col[a]], out[:, col[b]] = features[:, col[b]], features[:, col[a]]
    ds = graph.degree[pairs[:, 0]]
    out[:, col["ppr"]] = features[:, col["ppr"]] * ds * graph.inv_degree[pairs[:, 1]]
    return out


def heuristic_scores(graph: Graph, pairs: np.ndarray, name: str) -> np.ndarray:
    """Common neighbours, Adamic–Adar or resource allocation for undirected pairs."""
    key = {"common_neighbours": "cn", "adamic_adar": "aa", "resource_allocation": "ra"}[name]
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if len(pairs) == 0:
        return np.zeros(0)
    return np.asarray(_overlap(graph, pairs[:, 0], pairs[:, 1])[key], dtype=np.float64)


def sample_non_edges(
    n_nodes: int, count: int, forbidden: set[tuple[int, int]], rng: np.random.Generator
) -> np.ndarray:
    """Uniform random node pairs (u < v) that are not in ``forbidden`` (undirected)."""
    found: list[tuple[int, int]] = []
    seen = set(forbidden)
    while len(found) < count:
        draw = rng.integers(0, n_nodes, size=(2 * (count - len(found)) + 16, 2))
        for a, b in draw.tolist():
            if a == b:
                continue
            pair = (a, b) if a < b else (b, a)
            if pair in seen:
                continue
            seen.add(pair)
            found.append(pair)
            if len(found) == count:
                break
    return np.asarray(found, dtype=np.int64).reshape(-1, 2)


def two_hop_negatives(
    graph: Graph,
    sources: np.ndarray,
    per_source: int,
    forbidden: set[tuple[int, int]],
    rng: np.random.Generator,
    exclude_targets: np.ndarray | None = None,
) -> list[np.ndarray]:
    """For each source, up to ``per_source`` nodes at distance exactly 2 that are not linked to
    it in ``forbidden`` (all known edges) and are not ``exclude_targets[i]``."""
    out: list[np.ndarray] = []
    adj = graph.adj
    for i, s in enumerate(np.asarray(sources).tolist()):
        first = adj.indices[adj.indptr[s] : adj.indptr[s + 1]]
        if len(first) == 0:
            out.append(np.zeros(0, dtype=np.int64))
            continue
        second = np.unique(adj[first].indices)
        mask = second != s
        if exclude_targets is not None:
            mask &= second != exclude_targets[i]
        candidates = second[mask]
        candidates = np.asarray(
            [c for c in candidates.tolist() if ((s, c) if s < c else (c, s)) not in forbidden],
            dtype=np.int64,
        )
        if len(candidates) > per_source:
            candidates = rng.choice(candidates, size=per_source, replace=False)
        out.append(np.sort(candidates))
    return out


def _random_non_edges(
    n_nodes: int, count: int, forbidden_keys: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """About ``count`` uniform random pairs (u < v) whose key u·n+v is not in the sorted
    ``forbidden_keys`` (vectorised; duplicates are rare and harmless for training)."""
    draw = np.sort(rng.integers(0, n_nodes, size=(count, 2)), axis=1)
    draw = draw[draw[:, 0] != draw[:, 1]]
    return draw[~np.isin(draw[:, 0] * n_nodes + draw[:, 1], forbidden_keys)]


@dataclass
class LinkCombiner:
    """Graph features → gradient-boosted probability that a link forms.

    ``fit`` holds out ``folds`` disjoint slices of ``fold_fraction`` of the training edges. For
    each slice it recomputes the features on the training graph without that slice (95 % of it,
    so the features look like those of the full training graph) and learns to separate the
    held-out edges from uniform random non-edges and 2-hop non-edges.

    Hits@K against random non-edges is decided by the rare random pairs that share neighbours, so
    the random negatives are importance-sampled: every one of ``random_pairs`` uniform draws that
    has a common neighbour is kept, plus ``zero_overlap_kept`` of the rest, reweighted to the
    uniform distribution. On small graphs, where most draws share a neighbour, both kinds are
    capped at ``kept_per_positive`` per held-out edge (also reweighted).
    """

    folds: int = 3
    fold_fraction: float = 0.05
    random_pairs: int = 3_000_000
    zero_overlap_kept: int = 60_000
    kept_per_positive: int = 20
    # total weights of the three groups, relative to the positives (1)
    random_weight: float = 10.0
    hard_weight: float = 1.0
    hard_per_positive: int = 2
    seed: int = 0
    max_iter: int = 300
    classifier: HistGradientBoostingClassifier | None = field(default=None, repr=False)
    graph: Graph | None = field(default=None, repr=False)

    def training_set(
        self, train_pairs: np.ndarray, n_nodes: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rng = np.random.default_rng(self.seed)
        train_pairs = np.asarray(train_pairs, dtype=np.int64).reshape(-1, 2)
        ordered = np.sort(train_pairs, axis=1)
        forbidden_keys = np.unique(ordered[:, 0] * n_nodes + ordered[:, 1])
        forbidden = {(int(k // n_nodes), int(k % n_nodes)) for k in forbidden_keys.tolist()}
        perm = rng.permutation(len(train_pairs))
        size = max(1, int(len(train_pairs) * self.fold_fraction))
        xs, ys, ws = [], [], []
        for fold in range(self.folds):
            chosen = perm[fold * size : (fold + 1) * size]
            if len(chosen) == 0:
                break
            held = train_pairs[chosen]
            keep = np.ones(len(train_pairs), dtype=bool)
            keep[chosen] = False
            reduced = Graph.from_pairs(train_pairs[keep], n_nodes)
            draws = _random_non_edges(
                n_nodes, min(self.random_pairs, 400 * len(held)), forbidden_keys, rng
            )
            overlap = np.asarray(reduced.a2[draws[:, 0], draws[:, 1]]).ravel() > 0
            sharing, zero = draws[overlap], draws[~overlap]
            # On small graphs most draws share a neighbour; cap both kinds per held-out edge.
            cap = self.kept_per_positive * len(held)
            sharing_weight = 1.0
            if len(sharing) > cap:
                sharing_weight = len(sharing) / cap
                sharing = sharing[rng.choice(len(sharing), size=cap, replace=False)]
            n_zero = min(self.zero_overlap_kept, cap, len(zero))
            zero = zero[rng.choice(len(zero), size=n_zero, replace=False)]
            zero_weight = (~overlap).sum() / max(n_zero, 1)
            hard_lists = two_hop_negatives(
                reduced, held[:, 0], self.hard_per_positive, forbidden, rng
            )
            hard = np.asarray(
                [(a, b) for a, ts in zip(held[:, 0].tolist(), hard_lists, strict=True) for b in ts],
                dtype=np.int64,
            ).reshape(-1, 2)
            pairs = np.concatenate([held, sharing, zero, hard])
            flip = rng.random(len(pairs)) < 0.5  # learn both roles of the directional features
            pairs[flip] = pairs[flip][:, ::-1]
            random_w = np.concatenate(
                [np.full(len(sharing), sharing_weight), np.full(n_zero, zero_weight)]
            )
            random_w *= self.random_weight / max(random_w.sum(), 1e-12)
            weights = np.concatenate(
                [
                    np.full(len(held), 1.0 / len(held)),
                    random_w,
                    np.full(len(hard), self.hard_weight / max(len(hard), 1)),
                ]
            )
            labels = np.concatenate([np.ones(len(held)), np.zeros(len(pairs) - len(held))])
            xs.append(pair_features(reduced, pairs))
            ys.append(labels)
            ws.append(weights)
        weights = np.concatenate(ws)
        return np.concatenate(xs), np.concatenate(ys), weights * len(weights) / weights.sum()

    def fit(self, train_pairs: np.ndarray, n_nodes: int) -> LinkCombiner:
        features, labels, weights = self.training_set(train_pairs, n_nodes)
        self.classifier = HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=0.08,
            max_leaf_nodes=31,
            l2_regularization=1.0,
            early_stopping=True,
            validation_fraction=0.1,
            random_state=self.seed,
            # More shared neighbourhood never makes a link less likely; the constraint keeps the
            # rare extreme pairs (which decide Hits@K) from being ranked by noise.
            monotonic_cst=MONOTONIC,
        ).fit(features, labels, sample_weight=weights)
        self.graph = Graph.from_pairs(train_pairs, n_nodes)
        return self

    def directional(self, pairs: np.ndarray, graph: Graph | None = None) -> np.ndarray:
        """P(link | features of source → target), for directed pairs."""
        if self.classifier is None:
            raise RuntimeError("fit the combiner first")
        graph = graph or self.graph
        assert graph is not None
        return self.classifier.predict_proba(pair_features(graph, pairs))[:, 1]

    def score(self, pairs: np.ndarray, graph: Graph | None = None) -> np.ndarray:
        """Reciprocal score: harmonic mean of both directions (high only if both are likely)."""
        if self.classifier is None:
            raise RuntimeError("fit the combiner first")
        graph = graph or self.graph
        assert graph is not None
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        forward = pair_features(graph, pairs)
        backward = reverse_features(forward, pairs, graph)
        proba = self.classifier.predict_proba(np.concatenate([forward, backward]))[:, 1]
        return reciprocal(proba[: len(pairs)], proba[len(pairs) :])


def reciprocal(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    """Harmonic mean of two directional probabilities (0 when either is 0)."""
    forward = np.asarray(forward, dtype=np.float64)
    backward = np.asarray(backward, dtype=np.float64)
    total = forward + backward
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 2 * forward * backward / total, 0.0)


@dataclass
class PersonSuggestion:
    person: int
    score: float
    mutual_connections: int
    reasons: dict[str, float]


def suggest_people(
    model: LinkCombiner,
    person: int,
    *,
    k: int = 10,
    exclude: set[int] | None = None,
    accepts: Callable[[int], float] | None = None,
) -> list[PersonSuggestion]:
    """People-you-may-know for one member: candidates from the 2-hop neighbourhood, ranked by the
    reciprocal score (optionally times ``accepts(candidate)``, e.g. opt-in or capacity), with the
    feature values that explain each suggestion."""
    graph = model.graph
    assert graph is not None
    adj = graph.adj
    first = adj.indices[adj.indptr[person] : adj.indptr[person + 1]]
    candidates = np.setdiff1d(np.unique(adj[first].indices), np.append(first, person))
    if exclude:
        candidates = np.setdiff1d(candidates, np.fromiter(exclude, dtype=np.int64))
    if len(candidates) == 0:
        return []
    pairs = np.stack([np.full(len(candidates), person), candidates], axis=1)
    scores = model.score(pairs)
    if accepts is not None:
        scores = scores * np.asarray([accepts(int(c)) for c in candidates])
    feats = pair_features(graph, pairs)
    order = np.argsort(-scores, kind="stable")[:k]
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    return [
        PersonSuggestion(
            person=int(candidates[i]),
            score=float(scores[i]),
            mutual_connections=int(feats[i, col["common_neighbours"]]),
            reasons={
                "mutual_connections": float(feats[i, col["common_neighbours"]]),
                "resource_allocation": float(feats[i, col["resource_allocation"]]),
                "ppr": float(feats[i, col["ppr"]]),
            },
        )
        for i in order
    ]
