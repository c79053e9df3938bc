from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from aitalent.core.models import Topic
from aitalent.search import services

PAGE_SIZE = 20


def _label_hits(hits: list) -> None:
    labels = {doc_type: (label, icon) for doc_type, label, icon in services.type_choices()}
    for hit in hits:
        hit.type_label, hit.type_icon = labels.get(hit.doc_type, (hit.doc_type, "bi-file-text"))


class _Window:
    """A Paginator-compatible view of one page of search results (total known, rows fetched)."""

    def __init__(self, total: int) -> None:
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total


def _topics(query: str) -> list[Topic]:
    q = query.strip().lower()
    if not q:
        return []
    return list(
        Topic.objects.filter(
            Q(name_en__icontains=q) | Q(name_zh__icontains=q) | Q(aliases__contains=[q])
        ).order_by("depth", "name_en")[:6]
    )


@require_GET
@ratelimit(key="ip", rate="120/m", block=True)
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    doc_type = request.GET.get("type", "")
    types = services.type_choices()
    doc_type = doc_type if doc_type in {t[0] for t in types} else ""
    topic = request.GET.get("topic", "")[:60]
    raw_page = request.GET.get("page", "1")
    number = max(1, min(int(raw_page) if raw_page.isdigit() else 1, 50))
    results = services.search(
        query=query,
        viewer=request.user,
        doc_type=doc_type,
        topic=topic,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    _label_hits(results.hits)
    paginator = Paginator(_Window(results.total), PAGE_SIZE)  # type: ignore[arg-type]
    page = Page(results.hits, number, paginator)
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "doc_type": doc_type,
            "topic": topic,
            "results": results,
            "page": page,
            "topics": _topics(query),
            "types": types,
        },
    )


@require_GET
@ratelimit(key="ip", rate="240/m", block=True)
def search_instant(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = (
        services.search(query=query, viewer=request.user, limit=6) if len(query) >= 2 else None
    )
    if results is not None:
        _label_hits(results.hits)
    return render(
        request,
        "search/partials/instant.html",
        {
            "query": query,
            "results": results,
            "topics": _topics(query)[:3] if query else [],
        },
    )
