"""``aitalent bench recs-refresh`` (full refresh time) and ``aitalent bench recs-feed`` (feed
latency): the platform-scale numbers of the recommendations issue. Run against a database seeded
with ``aitalent seed --demo`` and ``aitalent seed --scale N --only people --only recommendations``.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.core.management.base import CommandParser
from django.db import connection
from django.test import Client

from aitalent.core.benching import Bench


def _refresh_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--incremental", action="store_true", help="time one incremental run instead"
    )


def run_refresh(options: dict[str, Any], out: TextIO) -> None:
    from aitalent.recommendations import services
    from aitalent.recommendations.engine.evaluation import PeakMemory

    with PeakMemory() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        run = services.refresh_incremental() if options["incremental"] else services.refresh_all()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if run is None:
        out.write("Nothing to refresh (no member with new activity).\n")
        return
    out.write(
        f"{run.kind} refresh: {run.members} members, {run.items} items in {seconds:.1f} s wall,"
        f" {cpu:.1f} s CPU (peak RSS {memory.peak_mb:.0f} MB)\n"
    )
    for step, step_seconds in getattr(run, "timings", {}).items():
        out.write(f"  {step:<28} {step_seconds:8.1f} s\n")


def _feed_arguments(parser: CommandParser) -> None:
    parser.add_argument("--members", type=int, default=50, help="random members to sample")
    parser.add_argument("--rounds", type=int, default=6, help="requests per member and page")


def _percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[max(0, int(round(len(values) * share)) - 1)]


def run_feed(options: dict[str, Any], out: TextIO) -> None:
    from aitalent.recommendations import selectors
    from aitalent.recommendations.models import SuggestionList, Surface

    user_ids = list(
        SuggestionList.objects.filter(surface=Surface.FEED).values_list("user_id", flat=True)[
            :20000
        ]
    )
    if not user_ids:
        out.write("No stored lists: run `aitalent bench recs-refresh` first.\n")
        return
    rng = random.Random(0)
    members = get_user_model().objects.filter(
        pk__in=rng.sample(user_ids, min(options["members"], len(user_ids)))
    )
    pages = [
        ("selector only", None),
        ("home page /", "/"),
        ("/recommendations/", "/recommendations/"),
        ("API feed", "/api/v1/recommendations/feed/"),
    ]
    timings: dict[str, list[float]] = {name: [] for name, _ in pages}
    queries: dict[str, int] = {}
    client = Client(HTTP_HOST="127.0.0.1")
    for member in members:
        client.force_login(member)
        client.get("/")  # warm caches and templates
        for name, url in pages:
            for _ in range(options["rounds"]):
                counted: list[str] = []

                def count(execute: Any, sql: str, *args: Any, counted: list = counted) -> Any:
                    counted.append(sql)
                    return execute(sql, *args)

                with connection.execute_wrapper(count):
                    started = time.perf_counter()
                    if url is None:
                        selectors.suggestions(user=member, surface=Surface.FEED, limit=6)
                    else:
                        assert client.get(url).status_code == 200
                    timings[name].append((time.perf_counter() - started) * 1000)
                queries[name] = max(queries.get(name, 0), len(counted))
    out.write(f"{'what':<20} {'p50 ms':>8} {'p95 ms':>8} {'max queries':>12}  (n)\n")
    for name, values in timings.items():
        out.write(
            f"{name:<20} {statistics.median(values):>8.1f} {_percentile(values, 0.95):>8.1f}"
            f" {queries[name]:>12}  ({len(values)})\n"
        )


BENCHES = [
    Bench(
        "recs-refresh",
        "time a full (or incremental) recommendation refresh",
        _refresh_arguments,
        run_refresh,
    ),  # fmt: skip
    Bench(
        "recs-feed",
        "p50/p95 of the feed: selector, home, suggestions page, API",
        _feed_arguments,
        run_feed,
    ),  # fmt: skip
]
