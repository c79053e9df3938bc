"""The one discussion engine: threads, posts, votes, accepted answers, moderation, mentions.

Every resource, event, project, competition and lesson gets its in-context thread from
`get_or_create_context_thread()`; there is no second comment system.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from aitalent.activity import reputation
from aitalent.activity import services as activity
from aitalent.core.models import Topic
from aitalent.forum.models import Category, Post, PostRevision, Thread, Vote
from aitalent.notifications import services as notifications
from aitalent.search import services as search

MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9][A-Za-z0-9_-]{2,29})")
MAX_MENTIONS = 10
CONTEXT_CATEGORY = "in-context"


def register() -> None:
    """Notification types, watchables and the search rebuild (called from AppConfig.ready)."""
    from aitalent.forum import selectors

    notifications.register_type(
        "forum.replied",
        module="forum",
        label=_("Replies in threads I watch"),
        message=_("%(actor)s replied in “%(title)s”"),
        default_email="daily",
    )
    notifications.register_type(
        "forum.mentioned",
        module="forum",
        label=_("Mentions"),
        message=_("%(actor)s mentioned you in “%(title)s”"),
        default_email="instant",
    )
    notifications.register_type(
        "forum.new_thread",
        module="forum",
        label=_("New threads in categories and topics I watch"),
        message=_("%(actor)s started “%(title)s”"),
        default_email="weekly",
    )
    notifications.register_type(
        "forum.answer_accepted",
        module="forum",
        label=_("My answer was accepted"),
        message=_("%(actor)s accepted your answer in “%(title)s”"),
        default_email="instant",
    )
    notifications.register_watchable(
        "forum.thread", label=_("thread"), resolve=selectors.resolve_thread
    )
    notifications.register_watchable(
        "forum.category", label=_("category"), resolve=selectors.resolve_category
    )
    search.register(
        "forum.thread",
        selectors.search_documents,
        label=_("Forum threads"),
        icon="bi-chat-square-text",
    )
    from aitalent.core import sections

    sections.register_home(selectors.home_section, order=10)
    sections.register_topic(selectors.topic_section, order=10)
    sections.register_profile(selectors.profile_section, order=10)
    try:
        from aitalent.people import evidence
    except ImportError:  # pragma: no cover - the people app always ships evidence
        evidence = None
    if evidence is not None:
        evidence.register_source("accepted_answers", selectors.accepted_answer_evidence)
    from aitalent.core import member_data

    member_data.register(
        "forum",
        export=export_member_data,
        erase=erase_member_data,
        models=["forum.Thread", "forum.Post", "forum.PostRevision", "forum.Vote", "forum.Category"],
    )


def register_context_access(context_type: str, can_view: Any) -> None:
    """`can_view(viewer, context_id) -> bool`: the discussion of a private object is as private.

    Every read of a thread or post of that type (pages, API, notifications' targets) asks it, so a
    thread of a private project, a group-only event or a draft course answers 404 to outsiders.
    """
    from aitalent.forum.models import CONTEXT_ACCESS

    CONTEXT_ACCESS[context_type] = can_view


def register_context_url(context_type: str, resolver: Any) -> None:
    """Tell the forum on which page the in-context threads of `context_type` are shown."""
    from aitalent.forum.models import CONTEXT_URLS

    CONTEXT_URLS[context_type] = resolver


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=False)[:80].strip("-") or "thread"
    return f"{base}-{uuid.uuid4().hex[:6]}"


NEW_MEMBER_LINKS = (
    2  # links allowed per post during a member's first day (spam comes from new accounts)
)
LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def _check_new_member_links(author: Any, body: str) -> None:
    joined = getattr(author, "date_joined", None)
    if joined is None or getattr(author, "is_staff", False):
        return
    if (
        timezone.now() - joined < timezone.timedelta(days=1)
        and len(LINK.findall(body)) > NEW_MEMBER_LINKS
    ):
        raise ValidationError(
            {
                "body": _("New members can post at most %(n)d links during their first day.")
                % {"n": NEW_MEMBER_LINKS}
            }
        )


def _clean_text(body: str, field: str = "body") -> str:
    body = (body or "").strip()
    if len(body) < 2:
        raise ValidationError({field: _("Write at least a few words.")})
    if len(body) > 30_000:
        raise ValidationError({field: _("Keep it under 30,000 characters.")})
    return body


def mentioned_users(body: str, *, exclude: Iterable[int] = ()) -> list[Any]:
    handles = {h.lower() for h in MENTION.findall(body)}
    if not handles:
        return []
    user_model = get_user_model()
    users = (
        user_model.objects.filter(is_active=True)
        .filter(
            handle__iregex=r"^("
            + "|".join(re.escape(h) for h in sorted(handles)[:MAX_MENTIONS])
            + ")$"
        )
        .exclude(pk__in=list(exclude))
    )
    return list(users)


def _after_post(*, post: Post, thread: Thread, author: Any, is_new_thread: bool) -> None:
    """Side effects once the post is committed: watches, notifications, signals, search."""
    notifications.watch_by_default(user=author, target=thread)
    url = f"{thread.get_absolute_url()}#post-{post.pk}"
    context = {"title": thread.title}
    mentioned = mentioned_users(post.body, exclude=[author.pk])
    if mentioned:
        notifications.notify(
            recipients=mentioned,
            verb="forum.mentioned",
            actor=author,
            target=thread,
            url=url,
            context=context,
            key=f"forum-mention-{post.pk}",
        )
    if is_new_thread:
        notifications.notify_watchers(
            target=thread.category,
            verb="forum.new_thread",
            actor=author,
            url=url,
            context=context,
            key=f"forum-new-{thread.pk}",
        )
    else:
        notifications.notify_watchers(
            target=thread,
            verb="forum.replied",
            actor=author,
            url=url,
            context=context,
            key=f"forum-reply-{post.pk}",
            group_key=f"forum-thread-{thread.pk}",
            levels=("watching", "tracking"),
        )
    activity.record(actor=author, verb="answer" if not is_new_thread else "post", target=thread)
    index_thread(thread)


def index_thread(thread: Thread) -> None:
    from aitalent.forum import selectors

    fresh = (
        Thread.objects.select_related("category")
        .prefetch_related("topics")
        .filter(pk=thread.pk)
        .first()
    )
    document = selectors.search_document(fresh) if fresh else None
    if document is None:
        search.remove(doc_type="forum.thread", object_id=thread.pk)
    else:
        search.index(**document)


@transaction.atomic
def create_thread(
    *,
    author: Any,
    category: Category,
    title: str,
    body: str,
    topics: Iterable[Topic] = (),
    language: str = "en",
    context_type: str = "",
    context_id: int | None = None,
) -> Thread:
    title = (title or "").strip()
    if len(title) < 8:
        raise ValidationError(
            {"title": _("Use a title of at least 8 characters that says what it is about.")}
        )
    if len(title) > 200:
        raise ValidationError({"title": _("Keep the title under 200 characters.")})
    body = _clean_text(body)
    _check_new_member_links(author, body)
    if category.is_context and not context_type:
        raise ValidationError({"category": _("Choose a category for your thread.")})
    now = timezone.now()
    thread = Thread(
        category=category,
        title=title,
        slug=_unique_slug(title),
        author=author,
        language=language[:10],
        last_activity_at=now,
        context_type=context_type,
        context_id=context_id,
    )
    thread.full_clean(exclude=["accepted_post", "duplicate_of"])
    thread.save()
    topics = list(topics)
    if len(topics) > 5:
        raise ValidationError({"topics": _("Choose at most 5 topics.")})
    thread.topics.set(topics)
    post = Post.objects.create(thread=thread, author=author, body=body, is_opening=True)
    Category.objects.filter(pk=category.pk).update(
        thread_count=F("thread_count") + 1, post_count=F("post_count") + 1
    )
    transaction.on_commit(
        lambda: _after_post(post=post, thread=thread, author=author, is_new_thread=True)
    )
    return thread


@transaction.atomic
def reply(*, thread: Thread, author: Any, body: str) -> Post:
    thread = Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)
    if thread.is_locked and not can_moderate(user=author, category=thread.category):
        raise PermissionDenied(_("This thread is locked."))
    if thread.status != Thread.Status.OPEN and not can_moderate(
        user=author, category=thread.category
    ):
        raise PermissionDenied(_("This thread is closed."))
    body = _clean_text(body)
    _check_new_member_links(author, body)
    post = Post(thread=thread, author=author, body=body)
    post.full_clean()
    post.save()
    thread.reply_count = F("reply_count") + 1
    thread.last_activity_at = post.created_at
    thread.save(update_fields=["reply_count", "last_activity_at", "updated_at"])
    Category.objects.filter(pk=thread.category_id).update(post_count=F("post_count") + 1)
    transaction.on_commit(
        lambda: _after_post(post=post, thread=thread, author=author, is_new_thread=False)
    )
    return post


@transaction.atomic
def edit_post(*, post: Post, editor: Any, body: str) -> Post:
    post = Post.objects.select_for_update().select_related("thread__category").get(pk=post.pk)
    is_author = post.author_id == editor.pk
    may_edit = (
        is_author
        or can_moderate(user=editor, category=post.thread.category)
        or reputation.has_privilege(user=editor, privilege="edit_wiki")
    )
    if not may_edit:
        raise PermissionDenied(_("Only the author or a moderator can edit this post."))
    body = _clean_text(body)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, editor=editor)
    post.body = body
    post.edit_count += 1
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edit_count", "edited_at", "updated_at"])
    transaction.on_commit(lambda: index_thread(post.thread))
    return post


@transaction.atomic
def vote(*, post: Post, voter: Any, value: int) -> Post:
    """Up (+1), down (-1) or withdraw (0). One vote per member; changing it is allowed.

    The post row is locked first, so two parallel votes from one member count once.
    """
    if value not in (-1, 0, 1):
        raise ValidationError({"value": _("Vote 1 (up), -1 (down) or 0 (withdraw).")})
    post = Post.objects.select_for_update().select_related("thread__category").get(pk=post.pk)
    if post.author_id == voter.pk:
        raise PermissionDenied(_("You cannot vote on your own post."))
    if value == -1 and not reputation.has_privilege(user=voter, privilege="vote_down"):
        raise PermissionDenied(
            _("Voting down needs %(points)d reputation.")
            % {"points": reputation.PRIVILEGES["vote_down"]}
        )
    existing = Vote.objects.filter(post=post, voter=voter).first()
    source = f"forum-vote-{post.pk}-{voter.pk}"
    if existing and existing.value == value:
        return post
    if existing:
        reputation.revoke(user=post.author, source=source)
        reputation.revoke(user=voter, source=f"{source}-cost")
        if value == 0:
            existing.delete()
        else:
            existing.value = value
            existing.save(update_fields=["value", "updated_at"])
    elif value != 0:
        Vote.objects.create(post=post, voter=voter, value=value)
    post.score = Vote.objects.filter(post=post).aggregate(total=Sum("value"))["total"] or 0
    post.save(update_fields=["score", "updated_at"])
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(score=post.score)
    if value == 1 and post.author_id:
        reason = "question_upvoted" if post.is_opening else "answer_upvoted"
        reputation.award(user=post.author, reason=reason, category="discussion", source=source)
    elif value == -1 and post.author_id:
        reputation.award(
            user=post.author, reason="post_downvoted", category="discussion", source=source
        )
        if not post.is_opening:
            reputation.award(
                user=voter, reason="cast_downvote", category="discussion", source=f"{source}-cost"
            )
    if value:
        transaction.on_commit(
            lambda: activity.record(
                actor=voter, verb="like" if value > 0 else "dislike", target=post.thread
            )
        )
    return post


def can_moderate(*, user: Any, category: Category) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    return category.moderators.filter(pk=user.pk).exists()


@transaction.atomic
def accept_answer(*, post: Post, by: Any) -> Post:
    post = Post.objects.select_for_update().select_related("thread__category").get(pk=post.pk)
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if thread.author_id != by.pk and not can_moderate(user=by, category=post.thread.category):
        raise PermissionDenied(
            _("Only the person who asked (or a moderator) can accept an answer.")
        )
    if post.is_opening or post.is_deleted:
        raise ValidationError({"post": _("Only an answer can be accepted.")})
    if post.thread.category.mode != Category.Mode.QA:
        raise ValidationError({"post": _("Answers are accepted in question categories only.")})
    previous = Post.objects.filter(thread=thread, is_accepted=True).exclude(pk=post.pk).first()
    if previous:
        previous.is_accepted = False
        previous.save(update_fields=["is_accepted", "updated_at"])
        if previous.author_id:
            reputation.revoke(user=previous.author, source=f"forum-accepted-{thread.pk}")
    post.is_accepted = True
    post.save(update_fields=["is_accepted", "updated_at"])
    thread.accepted_post = post
    thread.save(update_fields=["accepted_post", "updated_at"])
    if post.author_id and post.author_id != by.pk:
        # Accepted answers are exempt from the daily cap, like on Stack Overflow.
        reputation.award(
            user=post.author,
            reason="answer_accepted",
            category="discussion",
            source=f"forum-accepted-{thread.pk}",
            capped=False,
        )
        if thread.author_id == by.pk:
            reputation.award(
                user=by,
                reason="accepted_an_answer",
                category="discussion",
                source=f"forum-accepter-{thread.pk}",
                capped=False,
            )
        transaction.on_commit(
            lambda: notifications.notify(
                recipients=[post.author],
                verb="forum.answer_accepted",
                actor=by,
                target=thread,
                url=f"{thread.get_absolute_url()}#post-{post.pk}",
                context={"title": thread.title},
                key=f"forum-accepted-{post.pk}",
            )
        )
    transaction.on_commit(lambda: index_thread(thread))
    activity.record(actor=by, verb="accept", target=thread)
    if post.author_id:
        topic_ids = list(thread.topics.values_list("pk", flat=True))
        transaction.on_commit(lambda: refresh_evidence(user_id=post.author_id, topic_ids=topic_ids))
    return post


def refresh_evidence(*, user_id: int, topic_ids: list[int]) -> None:
    """Accepted answers are evidence for the evidenced level of the thread's topics."""
    from aitalent.people import evidence
    from aitalent.people.models import ProfileSkill

    skills = ProfileSkill.objects.filter(profile__user_id=user_id, topic_id__in=topic_ids)
    evidence.refresh(skills)


@transaction.atomic
def moderate_thread(
    *, thread: Thread, by: Any, action: str, duplicate_of: Thread | None = None
) -> Thread:
    thread = Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)
    if not can_moderate(user=by, category=thread.category):
        raise PermissionDenied(_("Only moderators can do that."))
    if action == "lock":
        thread.is_locked = True
    elif action == "unlock":
        thread.is_locked = False
    elif action == "pin":
        thread.is_pinned = True
    elif action == "unpin":
        thread.is_pinned = False
    elif action == "close":
        thread.status = Thread.Status.CLOSED
    elif action == "reopen":
        thread.status, thread.duplicate_of = Thread.Status.OPEN, None
    elif action == "duplicate":
        if duplicate_of is None or duplicate_of.pk == thread.pk:
            raise ValidationError({"duplicate_of": _("Choose the original thread.")})
        thread.status, thread.duplicate_of = Thread.Status.DUPLICATE, duplicate_of
    else:
        raise ValidationError({"action": _("Unknown moderation action.")})
    thread.save(update_fields=["is_locked", "is_pinned", "status", "duplicate_of", "updated_at"])
    return thread


