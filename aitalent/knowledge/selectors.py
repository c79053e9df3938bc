from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from aitalent.knowledge.models import Bookmark, Collection, Like, Resource


def _member(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def list_resources(
    *,
    viewer: Any,
    kind: str = "",
    topic: str = "",
    difficulty: str = "",
    language: str = "",
    sort: str = "newest",
) -> QuerySet[Resource]:
    rows = (
        Resource.objects.filter(status=Resource.Status.PUBLISHED)
        .select_related("author")
        .prefetch_related("topics")
    )
    if kind:
        rows = rows.filter(kind=kind)
    if topic:
        rows = rows.filter(topics__slug=topic)
    if difficulty:
        rows = rows.filter(difficulty=difficulty)
    if language:
        rows = rows.filter(language=language)
    order = ["-like_count", "-published_at"] if sort == "popular" else ["-published_at", "-id"]
    return rows.order_by(*order)


def list_my_drafts(*, user: Any) -> QuerySet[Resource]:
    return Resource.objects.filter(author=user, status=Resource.Status.DRAFT).order_by(
        "-updated_at"
    )


def get_resource_for_viewer(*, viewer: Any, slug: str) -> Resource:
    """Drafts answer 404 to everyone but their author (and staff)."""
    resource = get_object_or_404(
        Resource.objects.select_related("author").prefetch_related("topics"), slug=slug
    )
    if not resource.is_published:
        is_owner = _member(viewer) and (viewer.pk == resource.author_id or viewer.is_staff)
        if not is_owner:
            raise Http404
    return resource


def viewer_state(*, viewer: Any, resource: Resource) -> dict[str, bool]:
    if not _member(viewer):
        return {"liked": False, "bookmarked": False}
    return {
        "liked": Like.objects.filter(resource=resource, user=viewer).exists(),
        "bookmarked": Bookmark.objects.filter(resource=resource, user=viewer).exists(),
    }


def list_bookmarks(*, user: Any) -> QuerySet[Resource]:
    return (
        Resource.objects.filter(bookmarks__user=user, status=Resource.Status.PUBLISHED)
        .select_related("author")
        .prefetch_related("topics")
        .order_by("-bookmarks__created_at")
    )


def list_collections(*, viewer: Any) -> QuerySet[Collection]:
    rows = Collection.objects.select_related("owner")
    if _member(viewer):
        return rows.filter(Q(is_public=True) | Q(owner=viewer))
    return rows.filter(is_public=True)


def get_collection_for_viewer(*, viewer: Any, slug: str) -> Collection:
    collection = get_object_or_404(Collection.objects.select_related("owner"), slug=slug)
    if not collection.is_public and not (_member(viewer) and viewer.pk == collection.owner_id):
        raise Http404
    return collection


def collection_items(*, collection: Collection, viewer: Any) -> list[Any]:
    items = list(collection.items.select_related("resource", "thread__category"))
    visible = []
    for item in items:
        if item.resource_id and not item.resource.is_published:
            continue
        if item.thread_id and item.thread.category.is_members_only and not _member(viewer):
            continue
        visible.append(item)
    return visible


def resolve_collection(user: Any, target_id: int) -> Collection:
    collection = get_object_or_404(Collection, pk=target_id)
    if not collection.is_public and getattr(user, "pk", None) != collection.owner_id:
        raise Http404
    return collection


def search_document(resource: Resource) -> dict[str, Any] | None:
    if not resource.is_published:
        return None
    extra = " ".join(filter(None, [resource.authors, resource.venue, resource.arxiv_id]))
    return {
        "doc_type": "knowledge.resource",
        "object_id": resource.pk,
        "title": resource.title,
        "summary": resource.summary,
        "body": f"{resource.body}\n{extra}",
        "url": resource.get_absolute_url(),
        "language": resource.language,
        "topics": [t.slug for t in resource.topics.all()],
        "visibility": "public",
        "created_at": resource.published_at or resource.created_at,
        "popularity": resource.like_count + resource.bookmark_count,
    }


def search_documents() -> Iterator[dict[str, Any]]:
    rows = (
        Resource.objects.filter(status=Resource.Status.PUBLISHED)
        .prefetch_related("topics")
        .iterator(chunk_size=500)
    )
    for resource in rows:
        document = search_document(resource)
        if document:
            yield document


def resource_url(resource_id: int) -> str:
    slug = Resource.objects.filter(pk=resource_id).values_list("slug", flat=True).first()
    return Resource(slug=slug or "missing").get_absolute_url()


def home_section(request: Any) -> tuple[str, dict[str, Any]]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return (
        "knowledge/partials/section_resources.html",
        {
            "title": _("New resources"),
            "resources": list(list_resources(viewer=request.user)[:6]),
            "more_url": reverse("knowledge:index"),
        },
    )


def topic_section(request: Any, topic: Any) -> tuple[str, dict[str, Any]]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    rows = list(list_resources(viewer=request.user, topic=topic.slug, sort="popular")[:8])
    return (
        "knowledge/partials/section_resources.html",
        {
            "title": _("Resources"),
            "resources": rows,
            "more_url": f"{reverse('knowledge:index')}?topic={topic.slug}",
        },
    )
