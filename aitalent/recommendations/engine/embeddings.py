"""Text embeddings behind one small interface.

* ``TfidfSvdEmbedder`` (default): TF-IDF over words (Latin scripts) and jieba-segmented Chinese,
  reduced by truncated SVD (LSA) and L2-normalised, so cosine similarity is a dot product and
  the vectors can be stored in a pgvector column of fixed dimension.
* ``WordLlamaEmbedder`` (optional extra ``aitalent[embeddings]``): static sentence embeddings from
  the ``wordllama`` package, whose default model weights ship inside the wheel — nothing is
  downloaded at run time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


class TextEmbedder(Protocol):
    dim: int

    def fit(self, texts: Sequence[str]) -> TextEmbedder: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; runs of Chinese characters are segmented with jieba."""
    tokens: list[str] = []
    position = 0
    for match in _CJK.finditer(text):
        tokens.extend(_WORD.findall(text[position : match.start()].lower()))
        import jieba  # imported lazily: its dictionary load costs ~1 s on first use

        tokens.extend(t for t in jieba.lcut(match.group(), HMM=True) if t.strip())
        position = match.end()
    tokens.extend(_WORD.findall(text[position:].lower()))
    return tokens


class TfidfSvdEmbedder:
    """TF-IDF (unigrams + bigrams, sublinear tf) → truncated SVD → unit vectors."""

    def __init__(self, dim: int = 256, *, min_df: int = 1, seed: int = 0) -> None:
        self.dim = dim
        self.min_df = min_df
        self.seed = seed
        self.vectorizer: TfidfVectorizer | None = None
        self.svd: TruncatedSVD | None = None

    def fit(self, texts: Sequence[str]) -> TfidfSvdEmbedder:
        self.vectorizer = TfidfVectorizer(
            tokenizer=tokenize,
            token_pattern=None,
            lowercase=False,
            ngram_range=(1, 2),
            min_df=self.min_df,
            sublinear_tf=True,
        )
        matrix = self.vectorizer.fit_transform(texts)
        # SVD needs n_components < n_features; tiny corpora get fewer dimensions, padded later
        # with zeros so the stored vector size is always ``dim``.
        components = max(1, min(self.dim, matrix.shape[1] - 1, matrix.shape[0]))
        self.svd = TruncatedSVD(n_components=components, random_state=self.seed)
        self.svd.fit(matrix)
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.vectorizer is None or self.svd is None:
            raise RuntimeError("fit the embedder first")
        reduced = self.svd.transform(self.vectorizer.transform(texts)).astype(np.float32)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, : reduced.shape[1]] = reduced
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


class WordLlamaEmbedder:
    """Optional backend: ``pip install 'aitalent[embeddings]'`` (wordllama). No fitting needed."""

    def __init__(self, dim: int = 256) -> None:
        try:
            from wordllama import WordLlama
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise RuntimeError(
                "the sentence-embedding backend needs the 'embeddings' extra (wordllama)"
            ) from exc
        self.dim = dim
        self._model = WordLlama.load(dim=dim)  # bundled weights, loaded from the package

    def fit(self, texts: Sequence[str]) -> WordLlamaEmbedder:
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float32)
        return vectors


def cosine_top_k(query: np.ndarray, matrix: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k rows of unit-vector ``matrix`` most similar to unit-vector ``query``."""
    sims = matrix @ query
    k = min(k, len(sims))
    part = np.argpartition(-sims, k - 1)[:k]
    return part[np.argsort(-sims[part], kind="stable")]