def count_view(*, thread: Thread, viewer: Any = None) -> None:
    Thread.objects.filter(pk=thread.pk).update(view_count=F("view_count") + 1)
    if getattr(viewer, "is_authenticated", False):
        activity.record(actor=viewer, verb="view", target=thread)


@transaction.atomic
def get_or_create_context_thread(
    *,
    target: Any,
    title: str,
    author: Any = None,
    topics: Iterable[Topic] = (),
    language: str = "en",
) -> Thread:
    """The in-context discussion of any object (a resource, an event, a project ...)."""
    context_type = f"{target._meta.app_label}.{target._meta.model_name}"
    existing = Thread.objects.filter(context_type=context_type, context_id=target.pk).first()
    if existing:
        return existing
    category, _created = Category.objects.get_or_create(
        slug=CONTEXT_CATEGORY,
        defaults={
            "name_en": "Discussions of resources, events and projects",
            "name_zh": "资源、活动与项目讨论",
            "mode": Category.Mode.DISCUSSION,
            "is_context": True,
            "position": 999,
        },
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                category=category,
                title=title[:200],
                slug=_unique_slug(title),
                author=author,
                language=language,
                last_activity_at=now,
                context_type=context_type,
                context_id=target.pk,
            )
    except IntegrityError:  # created concurrently
        return Thread.objects.get(context_type=context_type, context_id=target.pk)
    thread.topics.set(list(topics)[:5])
    return thread


def export_member_data(user: Any) -> dict[str, Any]:
    return {
        "threads": list(Thread.objects.filter(author=user).values("title", "slug", "created_at")),
        "posts": list(
            Post.objects.filter(author=user).values("thread__slug", "body", "created_at")[:20_000]
        ),
        "votes": list(Vote.objects.filter(voter=user).values("post_id", "value", "created_at")),
    }


def erase_member_data(user: Any) -> None:
    # Posts stay readable for the community, attributed to "deleted member" (author = NULL).
    Vote.objects.filter(voter=user).delete()
    Post.objects.filter(author=user).update(author=None)
    Thread.objects.filter(author=user).update(author=None)
    PostRevision.objects.filter(editor=user).update(editor=None)
