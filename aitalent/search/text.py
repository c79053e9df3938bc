"""Text preparation for search: Chinese segmentation with jieba, shared by indexing and queries."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def segment(text: str) -> str:
    """Put spaces between Chinese words ("推荐系统" -> "推荐 系统 推荐系统"), leave the rest."""
    if not text or not has_cjk(text):
        return text
    jieba = _jieba()

    def cut(match: re.Match[str]) -> str:
        return " " + " ".join(w for w in jieba.cut_for_search(match.group(0)) if w.strip()) + " "

    return _CJK.sub(cut, text)
