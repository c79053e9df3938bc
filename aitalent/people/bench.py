"""`aitalent bench directory`: time directory queries over whatever members the database holds.

Run after `aitalent seed --scale 100000`. Each query is one realistic filter mix (skill with a
minimum level, domain, country, time-zone window, intent, language, free text), executed as a
signed-in member through the same selector the page and the API use, results materialised.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any, TextIO

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from aitalent.accounts.models import User
from aitalent.core.models import Topic
from aitalent.people import selectors
from aitalent.people.models import Profile

TEXT = ["engineer", "research", "vision", "nlp", "data", "learning", "学习", "practitioner"]


def _random_filters(rng: random.Random, skills: list[Topic], domains: list[Topic]) -> Any:
    filters = selectors.DirectoryFilters(sort=rng.choice(["relevance", "activity", "activity"]))
    if rng.random() < 0.8 and skills:
        filters.skill = rng.choice(skills)
        filters.min_level = rng.randint(1, 5)
        filters.level_kind = "evidenced" if rng.random() < 0.2 else "self"
    if rng.random() < 0.4 and domains:
        filters.domain = rng.choice(domains)
    if rng.random() < 0.4:
        filters.country = rng.choice(["CN", "US", "IN", "DE", "GB", "BR", "JP", "KE"])
    if rng.random() < 0.2:
        filters.tz_center_minutes, filters.tz_window_hours = rng.choice([0, 60, 480, -300]), 2
    if rng.random() < 0.2:
        filters.open_to_work = True
    if rng.random() < 0.15:
        filters.language = rng.choice(["en", "zh", "de"])
    if rng.random() < 0.3:
        filters.q = rng.choice(TEXT)
    return filters


def run_directory_bench(n_queries: int, out: TextIO, *, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    members = Profile.objects.count()
    skills = list(Topic.objects.filter(kind=Topic.Kind.SKILL))
    domains = list(Topic.objects.filter(kind=Topic.Kind.DOMAIN))
    viewer: Any = (
        User.objects.filter(is_active=True, is_staff=False).order_by("?").first() or AnonymousUser()
    )
    timings: list[float] = []
    queries_per_page: list[int] = []
    # warm-up: plans and caches, as a running server would have them
    for _ in range(min(5, n_queries)):
        selectors.directory_page(
            viewer=viewer, filters=_random_filters(rng, skills, domains), page=1
        )
    for _ in range(n_queries):
        filters = _random_filters(rng, skills, domains)
        before = len(connection.queries)
        start = time.perf_counter()
        selectors.directory_page(viewer=viewer, filters=filters, page=rng.choice([1, 1, 1, 2, 5]))
        timings.append((time.perf_counter() - start) * 1000)
        queries_per_page.append(len(connection.queries) - before)
    timings.sort()

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, int(round(p / 100 * (len(timings) - 1))))]

    result = {
        "members": members,
        "queries": n_queries,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(pct(95), 2),
        "max_ms": round(timings[-1], 2),
        # Only counted when DEBUG is on (Django records queries then).
        "db_queries_per_page_max": max(queries_per_page) if queries_per_page else 0,
    }
    out.write(
        f"directory: {members} members, {n_queries} queries: p50 {result['p50_ms']} ms, "
        f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms (target p95 <= 50 ms)\n"
    )
    return result
