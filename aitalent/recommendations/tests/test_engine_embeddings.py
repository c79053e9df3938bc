import numpy as np

from aitalent.recommendations.engine.embeddings import TfidfSvdEmbedder, cosine_top_k, tokenize

CORPUS = [
    "Graph neural networks for recommendation",
    "Collaborative filtering with graph signal processing",
    "Baking sourdough bread at home",
    "深度学习 推荐系统 图神经网络",
    "推荐系统中的协同过滤方法",
    "家庭烘焙面包的技巧",
]


def test_it_segments_chinese_and_keeps_latin_words():
    tokens = tokenize("PyTorch 深度学习入门 for NLP")
    assert "pytorch" in tokens and "nlp" in tokens
    assert "深度" in tokens or "深度学习" in tokens


def test_it_embeds_unit_vectors_of_fixed_dimension_deterministically():
    first = TfidfSvdEmbedder(dim=16).fit(CORPUS).embed(CORPUS)
    second = TfidfSvdEmbedder(dim=16).fit(CORPUS).embed(CORPUS)
    assert first.shape == (6, 16) and first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(first, second)


def test_similar_texts_are_nearest():
    model = TfidfSvdEmbedder(dim=8).fit(CORPUS)
    vectors = model.embed(CORPUS)
    query = model.embed(["推荐系统 协同过滤"])[0]
    assert set(cosine_top_k(query, vectors, 2).tolist()) & {3, 4}
    query = model.embed(["graph recommendation"])[0]
    assert cosine_top_k(query, vectors, 1)[0] in (0, 1)
