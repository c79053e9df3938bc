from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from aitalent.forum.models import Category, Post, Thread, Vote


def _member(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def visible_categories(viewer: Any) -> QuerySet[Category]:
    rows = Category.objects.filter(is_context=False)
    if not _member(viewer):
        rows = rows.filter(is_members_only=False)
    return rows


def list_categories(*, viewer: Any) -> list[Category]:
    """Top-level categories with their children, in one query each."""
    children = visible_categories(viewer).order_by("position", "name_en")
    return list(
        visible_categories(viewer)
        .filter(parent__isnull=True)
        .prefetch_related(Prefetch("children", queryset=children))
    )


def get_category_for_viewer(*, viewer: Any, slug: str) -> Category:
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    if category.is_members_only and not _member(viewer):
        raise Http404
    return category


def _thread_base() -> QuerySet[Thread]:
    return Thread.objects.select_related("category", "author", "accepted_post").prefetch_related(
        "topics"
    )


def list_threads(
    *,
    viewer: Any,
    category: Category | None = None,
    topic: str = "",
    state: str = "",
    sort: str = "activity",
) -> QuerySet[Thread]:
    rows = _thread_base().filter(context_type="")
    if not _member(viewer):
        rows = rows.filter(category__is_members_only=False)
    if category is not None:
        rows = rows.filter(Q(category=category) | Q(category__parent=category))
    if topic:
        rows = rows.filter(topics__slug=topic)
    if state == "unanswered":
        rows = rows.filter(reply_count=0, category__mode=Category.Mode.QA)
    elif state == "solved":
        rows = rows.filter(accepted_post__isnull=False)
    elif state == "unsolved":
        rows = rows.filter(accepted_post__isnull=True, category__mode=Category.Mode.QA)
    order = {"votes": ["-score", "-last_activity_at"], "newest": ["-created_at"]}.get(
        sort, ["-is_pinned", "-last_activity_at"]
    )
    return rows.order_by(*order).distinct() if topic else rows.order_by(*order)


def _check_context(viewer: Any, thread: Thread) -> None:
    from aitalent.forum.models import CONTEXT_ACCESS

    can_view = CONTEXT_ACCESS.get(thread.context_type) if thread.context_type else None
    if can_view is not None and not can_view(viewer, thread.context_id):  # type: ignore[operator]
        raise Http404  # the discussion of a private object is as private as the object


def get_thread_for_viewer(*, viewer: Any, slug: str) -> Thread:
    """Members-only categories answer 404 to visitors: their threads do not exist for them."""
    thread = get_object_or_404(_thread_base().select_related("duplicate_of"), slug=slug)
    if thread.category.is_members_only and not _member(viewer):
        raise Http404
    _check_context(viewer, thread)
    return thread


def get_post_for_viewer(*, viewer: Any, post_id: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread__category", "author"), pk=post_id, is_deleted=False
    )
    if post.thread.category.is_members_only and not _member(viewer):
        raise Http404
    _check_context(viewer, post.thread)
    return post


def thread_posts(*, thread: Thread, viewer: Any) -> list[Post]:
    """Opening post, then the accepted answer, then answers by votes (Q&A) or by time."""
    posts = list(
        Post.objects.filter(thread=thread, is_deleted=False)
        .select_related("author")
        .prefetch_related("revisions")
    )
    my_votes: dict[int, int] = {}
    if _member(viewer):
        my_votes = dict(
            Vote.objects.filter(post__thread=thread, voter=viewer).values_list("post_id", "value")
        )
    for post in posts:
        post.my_vote = my_votes.get(post.pk, 0)
    opening = [p for p in posts if p.is_opening]
    answers = [p for p in posts if not p.is_opening]
    if thread.is_question:
        answers.sort(key=lambda p: (not p.is_accepted, -p.score, p.created_at))
    return opening + answers


def resolve_thread(user: Any, target_id: int) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("category"), pk=target_id)
    if thread.category.is_members_only and not _member(user):
        raise Http404
    _check_context(user, thread)
    return thread


def resolve_category(user: Any, target_id: int) -> Category:
    category = get_object_or_404(Category, pk=target_id, is_context=False)
    if category.is_members_only and not _member(user):
        raise Http404
    return category


