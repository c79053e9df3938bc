"""Demo resources: articles, tutorials, papers, videos, datasets, repositories, notebooks."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aitalent.activity import reputation
from aitalent.core.models import Topic
from aitalent.knowledge import services
from aitalent.knowledge.models import Bookmark, Collection, CollectionItem, Like, Resource

SEED_ORDER = 510
DATA = Path(__file__).resolve().parent / "data" / "demo_resources.json"
FIELDS = [
    "kind",
    "title",
    "summary",
    "body",
    "url",
    "arxiv_id",
    "doi",
    "authors",
    "venue",
    "year",
    "difficulty",
    "language",
]


@transaction.atomic
def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    if not DATA.exists() or Resource.objects.exists():
        return
    rng = random.Random(seed)
    members = list(get_user_model().objects.filter(is_active=True).order_by("pk"))
    if len(members) < 5:
        return
    topics = {t.slug: t for t in Topic.objects.all()}
    now = timezone.now()
    created = []
    for entry in json.loads(DATA.read_text("utf-8"))["resources"]:
        fields = {key: entry.get(key) for key in FIELDS if entry.get(key) not in (None, "")}
        author = rng.choice(members)
        resource = Resource(
            author=author,
            slug=services._unique_slug(entry["title"]),
            status=Resource.Status.PUBLISHED,
            **fields,
        )
        resource.published_at = now - timedelta(days=rng.randint(0, 180), hours=rng.randint(0, 23))
        resource.view_count = rng.randint(20, 2000)
        resource.save()
        resource.topics.set(
            [topics[s] for s in entry.get("topics", []) + entry.get("domains", []) if s in topics][
                :6
            ]
        )
        created.append(resource)
    for resource in created:
        likers = rng.sample(
            [m for m in members if m.pk != resource.author_id],
            k=min(rng.randint(0, 18), len(members) - 1),
        )
        Like.objects.bulk_create([Like(resource=resource, user=u) for u in likers])
        savers = rng.sample(likers, k=len(likers) // 2)
        Bookmark.objects.bulk_create([Bookmark(resource=resource, user=u) for u in savers])
        Resource.objects.filter(pk=resource.pk).update(
            like_count=len(likers), bookmark_count=len(savers)
        )
        for user in likers:
            reputation.award(
                user=resource.author,
                reason="resource_liked",
                category="resources",
                source=f"knowledge-like-{resource.pk}-{user.pk}",
            )
    demo = next((m for m in members if m.email == "demo@example.com"), members[0])
    collection = Collection.objects.create(
        owner=demo,
        title="Getting started with LLM applications",
        slug="getting-started-llm",
        description="A reading path from transformers to retrieval-augmented generation.",
    )
    llm = [
        r
        for r in created
        if r.topics.filter(
            slug__in=["large-language-models", "transformers", "retrieval-augmented-generation"]
        ).exists()
    ]
    for position, resource in enumerate(llm[:8], start=1):
        CollectionItem.objects.create(collection=collection, resource=resource, position=position)
    from aitalent.search import services as search

    search.rebuild(doc_types=["knowledge.resource"])
    out.write(f"Created {len(created)} resources and 1 collection.\n")
