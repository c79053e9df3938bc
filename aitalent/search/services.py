"""One full-text index over every searchable object (PostgreSQL FTS + trigram, jieba for Chinese).

Apps call `index()` / `remove()` after commit from their services and register a full rebuild with
`register()` for `aitalent search reindex`. Queries go through `search()`, which applies visibility.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import transaction
from django.db.models import F, FloatField, Subquery, Value
from django.db.models.functions import Cast, Lower
from django.utils import timezone

from aitalent.search.models import Document
from aitalent.search.text import segment

MAX_TEXT = 20_000  # characters of body indexed per document; titles and summaries always
CANDIDATES = 600  # matches ranked per query (see search())
COUNT_CAP = 1_000  # "1000+ results": counting further costs time and helps nobody

_rebuilders: dict[str, Callable[[], Iterable[dict[str, Any]]]] = {}


def register(doc_type: str, rebuild: Callable[[], Iterable[dict[str, Any]]]) -> None:
    """`rebuild()` yields keyword dicts for `index()` for every object of `doc_type`."""
    _rebuilders[doc_type] = rebuild


def registered_types() -> list[str]:
    return sorted(_rebuilders)


def index(
    *,
    doc_type: str,
    object_id: int,
    title: str,
    body: str = "",
    url: str,
    summary: str = "",
    language: str = "",
    topics: Iterable[str] = (),
    visibility: str = Document.Visibility.PUBLIC,
    created_at: datetime | None = None,
    popularity: float = 0.0,
) -> None:
    body = body[:MAX_TEXT]
    title_words, body_words = segment(title), segment(f"{summary}\n{body}")
    doc, _ = Document.objects.update_or_create(
        doc_type=doc_type,
        object_id=object_id,
        defaults={
            "title": title[:300],
            "summary": summary[:500],
            "url": url,
            "language": language,
            "topics": list(topics),
            "visibility": visibility,
            "text": f"{title_words}\n{body_words}",
            "weight": math.log1p(max(popularity, 0.0)),
            "created_at": created_at or timezone.now(),
        },
    )
    # English stemming for English words, plus the 'simple' parser over jieba-segmented text so
    # Chinese words are tokens; titles weigh more than bodies.
    Document.objects.filter(pk=doc.pk).update(
        tsv=(
            SearchVector(Value(title), config="english", weight="A")
            + SearchVector(Value(title_words), config="simple", weight="A")
            + SearchVector(Value(body_words), config="english", weight="B")
            + SearchVector(Value(body_words), config="simple", weight="B")
        )
    )


def index_on_commit(**document: Any) -> None:
    transaction.on_commit(lambda: index(**document))


def remove(*, doc_type: str, object_id: int) -> None:
    Document.objects.filter(doc_type=doc_type, object_id=object_id).delete()


def rebuild(*, doc_types: Iterable[str] | None = None) -> dict[str, int]:
    counts = {}
    for doc_type in doc_types or registered_types():
        seen = []
        for document in _rebuilders[doc_type]():
            index(**document)
            seen.append(document["object_id"])
        Document.objects.filter(doc_type=doc_type).exclude(object_id__in=seen).delete()
        counts[doc_type] = len(seen)
    return counts


@dataclass
class Results:
    hits: list[Document]
    total: int  # capped at COUNT_CAP + 1 (shown as "1000+")
    fuzzy: bool  # True when no word matched and trigram similarity on titles found these


def _visible(viewer: Any) -> list[str]:
    if getattr(viewer, "is_authenticated", False):
        return [Document.Visibility.PUBLIC, Document.Visibility.MEMBERS]
    return [Document.Visibility.PUBLIC]


def search(
    *,
    query: str,
    viewer: Any,
    doc_type: str = "",
    topic: str = "",
    limit: int = 20,
    offset: int = 0,
) -> Results:
    query = " ".join(query.replace("\x00", " ").split())[:200]
    if not query:
        return Results([], 0, False)
    rows = Document.objects.filter(visibility__in=_visible(viewer))
    if doc_type:
        rows = rows.filter(doc_type=doc_type)
    if topic:
        rows = rows.filter(topics__contains=[topic])
    words = SearchQuery(query, search_type="websearch", config="english") | SearchQuery(
        segment(query), search_type="websearch", config="simple"
    )
    # Ranking reads every candidate's tsvector, so a very broad query ranks a bounded candidate
    # set (the first CANDIDATES matches the GIN index yields) instead of every match.
    candidates = rows.filter(tsv=words).order_by().values("pk")[:CANDIDATES]
    matched = (
        Document.objects.filter(pk__in=Subquery(candidates))
        .annotate(rank=SearchRank(F("tsv"), words) + Cast(F("weight"), FloatField()) * 0.01)
        .order_by("-rank", "-created_at")
    )
    hits = list(matched.defer("text", "tsv")[offset : offset + limit])
    if hits or offset:
        if len(hits) < limit:
            total = len(hits) + offset
        else:
            total = rows.filter(tsv=words).order_by().values("pk")[: COUNT_CAP + 1].count()
        return Results(hits, total, False)
    fuzzy = (
        rows.annotate(lower_title=Lower("title"))
        .filter(lower_title__trigram_similar=query.lower())
        .defer("text", "tsv")[:limit]
    )
    found = list(fuzzy)
    return Results(found, len(found), True)
