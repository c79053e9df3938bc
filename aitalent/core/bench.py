"""`aitalent bench pages`: server time and queries of typical pages, measured in-process.

Uses Django's test client against the configured database (run `seed --demo` first). The
yardstick: a typical page costs <= 15 ms of server time on a 2-core machine.
"""

from __future__ import annotations

import statistics
import time
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client


def _pages() -> list[tuple[str, str]]:
    from django.db.models import Count

    from aitalent.forum.models import Thread
    from aitalent.knowledge.models import Resource

    pages = [
        ("home", "/"),
        ("topics", "/topics/"),
        ("topic", "/topics/deep-learning/"),
        ("forum list", "/forum/"),
        ("resources list", "/resources/"),
        ("search", "/search/?q=transformer"),
    ]
    thread = (
        Thread.objects.filter(context_type="").annotate(n=Count("posts")).order_by("-n").first()
    )
    if thread:
        pages.append((f"thread ({thread.n} posts)", thread.get_absolute_url()))
    resource = Resource.objects.filter(status="published").first()
    if resource:
        pages.append(("resource", resource.get_absolute_url()))
    user = get_user_model().objects.filter(email="demo@example.com").first()
    if user:
        pages.append(("profile", f"/people/{user.handle}/"))
    return pages


def _counter(counted: list[str]) -> Any:
    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted.append(sql)
        return execute(sql, params, many, context)

    return count


def run_pages_bench(*, rounds: int = 30, out: TextIO) -> list[dict[str, Any]]:
    client = Client(HTTP_HOST="127.0.0.1")
    member = get_user_model().objects.filter(email="demo@example.com").first()
    results = []
    for who in ("visitor", "member"):
        if who == "member":
            if member is None:
                break
            client.force_login(member)
        for name, url in _pages():
            client.get(url)  # warm up templates and caches
            timings = []
            counted: list[str] = []
            with connection.execute_wrapper(_counter(counted)):
                status = client.get(url).status_code
            for _ in range(rounds):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            row = {
                "who": who,
                "page": name,
                "status": status,
                "queries": len(counted),
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            }
            results.append(row)
            out.write(
                f"{who:8} {name:28} {status}  {row['queries']:3d} queries  "
                f"p50 {row['p50_ms']:7.2f} ms  p95 {row['p95_ms']:7.2f} ms\n"
            )
    return results
