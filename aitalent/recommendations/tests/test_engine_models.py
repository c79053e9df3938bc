import numpy as np
import pytest

from aitalent.recommendations.engine.evaluation import evaluate_ranking
from aitalent.recommendations.engine.models import (
    ALS,
    GFCF,
    MostPopular,
    SpectralCF,
    build_model,
)
from aitalent.recommendations.engine.synthetic import synthetic_split


@pytest.fixture(scope="module")
def split():
    return synthetic_split(600, seed=1, interactions_per_user=30)


def test_it_ranks_most_popular_items_first(split):
    model = MostPopular().fit(split.train.matrix)
    scores = model.score(np.array([0, 1]))
    assert scores.shape == (2, split.train.n_items)
    assert np.argmax(scores[0]) == np.argmax(np.asarray(split.train.matrix.sum(axis=0)).ravel())


@pytest.mark.parametrize(
    "factory", [lambda: GFCF(rank=32), lambda: SpectralCF(rank=64, ideal_rank=32)]
)
def test_graph_filters_are_deterministic_and_beat_popularity(split, factory):
    train, test = split.train.matrix, split.test.matrix
    first = evaluate_ranking(factory().fit(train), test, k=20)
    second = evaluate_ranking(factory().fit(train), test, k=20)
    popular = evaluate_ranking(MostPopular().fit(train), test, k=20)
    assert first.recall == second.recall and first.ndcg == second.ndcg
    assert first.recall > popular.recall
    assert 0 < first.coverage <= 1


def test_it_uses_the_factorised_path_when_the_item_graph_is_too_big(split, monkeypatch):
    from aitalent.recommendations.engine import models

    users = np.arange(20)
    dense = SpectralCF(rank=32, ideal_rank=16).fit(split.train.matrix).score(users)
    monkeypatch.setattr(models, "GRAM_NNZ_LIMIT", 0)
    chained = SpectralCF(rank=32, ideal_rank=16).fit(split.train.matrix)
    assert chained.graph.gram is None
    np.testing.assert_allclose(chained.score(users), dense, rtol=1e-4, atol=1e-5)


def test_large_inputs_use_the_smaller_rank_and_scale_the_bump(split):
    train = split.train.matrix
    small = SpectralCF(rank=64, ideal_rank=32).fit(train)
    large = SpectralCF(rank=64, ideal_rank=32, large_nnz=0, large_rank=16).fit(train)
    assert len(small.lam) == 64 and len(large.lam) == 16
    # the bump covers half the eigenpairs in both cases, so the tail slope stays bump-free
    values = large.transfer(large.lam, 8)
    assert large.tail_slope == pytest.approx(values[-1] / large.lam[-1])
    users = np.arange(10)
    assert np.isfinite(large.score(users)).all()


def test_it_masks_training_items_in_evaluation(split):
    model = MostPopular().fit(split.train.matrix)
    result = evaluate_ranking(model, split.train.matrix, k=5)
    assert result.recall == 0.0  # every training item is removed before ranking


def test_als_fits_and_scores(split):
    pytest.importorskip("implicit")
    model = ALS(factors=8, iterations=3, num_threads=1).fit(split.train.matrix)
    assert model.score(np.array([0, 1, 2])).shape == (3, split.train.n_items)


def test_it_refuses_unknown_models():
    with pytest.raises(ValueError, match="unknown model"):
        build_model("nope")


def test_it_explains_a_spectral_score_with_training_items(split):
    model = SpectralCF(rank=32, ideal_rank=16).fit(split.train.matrix)
    user = 0
    item = int(np.argmax(model.score(np.array([user]))[0]))
    reasons = model.explain(user, item)
    own = set(split.train.matrix[user].indices.tolist())
    assert reasons and all(source in own for source, _ in reasons)
    assert [w for _, w in reasons] == sorted((w for _, w in reasons), reverse=True)
