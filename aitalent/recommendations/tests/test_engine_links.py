import math

import numpy as np
import pytest

from aitalent.recommendations.engine import links
from aitalent.recommendations.engine.synthetic import synthetic_link_split


@pytest.fixture
def small_graph():
    # 0-1, 0-2, 1-2, 1-3, 2-3, 3-4: nodes 0 and 3 share neighbours 1 and 2.
    return links.Graph.from_pairs(np.array([[0, 1], [0, 2], [1, 2], [1, 3], [2, 3], [3, 4]]), 5)


def test_it_computes_neighbourhood_heuristics_by_hand(small_graph):
    pairs = np.array([[0, 3], [0, 4]])
    # deg(1) = deg(2) = 3
    assert links.heuristic_scores(small_graph, pairs, "common_neighbours").tolist() == [2, 0]
    assert links.heuristic_scores(small_graph, pairs, "resource_allocation") == pytest.approx(
        [2 / 3, 0]
    )
    assert links.heuristic_scores(small_graph, pairs, "adamic_adar") == pytest.approx(
        [2 / math.log(3), 0]
    )


def test_it_computes_path_and_degree_features(small_graph):
    feats = links.pair_features(small_graph, np.array([[0, 4]]))[0]
    names = dict(zip(links.FEATURE_NAMES, feats, strict=True))
    assert names["log_paths3"] == pytest.approx(math.log1p(2))  # 0-1-3-4 and 0-2-3-4
    assert names["log_degree_source"] == pytest.approx(math.log1p(2))
    assert names["log_two_hop_source"] == pytest.approx(math.log1p(3))  # 1, 2, 3
    assert names["ppr"] > 0


def test_it_computes_group_features_by_hand(small_graph):
    feats = links.pair_features(small_graph, np.array([[0, 3]]))[0]
    names = dict(zip(links.FEATURE_NAMES, feats, strict=True))
    # Edges 0-1, 0-2, 3-1 and 3-2 each close one triangle: Σ_w T[0, w]·T[3, w] = 1 + 1.
    assert names["log_triangle_common_neighbours"] == pytest.approx(math.log1p(2))
    assert names["common_neighbour_density"] == 1.0  # mutual friends 1 and 2 know each other
    assert names["clustering_source"] == 1.0
    assert names["clustering_target"] == pytest.approx(1 / 3)  # of 1-2, 1-4, 2-4 only 1-2
    # N₁(0) = {1, 2}, N₂(0) = {1, 2, 3}; N₁(3) = {1, 2, 4}, N₂(3) = {0, 1, 2, 4}
    assert names["n1_source_n2_target"] == 2
    assert names["n2_source_n1_target"] == 2
    assert names["log_n2_overlap"] == pytest.approx(math.log1p(2))
    assert names["n2_jaccard"] == pytest.approx(2 / 5)


def test_bit_sets_sparse_rows_and_reversal_agree(monkeypatch):
    split = synthetic_link_split(300, seed=4)
    graph = links.Graph.from_pairs(split.train_pos, split.n_nodes)
    pairs = np.concatenate([split.test_pos, split.test_neg])
    with_bits = links.pair_features(graph, pairs)
    monkeypatch.setattr(links, "BITSET_MAX_NODES", 0)
    np.testing.assert_allclose(links.pair_features(graph, pairs), with_bits, rtol=1e-6)
    reversed_pairs = pairs[:, ::-1]
    np.testing.assert_allclose(
        links.reverse_features(with_bits, pairs, graph),
        links.pair_features(graph, reversed_pairs),
        rtol=1e-5,
    )


def test_reciprocal_score_needs_both_sides():
    assert links.reciprocal(np.array([0.9, 0.9, 0.0]), np.array([0.9, 0.1, 0.8])).tolist() == (
        pytest.approx([0.9, 0.18, 0.0])
    )


def test_the_combiner_is_deterministic_and_beats_resource_allocation():
    split = synthetic_link_split(800, seed=2)
    first = links.LinkCombiner(seed=0, max_iter=60).fit(split.train_pos, split.n_nodes)
    second = links.LinkCombiner(seed=0, max_iter=60).fit(split.train_pos, split.n_nodes)
    pairs = np.concatenate([split.test_pos, split.test_neg])
    np.testing.assert_array_equal(first.score(pairs), second.score(pairs))
    from aitalent.recommendations.engine.metrics import auc

    model_auc = auc(first.score(split.test_pos), first.score(split.test_neg))
    graph = links.Graph.from_pairs(split.train_pos, split.n_nodes)
    ra = links.heuristic_scores(graph, split.test_pos, "resource_allocation")
    ra_neg = links.heuristic_scores(graph, split.test_neg, "resource_allocation")
    assert model_auc > auc(ra, ra_neg)


def test_it_suggests_people_from_the_two_hop_neighbourhood():
    split = synthetic_link_split(400, seed=3)
    model = links.LinkCombiner(seed=0, max_iter=40).fit(split.train_pos, split.n_nodes)
    person = int(np.argmax(model.graph.degree))
    suggestions = links.suggest_people(model, person, k=5)
    friends = set(model.graph.adj[person].indices.tolist())
    assert 0 < len(suggestions) <= 5
    assert all(s.person not in friends and s.person != person for s in suggestions)
    assert all(s.mutual_connections >= 1 for s in suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
