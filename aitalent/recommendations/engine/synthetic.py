"""Seeded synthetic data: implicit feedback with popularity skew, and small social graphs.

Used for the scale benchmark (``bench recsys --synthetic N``) and for the tiny end-to-end tests.
The generators are vectorised so 5M interactions take seconds, not minutes.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from aitalent.recommendations.engine.data import (
    InteractionMatrix,
    LinkSplit,
    RecsysSplit,
    binary_csr,
    holdout_split,
)


def _zipf_weights(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.permutation(weights)  # popular items are scattered over the id range


def synthetic_interactions(
    n_users: int,
    *,
    n_items: int | None = None,
    interactions_per_user: float = 50.0,
    n_communities: int | None = None,
    community_share: float = 0.7,
    item_exponent: float = 0.9,
    seed: int = 0,
) -> sp.csr_matrix:
    """A binary users × items matrix with realistic skew and community structure.

    * User activity is log-normal (a few heavy users, a long tail of light ones), scaled so the
      mean is ``interactions_per_user`` before de-duplication.
    * Item popularity is Zipf(``item_exponent``) globally, with items grouped in communities;
      each user belongs to one community and draws ``community_share`` of their interactions
      from it (Zipf inside the community), the rest from global popularity. This gives
      collaborative filters real signal to find, unlike a uniform random matrix.
    """
    rng = np.random.default_rng(seed)
    n_items = n_items or 2 * n_users
    n_communities = n_communities or max(2, int(np.sqrt(n_items) / 4))
    activity = rng.lognormal(mean=0.0, sigma=0.8, size=n_users)
    # Zipf draws repeat (user, item) pairs that collapse into one interaction, so draw ~35 % more
    # and trim back to the target number of distinct interactions below.
    target = int(round(interactions_per_user * n_users))
    activity *= 1.35 * interactions_per_user / activity.mean()
    counts = np.maximum(2, np.round(activity)).astype(np.int64)
    total = int(counts.sum())
    users = np.repeat(np.arange(n_users, dtype=np.int64), counts)

    item_weights = _zipf_weights(n_items, item_exponent, rng)
    global_cdf = np.cumsum(item_weights)
    global_cdf /= global_cdf[-1]
    community_of_item = rng.integers(0, n_communities, size=n_items)
    order = np.argsort(community_of_item, kind="stable")
    bounds = np.searchsorted(community_of_item[order], np.arange(n_communities + 1))
    # Within-community cumulative weights, concatenated in community order.
    ordered_weights = item_weights[order]
    within_cdf = np.empty(n_items)
    for c in range(n_communities):
        lo, hi = bounds[c], bounds[c + 1]
        if hi > lo:
            seg = np.cumsum(ordered_weights[lo:hi])
            within_cdf[lo:hi] = seg / seg[-1]

    user_community = rng.integers(0, n_communities, size=n_users)[users]
    from_community = rng.random(total) < community_share
    items = np.searchsorted(global_cdf, rng.random(total), side="right")
    idx = np.flatnonzero(from_community)
    comm = user_community[idx]
    lo, hi = bounds[comm], bounds[comm + 1]
    nonempty = hi > lo
    idx, comm, lo, hi = idx[nonempty], comm[nonempty], lo[nonempty], hi[nonempty]
    # Inverse-CDF sampling inside each user's community segment, vectorised with one
    # searchsorted over "community index + cumulative weight" keys.
    keys = comm.astype(np.float64) + rng.random(len(idx))
    flat = community_of_item[order].astype(np.float64) + within_cdf
    pos = np.searchsorted(flat, keys, side="left")
    pos = np.clip(pos, lo, hi - 1)
    items[idx] = order[pos]
    items = np.minimum(items, n_items - 1)
    matrix = binary_csr(users, items, (n_users, n_items))
    if matrix.nnz > target:
        coo = matrix.tocoo()
        keep = np.sort(rng.choice(matrix.nnz, size=target, replace=False))
        matrix = binary_csr(coo.row[keep], coo.col[keep], (n_users, n_items))
    return matrix


def synthetic_split(
    n_users: int, *, test_fraction: float = 0.2, seed: int = 0, **kwargs: float
) -> RecsysSplit:
    """A LightGCN-style train/test split of :func:`synthetic_interactions`."""
    matrix = synthetic_interactions(n_users, seed=seed, **kwargs)  # type: ignore[arg-type]
    train, test = holdout_split(matrix, fraction=test_fraction, seed=seed + 1)
    user_ids = np.arange(matrix.shape[0])
    item_ids = np.arange(matrix.shape[1])
    train_im = InteractionMatrix(matrix=train, user_ids=user_ids, item_ids=item_ids)
    return RecsysSplit(name=f"synthetic-{n_users}", train=train_im, test=train_im.with_matrix(test))


def synthetic_graph(
    n_nodes: int, *, n_groups: int = 20, mean_degree: float = 12.0, seed: int = 0
) -> np.ndarray:
    """Undirected edges (u < v) of a clustered graph: mostly within groups, degree-skewed.

    Mimics a collaboration network well enough for end-to-end tests of link prediction:
    triangles are common inside groups, so neighbourhood heuristics have signal.
    """
    rng = np.random.default_rng(seed)
    group = rng.integers(0, n_groups, size=n_nodes)
    fitness = rng.pareto(2.5, size=n_nodes) + 1.0
    n_edges = int(n_nodes * mean_degree / 2)
    u = rng.choice(n_nodes, size=3 * n_edges, p=fitness / fitness.sum())
    v = np.empty_like(u)
    same = rng.random(len(u)) < 0.85
    members = [np.flatnonzero(group == g) for g in range(n_groups)]
    for g in range(n_groups):
        sel = np.flatnonzero(same & (group[u] == g))
        if len(sel) and len(members[g]):
            w = fitness[members[g]]
            v[sel] = rng.choice(members[g], size=len(sel), p=w / w.sum())
    other = np.flatnonzero(~same)
    v[other] = rng.choice(n_nodes, size=len(other), p=fitness / fitness.sum())
    keep = u != v
    pairs = np.stack([np.minimum(u, v), np.maximum(u, v)], axis=1)[keep]
    pairs = np.unique(pairs, axis=0)
    pairs = pairs[rng.permutation(len(pairs))[:n_edges]]
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]


def synthetic_link_split(n_nodes: int, *, seed: int = 0, **kwargs: float) -> LinkSplit:
    """A SEAL-style split (85/5/10, random non-edge negatives) of :func:`synthetic_graph`."""
    edges = synthetic_graph(n_nodes, seed=seed, **kwargs)  # type: ignore[arg-type]
    rng = np.random.default_rng(seed + 1)
    perm = rng.permutation(len(edges))
    n_test = max(1, len(edges) // 10)
    n_val = max(1, len(edges) // 20)
    test_pos = edges[perm[:n_test]]
    val_pos = edges[perm[n_test : n_test + n_val]]
    train_pos = edges[perm[n_test + n_val :]]
    existing = set(map(tuple, edges.tolist()))
    negatives: list[tuple[int, int]] = []
    while len(negatives) < n_test + n_val:
        a, b = (int(x) for x in rng.integers(0, n_nodes, size=2))
        pair = (min(a, b), max(a, b))
        if a != b and pair not in existing:
            existing.add(pair)
            negatives.append(pair)
    neg = np.asarray(negatives, dtype=np.int64)
    return LinkSplit(
        name=f"synthetic-graph-{n_nodes}",
        n_nodes=n_nodes,
        train_pos=train_pos,
        val_pos=val_pos,
        val_neg=neg[n_test:],
        test_pos=test_pos,
        test_neg=neg[:n_test],
    )
