"""A small community with a known history: members, activity, questions, connections, events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection
from django.utils.text import slugify

from aitalent.accounts.models import User
from aitalent.activity.models import Interaction
from aitalent.core.models import Topic
from aitalent.forum.models import Category, Post, Thread
from aitalent.people.models import Connection, Profile
from conftest import make_member

MONDAY = date(2026, 3, 2)  # a Monday: weeks and months line up with the test dates
TODAY = date(2026, 10, 1)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def member(handle: str, *, joined: date, staff: bool = False, **profile: Any) -> User:
    user = make_member(f"{handle}@example.com", handle, handle.title(), staff=staff, **profile)
    User.objects.filter(pk=user.pk).update(date_joined=at(joined, 9))
    user.refresh_from_db()
    return user


def act(
    user: User,
    verb: str,
    when: datetime,
    target_type: str = "knowledge.resource",
    target_id: int = 1,
) -> None:
    Interaction.objects.create(
        actor=user, verb=verb, target_type=target_type, target_id=target_id, created_at=when
    )


def domain(slug: str) -> Topic:
    topic, _ = Topic.objects.get_or_create(
        slug=slug, defaults={"kind": Topic.Kind.DOMAIN, "name_en": slug.title(), "name_zh": slug}
    )
    return topic


def set_domains(user: User, *topics: Topic) -> None:
    Profile.objects.get(user=user).domains.set(topics)


def connect(a: User, b: User) -> None:
    Connection.objects.create(user=a, other=b)
    Connection.objects.create(user=b, other=a)


_category: dict[str, Category] = {}


def question(author: User, title: str, when: datetime) -> Thread:
    category = Category.objects.filter(slug="qa-test").first() or Category.objects.create(
        slug="qa-test", name_en="Q&A", mode=Category.Mode.QA
    )
    thread = Thread.objects.create(
        category=category, title=title, slug=slugify(title), author=author, last_activity_at=when
    )
    Thread.objects.filter(pk=thread.pk).update(created_at=when)
    post = Post.objects.create(thread=thread, author=author, body=title, is_opening=True)
    Post.objects.filter(pk=post.pk).update(created_at=when)
    thread.refresh_from_db()
    return thread


def reply(thread: Thread, author: User, when: datetime, accepted: bool = False) -> Post:
    post = Post.objects.create(thread=thread, author=author, body="An answer")
    Post.objects.filter(pk=post.pk).update(created_at=when, updated_at=when)
    if accepted:
        Post.objects.filter(pk=post.pk).update(is_accepted=True)
        Thread.objects.filter(pk=thread.pk).update(accepted_post=post)
    post.refresh_from_db()
    return post


def sql(query: str, params: list[Any] | None = None) -> Any:
    """One value from a direct SQL count: the reference the tests compare summaries against."""
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return cursor.fetchone()[0]


def crowd(n: int, *, joined: date, prefix: str = "m") -> list[User]:
    return [member(f"{prefix}{i}", joined=joined) for i in range(n)]


def days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]
