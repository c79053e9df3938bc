from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from aitalent.core.models import Topic


def list_topic_roots(*, kind: str) -> QuerySet[Topic]:
    children = Topic.objects.order_by("name_en").prefetch_related(
        Prefetch("children", queryset=Topic.objects.order_by("name_en"))
    )
    return (
        Topic.objects.filter(kind=kind, parent__isnull=True)
        .prefetch_related(Prefetch("children", queryset=children))
        .order_by("name_en")
    )


def get_topic(*, slug: str) -> Topic:
    return get_object_or_404(
        Topic.objects.select_related("parent", "parent__parent").prefetch_related(
            Prefetch("children", queryset=Topic.objects.order_by("name_en")),
            Prefetch("prerequisites", queryset=Topic.objects.order_by("name_en")),
            Prefetch("unlocks", queryset=Topic.objects.order_by("name_en")),
        ),
        slug=slug,
    )


def popular_topics(*, limit: int = 12) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(kind=Topic.Kind.SKILL)
        .annotate(member_count=Count("profile_skills"))
        .filter(member_count__gt=0)
        .order_by("-member_count", "name_en")[:limit]
    )
