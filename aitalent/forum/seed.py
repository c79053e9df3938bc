"""Demo forum: categories and real questions with answers, votes and accepted answers."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aitalent.activity import reputation
from aitalent.core.models import Topic
from aitalent.forum.models import Category, Post, Thread, Vote

SEED_ORDER = 500  # after people: threads need authors
DATA = Path(__file__).resolve().parent / "data" / "demo_threads.json"


def _members() -> list[Any]:
    return list(get_user_model().objects.filter(is_active=True).order_by("pk"))


@transaction.atomic
def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    if not DATA.exists() or Thread.objects.filter(context_type="").exists():
        return
    data = json.loads(DATA.read_text("utf-8"))
    rng = random.Random(seed)
    members = _members()
    if len(members) < 5:
        return
    topics = {t.slug: t for t in Topic.objects.all()}
    categories: dict[str, Category] = {}
    for position, entry in enumerate(data["categories"]):
        categories[entry["slug"]] = Category.objects.create(
            slug=entry["slug"],
            name_en=entry["name_en"],
            name_zh=entry.get("name_zh", ""),
            description_en=entry.get("description_en", ""),
            description_zh=entry.get("description_zh", ""),
            mode=entry.get("mode", "qa"),
            parent=categories.get(entry.get("parent") or ""),
            position=position,
        )
    now = timezone.now()
    staff = [m for m in members if m.is_staff]
    for category in categories.values():
        if staff:
            category.moderators.add(staff[0])
    threads = 0
    for index, entry in enumerate(data["threads"]):
        category = categories[entry["category"]]
        author = rng.choice(members)
        asked_at = now - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 23))
        from aitalent.forum.services import _unique_slug

        thread = Thread.objects.create(
            category=category,
            title=entry["title"],
            slug=_unique_slug(entry["title"]),
            author=author,
            language=entry.get("language", "en"),
            last_activity_at=asked_at,
            view_count=rng.randint(15, 900),
        )
        Thread.objects.filter(pk=thread.pk).update(created_at=asked_at)
        thread.topics.set(
            [topics[s] for s in entry.get("topics", []) + entry.get("domains", []) if s in topics][
                :5
            ]
        )
        opening = Post.objects.create(
            thread=thread, author=author, body=entry["body"], is_opening=True
        )
        Post.objects.filter(pk=opening.pk).update(created_at=asked_at)
        _votes(opening, entry.get("votes", 0), members, rng, reason="question_upvoted")
        last = asked_at
        for answer in entry.get("answers", []):
            answerer = rng.choice([m for m in members if m.pk != author.pk])
            last = last + timedelta(hours=rng.randint(1, 60))
            post = Post.objects.create(
                thread=thread,
                author=answerer,
                body=answer["body"],
                is_accepted=bool(answer.get("accepted")),
            )
            Post.objects.filter(pk=post.pk).update(created_at=min(last, now))
            _votes(post, answer.get("votes", 0), members, rng, reason="answer_upvoted")
            if post.is_accepted:
                thread.accepted_post = post
                reputation.award(
                    user=answerer,
                    reason="answer_accepted",
                    category="discussion",
                    source=f"forum-accepted-{thread.pk}",
                    capped=False,
                )
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=len(entry.get("answers", [])),
            last_activity_at=min(last, now),
            accepted_post=thread.accepted_post,
            score=entry.get("votes", 0),
        )
        threads += 1
        if index % 20 == 0:
            out.write(".")
    for category in categories.values():
        Category.objects.filter(pk=category.pk).update(
            thread_count=category.threads.count(),
            post_count=Post.objects.filter(thread__category=category).count(),
        )
    from aitalent.search import services as search

    search.rebuild(doc_types=["forum.thread"])
    out.write(f"\nCreated {len(categories)} forum categories and {threads} threads.\n")


def _votes(post: Post, count: int, members: list[Any], rng: random.Random, *, reason: str) -> None:
    voters = [m for m in members if m.pk != post.author_id]
    chosen = rng.sample(voters, k=min(max(count, 0), len(voters)))
    Vote.objects.bulk_create([Vote(post=post, voter=v, value=1) for v in chosen])
    Post.objects.filter(pk=post.pk).update(score=len(chosen))
    for voter in chosen:
        reputation.award(
            user=post.author,
            reason=reason,
            category="discussion",
            source=f"forum-vote-{post.pk}-{voter.pk}",
        )
