"""Text for PostgreSQL full-text search with the `simple` configuration.

Chinese has no spaces between words, so CJK runs are segmented with jieba first (search mode:
both words and their shorter parts), then everything is lower-cased into space-separated tokens.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TOKEN = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", re.UNICODE)


def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(60)
    return jieba


def segment(text: str, *, for_query: bool = False) -> list[str]:
    tokens: list[str] = []
    for token in _TOKEN.findall(text or ""):
        token = token.lower()
        if _CJK.search(token):
            for run in re.split(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)", token):
                if not run:
                    continue
                if _CJK.fullmatch(run):
                    cut = _jieba().lcut(run) if for_query else _jieba().lcut_for_search(run)
                    tokens.extend(w for w in cut if w.strip())
                else:
                    tokens.append(run)
        else:
            tokens.append(token)
    return tokens


def document(*parts: str) -> str:
    return " ".join(token for part in parts for token in segment(part))[:200_000]


def tsquery(text: str) -> str | None:
    """A prefix-matching tsquery ("ali" finds "alice"); None when nothing is searchable."""
    terms = [t.replace("_", "") for t in segment(text, for_query=True)[:12]]
    terms = [t for t in terms if t]
    if not terms:
        return None
    return " & ".join(f"{term}:*" for term in terms)
