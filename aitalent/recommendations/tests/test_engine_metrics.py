import math

import numpy as np
import pytest
import scipy.sparse as sp

from aitalent.recommendations.engine import metrics


def test_it_computes_recall_and_ndcg_by_hand():
    # Ranks 1..4; hits at ranks 1 and 3; the user has 3 relevant items.
    hits = np.array([[True, False, True, False]])
    assert metrics.recall_at_k(hits, np.array([3]))[0] == pytest.approx(2 / 3)
    dcg = 1 / math.log2(2) + 1 / math.log2(4)
    idcg = 1 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert metrics.ndcg_at_k(hits, np.array([3]))[0] == pytest.approx(dcg / idcg)


def test_it_does_not_cap_recall_at_k_but_caps_idcg():
    # 30 relevant items, K = 2, both hits: recall 2/30 (not capped), NDCG 1 (IDCG over 2 hits).
    hits = np.array([[True, True]])
    assert metrics.recall_at_k(hits, np.array([30]))[0] == pytest.approx(2 / 30)
    assert metrics.ndcg_at_k(hits, np.array([30]))[0] == pytest.approx(1.0)


def test_it_gives_nan_for_users_without_relevant_items():
    hits = np.zeros((1, 3), dtype=bool)
    assert np.isnan(metrics.recall_at_k(hits, np.array([0]))[0])
    assert np.isnan(metrics.ndcg_at_k(hits, np.array([0]))[0])


def test_it_orders_top_k_by_score_then_index():
    scores = np.array([[0.1, 0.9, 0.5, 0.9, -np.inf]])
    assert metrics.top_k(scores, 3).tolist() == [[1, 3, 2]]


def test_it_builds_the_hit_matrix_from_sparse_truth():
    truth = sp.csr_matrix(np.array([[0, 1, 0, 1], [1, 0, 0, 0]], dtype=np.float32))
    top = np.array([[1, 2], [3, 0]])
    assert metrics.hits_matrix(top, truth, np.array([0, 1])).tolist() == [
        [True, False],
        [False, True],
    ]


@pytest.mark.parametrize(
    ("pos", "neg", "expected"),
    [
        ([3, 4], [1, 2], 1.0),
        ([1, 2], [3, 4], 0.0),
        ([1, 3], [2, 2], 0.5),
        ([1], [1], 0.5),  # a tie counts one half
        ([2, 2], [1, 2], 0.75),
    ],
)
def test_it_computes_auc_with_ties_averaged(pos, neg, expected):
    assert metrics.auc(np.array(pos), np.array(neg)) == pytest.approx(expected)


def test_it_computes_ogb_hits_at_k_strictly_above_the_kth_negative():
    neg = np.array([5.0, 4.0, 3.0, 1.0])
    pos = np.array([6.0, 4.0, 3.5, 0.0])
    # K=2: the 2nd highest negative is 4.0; positives strictly above: 6.0 only... and none tie in.
    assert metrics.hits_at_k(pos, neg, 2) == pytest.approx(1 / 4)
    # K=3: threshold 3.0 → 6.0, 4.0 and 3.5 are above.
    assert metrics.hits_at_k(pos, neg, 3) == pytest.approx(3 / 4)
    assert metrics.hits_at_k(pos, neg, 10) == 1.0  # fewer negatives than K


def test_it_ranks_positives_against_their_own_negatives():
    ranks = metrics.ranks_against_negatives(
        np.array([0.5, 0.2]), np.array([[0.1, 0.9, 0.5], [0.3, 0.4, 0.1]])
    )
    assert ranks.tolist() == [2.5, 3.0]
    assert metrics.mrr(np.array([1.0, 2.0, 4.0])) == pytest.approx((1 + 0.5 + 0.25) / 3)
    assert metrics.hits_at_rank(np.array([1, 10, 11]), 10) == pytest.approx(2 / 3)


def test_it_computes_catalogue_coverage():
    assert metrics.catalogue_coverage(np.array([[0, 1], [1, 2]]), 6) == pytest.approx(0.5)
