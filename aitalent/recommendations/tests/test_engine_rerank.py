import numpy as np
import pytest

from aitalent.recommendations.engine import rerank


def test_freshness_halves_every_half_life():
    assert rerank.freshness_decay(np.array([0, 7, 14, -3]), 7).tolist() == pytest.approx(
        [1, 0.5, 0.25, 1]
    )


def test_exclusions_and_rules_drop_items():
    scores = rerank.apply_exclusions(
        np.array([1.0, 2.0, 3.0, 4.0]), excluded=[3], rules=[lambda items: items == 0]
    )
    assert np.isneginf(scores[[0, 3]]).all() and scores[1:3].tolist() == [2.0, 3.0]


def test_mmr_prefers_diverse_items():
    # Items 0 and 1 are near duplicates; 2 is different and slightly less relevant.
    emb = np.array([[1.0, 0.0], [0.99, 0.01], [0.0, 1.0]])
    scores = np.array([1.0, 0.98, 0.9])
    assert rerank.mmr(scores, emb, 2, trade_off=1.0) == [0, 1]  # pure relevance
    assert rerank.mmr(scores, emb, 2, trade_off=0.5) == [0, 2]


def test_every_recommendation_carries_its_reasons_largest_first():
    signals = {
        "collaborative": np.array([0.2, 0.9, 0.1]),
        "mutual": np.array([3.0, 0.0, 1.0]),
        "level_fit": np.array([0.5, 0.5, 0.5]),
    }
    weights = {"collaborative": 1.0, "mutual": 0.1, "level_fit": 0.2}
    details = {"mutual": {0: {"count": 3}}}
    recs = rerank.recommend(signals, weights, 2, excluded=[2], details=details)
    assert [r.item for r in recs] == [1, 0]
    top_reason = recs[1].reasons[0]
    assert top_reason.signal == "mutual" and top_reason.detail == {"count": 3}
    assert top_reason.contribution == pytest.approx(0.3)
    assert sum(r.share for r in recs[1].reasons) == pytest.approx(1.0)
    assert all(r.signal != "mutual" for r in recs[0].reasons)  # zero contributions are dropped
