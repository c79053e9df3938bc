"""Demo analytics: a year of backdated activity-log history, then the aggregation.

The other demo seeds create members who joined over the past year, but they record almost no
activity (and what they record is stamped "now"). Charts over time need history, so this step
adds backdated Interaction rows that are consistent with the demo objects (answers at the forum
posts' times, attendance at the events' times, connections after both members joined, views and
likes of real resources, threads and events), then aggregates. Demo data only.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from typing import Any, TextIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from aitalent.activity.models import Interaction
from aitalent.activity.services import DEFAULT_WEIGHTS
from aitalent.analytics import aggregation

SEED_ORDER = 980  # after every app that creates demo objects (search indexes at 950)

# Optional modules built alongside: (model label, commit verb, complete verb).
MODULES = [
    ("competitions.Competition", "join", "submit"),
    ("projects.Project", "apply", "join"),
    ("courses.Course", "enroll", "complete"),
]


def _rows(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def backfill(*, rng: random.Random, now: datetime) -> int:
    users = list(get_user_model().objects.filter(is_active=True).values_list("id", "date_joined"))
    resources = [r[0] for r in _rows("SELECT id FROM knowledge_resource")]
    threads = [r[0] for r in _rows("SELECT id FROM forum_thread")]
    events = _rows("SELECT id, starts_at FROM events_event")
    topics = [r[0] for r in _rows("SELECT id FROM core_topic WHERE kind = 'skill'")]
    out: list[Interaction] = []

    def add(actor: int, verb: str, target_type: str, target_id: int, at: datetime) -> None:
        if at > now:
            return
        out.append(
            Interaction(
                actor_id=actor,
                verb=verb,
                target_type=target_type,
                target_id=target_id,
                weight=DEFAULT_WEIGHTS.get(verb, 1.0),
                created_at=at,
            )
        )

    def browse(actor: int, at: datetime) -> None:
        pick = rng.random()
        if pick < 0.5 and resources:
            resource = rng.choice(resources)
            add(actor, "view", "knowledge.resource", resource, at)
            if rng.random() < 0.15 and at >= earliest[actor]:
                add(actor, rng.choice(["like", "bookmark"]), "knowledge.resource", resource, at)
        elif pick < 0.85 and threads:
            add(actor, "view", "forum.thread", rng.choice(threads), at)
        elif events:
            add(actor, "view", "events.event", rng.choice(events)[0], at)

    # Members who do something meaningful in their first week (activation); the others only look
    # around at first, and everything else they do (connect, endorse, register) comes later.
    activated = {user_id for user_id, _j in users if rng.random() < 0.6}
    earliest = {
        user_id: date_joined + timedelta(days=0 if user_id in activated else 8)
        for user_id, date_joined in users
    }
    # Everyday activity: engagement falls off after joining, differently per member.
    for user_id, date_joined in users:
        kind = rng.random()
        if kind < 0.15:  # the core: active most weeks, for a long time
            base, half_life = 0.22, 500
        elif kind < 0.5:  # regulars who drift away over months
            base, half_life = 0.05, rng.choice([45, 90, 180])
        else:  # drive-by members: a first look, then rarely
            base, half_life = 0.012, 30
        if user_id in activated:  # a meaningful first action within a week
            at = date_joined + timedelta(hours=rng.uniform(1, 24 * 6))
            if topics and rng.random() < 0.5:
                add(user_id, "follow", "core.topic", rng.choice(topics), at)
            elif resources:
                add(user_id, "bookmark", "knowledge.resource", rng.choice(resources), at)
        day, age = date_joined, 0
        while day < now:
            p = base * 0.5 ** (age / half_life) + (0.4 if age < 3 else 0.0)
            if rng.random() < p:
                for _ in range(rng.randint(1, 4)):
                    browse(user_id, day + timedelta(hours=rng.uniform(0, 23)))
            day += timedelta(days=1)
            age += 1

    # Consistent with the demo objects.
    for author_id, created_at, is_opening, thread_id in _rows(
        "SELECT author_id, created_at, is_opening, thread_id FROM forum_post "
        "WHERE author_id IS NOT NULL AND NOT is_deleted"
    ):
        add(author_id, "post" if is_opening else "answer", "forum.thread", thread_id, created_at)
    for author_id, resource_id, at in _rows(
        "SELECT author_id, id, coalesce(published_at, created_at) FROM knowledge_resource "
        "WHERE author_id IS NOT NULL"
    ):
        add(author_id, "publish", "knowledge.resource", resource_id, min(at, now))
    starts = dict(events)
    for user_id, event_id, status, checked_in in _rows(
        "SELECT user_id, event_id, status, checked_in_at IS NOT NULL FROM events_rsvp"
    ):
        start = starts[event_id]
        registered = max(start - timedelta(days=rng.uniform(1, 20)), earliest.get(user_id, start))
        add(user_id, "view", "events.event", event_id, registered - timedelta(hours=2))
        if status in ("going", "not_going") or checked_in:
            add(user_id, "register", "events.event", event_id, min(registered, now))
        if checked_in and start < now:
            add(user_id, "attend", "events.event", event_id, start + timedelta(minutes=20))
    for a, b in _rows("SELECT user_id, other_id FROM people_connection WHERE user_id < other_id"):
        start = max(earliest.get(a, now), earliest.get(b, now))
        at = _between(rng, start, min(now, start + timedelta(days=rng.choice([3, 10, 30]))))
        add(a, "connect", "accounts.user", b, at)
        add(b, "connect", "accounts.user", a, at)
    for endorser, skill_id, owner in _rows(
        "SELECT e.endorser_id, e.skill_id, p.user_id FROM people_endorsement e "
        "JOIN people_profileskill s ON s.id = e.skill_id "
        "JOIN people_profile p ON p.id = s.profile_id"
    ):
        start = max(earliest.get(endorser, now), earliest.get(owner, now))
        at = _between(rng, start, min(now, start + timedelta(days=rng.choice([5, 20, 60]))))
        add(endorser, "endorse", "people.profileskill", skill_id, at)

    # Funnels of the modules built alongside (only when their demo objects exist).
    member_ids = [u for u, _j in users]
    for label, commit, complete in MODULES:
        try:
            model = apps.get_model(label)
            with transaction.atomic():  # a savepoint: a missing table must not abort the seed
                ids = list(model.objects.values_list("pk", flat=True)[:50])
        except Exception:  # noqa: S112 - the app or its table is not there: no funnel for it
            continue
        if not ids or not member_ids:
            continue
        target_type = f"{model._meta.app_label}.{model._meta.model_name}"
        for actor in rng.sample(member_ids, k=min(len(member_ids), 160)):
            at = _between(rng, max(earliest[actor], now - timedelta(days=240)), now)
            target = rng.choice(ids)
            add(actor, "view", target_type, target, at)
            if rng.random() < 0.4:
                at += timedelta(days=rng.uniform(0, 5))
                add(actor, commit, target_type, target, at)
                if rng.random() < 0.55:
                    add(
                        actor,
                        complete,
                        target_type,
                        target,
                        at + timedelta(days=rng.uniform(1, 20)),
                    )
    Interaction.objects.bulk_create(out, batch_size=5000)
    return len(out)


def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    now = timezone.now()
    if get_user_model().objects.count() < 20:
        return
    # Backfilled already (or a real history): connections logged more than a week ago. Other demo
    # seeds may add backdated views (recommendations does), so views are no marker.
    if not Interaction.objects.filter(
        verb="connect", created_at__lt=now - timedelta(days=7)
    ).exists():
        with transaction.atomic():
            added = backfill(rng=random.Random(seed), now=now)
        out.write(f"Backdated {added} demo activity-log entries for analytics.\n")
    first = (
        get_user_model().objects.order_by("date_joined").values_list("date_joined", flat=True)[0]
    )
    date_from = max(first.date(), (now - timedelta(days=400)).date())
    started = time.monotonic()
    aggregation.recompute(date_from=date_from, date_to=now.date())
    out.write(
        f"Aggregated analytics {date_from}..{now.date()} in {time.monotonic() - started:.1f}s.\n"
    )