def search_document(thread: Thread) -> dict[str, Any] | None:
    if thread.context_type:
        return None  # in-context threads are found through the object they discuss
    opening = thread.posts.filter(is_opening=True).first()
    answers = " ".join(
        thread.posts.filter(is_opening=False, is_deleted=False)
        .order_by("-score")
        .values_list("body", flat=True)[:5]
    )
    return {
        "doc_type": "forum.thread",
        "object_id": thread.pk,
        "title": thread.title,
        "summary": (opening.body[:300] if opening else ""),
        "body": f"{opening.body if opening else ''}\n{answers}",
        "url": thread.get_absolute_url(),
        "language": thread.language,
        "topics": [t.slug for t in thread.topics.all()],
        "visibility": "members" if thread.category.is_members_only else "public",
        "created_at": thread.created_at,
        "popularity": max(thread.score, 0) + thread.reply_count,
    }


def search_documents() -> Iterator[dict[str, Any]]:
    rows = (
        Thread.objects.filter(context_type="")
        .select_related("category")
        .prefetch_related("topics")
        .iterator(chunk_size=500)
    )
    for thread in rows:
        document = search_document(thread)
        if document:
            yield document


def home_section(request: Any) -> tuple[str, dict[str, Any]]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    threads = list(list_threads(viewer=request.user, sort="activity")[:6])
    return (
        "forum/partials/section_threads.html",
        {
            "title": _("Latest questions and discussions"),
            "threads": threads,
            "more_url": reverse("forum:index"),
        },
    )


def topic_section(request: Any, topic: Any) -> tuple[str, dict[str, Any]]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    threads = list(list_threads(viewer=request.user, topic=topic.slug, sort="votes")[:8])
    return (
        "forum/partials/section_threads.html",
        {
            "title": _("Questions and discussions"),
            "threads": threads,
            "more_url": f"{reverse('forum:index')}?topic={topic.slug}",
        },
    )


ACCEPTED_ANSWER_WEIGHT = 1.5
MAX_ANSWERS_COUNTED = 6  # beyond this, more accepted answers on one topic add nothing


def accepted_answer_evidence(skills: list[Any]) -> dict[int, list[Any]]:
    """Evidence for evidenced skill levels: accepted answers in threads on the skill's topic."""
    from aitalent.people.evidence import Evidence

    if not skills:
        return {}
    profile_model = skills[0]._meta.get_field("profile").related_model
    users = dict(
        profile_model.objects.filter(pk__in={s.profile_id for s in skills}).values_list(
            "pk", "user_id"
        )
    )
    wanted = {(users.get(s.profile_id), s.topic_id): s.id for s in skills}
    rows = (
        Post.objects.filter(
            is_accepted=True,
            author_id__in=set(users.values()),
            thread__topics__in={s.topic_id for s in skills},
        )
        .values_list("author_id", "thread__topics", "thread__title", "thread__slug", "created_at")
        .order_by("-created_at")
    )
    result: dict[int, list[Any]] = {}
    for author_id, topic_id, title, slug, created_at in rows:
        skill_id = wanted.get((author_id, topic_id))
        if skill_id is None or len(result.get(skill_id, [])) >= MAX_ANSWERS_COUNTED:
            continue
        from django.urls import reverse
        from django.utils.translation import gettext as _

        result.setdefault(skill_id, []).append(
            Evidence(
                source="accepted_answer",
                label=_("Accepted answer: %(title)s") % {"title": title},
                weight=ACCEPTED_ANSWER_WEIGHT,
                url=reverse("forum:thread", args=[slug]),
                at=created_at,
            )
        )
    return result


def profile_section(request: Any, member: Any) -> tuple[str, dict[str, Any]]:
    """Reputation tiers per category and the member's best answers."""
    from aitalent.activity import reputation

    answers = list(
        Post.objects.filter(
            author=member,
            is_opening=False,
            is_deleted=False,
            thread__category__is_members_only=False,
            thread__context_type="",
        )
        .select_related("thread")
        .order_by("-is_accepted", "-score")[:5]
    )
    standings = reputation.standings(user=member)
    return (
        "forum/partials/section_profile.html",
        {"standings": standings, "total": sum(s.points for s in standings), "answers": answers},
    )
