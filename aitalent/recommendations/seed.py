"""Demo and scale signal history for the recommendation jobs, then a first refresh (demo only).

The demo apps create members, resources, threads and events but few interactions; without a
history the feed would be cold start for everyone. This seed records "view" signals (through the
activity service, with past timestamps) that follow members' skills and domains with some noise,
so collaborative filtering, the platform bench's time split and the demo feed have data.
`--scale N` adds ~12 signals per bulk member by COPY (views, answers, event registrations).
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone

SEED_ORDER = 960  # after every app that creates items (search indexes at 950)
MARK_VERB = "view"


def _catalogue() -> list[tuple[str, int, list[int]]]:
    from aitalent.recommendations import sources

    return [(c.item_type, c.item_id, c.topic_ids) for c in sources.all_candidates()]


def _by_topic(items: list[tuple[str, int, list[int]]]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for i, (_, _, topics) in enumerate(items):
        for t in topics:
            found[t].append(i)
    return found


def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    from aitalent.activity import services as activity
    from aitalent.activity.models import Interaction
    from aitalent.people.models import Profile
    from aitalent.recommendations import services

    rng = random.Random(seed)
    if not Interaction.objects.filter(verb=MARK_VERB).exists():
        items = _catalogue()
        by_topic = _by_topic(items)
        now = timezone.now()
        count = 0
        profiles = Profile.objects.filter(
            user__is_active=True, user__is_staff=False
        ).prefetch_related("skills", "domains")
        with transaction.atomic():
            for profile in profiles:
                topics = [s.topic_id for s in profile.skills.all()] + [
                    d.pk for d in profile.domains.all()
                ]
                pool = [i for t in topics for i in by_topic.get(t, [])]
                if not pool or rng.random() < 0.1:  # some members never interact: cold start
                    continue
                for _ in range(rng.randint(3, 14)):
                    i = rng.choice(pool) if rng.random() < 0.8 else rng.randrange(len(items))
                    item_type, item_id, _topics = items[i]
                    activity.record(
                        actor=profile.user,
                        verb=MARK_VERB,
                        target_type=item_type,
                        target_id=item_id,
                        at=now - timezone.timedelta(minutes=rng.randint(10, 60 * 24 * 90)),
                    )
                    count += 1
        out.write(f"Recorded {count} demo view signals.\n")
    run = services.refresh_all()
    out.write(f"Recommendations computed for {run.members} members over {run.items} items.\n")


def seed_scale(*, n: int, out: TextIO, seed: int = 42) -> None:
    """~12 signals for each of the newest n members, over the existing items, by COPY."""
    rng = random.Random(seed)
    items = _catalogue()
    if not items:
        out.write("No items to interact with: run `aitalent seed --demo` first.\n")
        return
    by_topic = _by_topic(items)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.user_id, array_agg(s.topic_id) FROM people_profile p"
            " JOIN people_profileskill s ON s.profile_id = p.id"
            " WHERE p.user_id IN (SELECT id FROM accounts_user ORDER BY id DESC LIMIT %s)"
            " GROUP BY p.user_id",
            [n],
        )
        members = cursor.fetchall()
    now = timezone.now()
    verbs = {"forum.thread": ("answer", 3.0), "events.event": ("register", 3.0)}
    rows = []
    for user_id, topics in members:
        pool = [i for t in topics for i in by_topic.get(t, [])]
        for _ in range(rng.randint(4, 20)):
            i = rng.choice(pool) if pool and rng.random() < 0.8 else rng.randrange(len(items))
            item_type, item_id, _topics = items[i]
            verb, weight = ("view", 0.2)
            if item_type in verbs and rng.random() < 0.25:
                verb, weight = verbs[item_type]
            at = now - timezone.timedelta(minutes=rng.randint(10, 60 * 24 * 90))
            rows.append((user_id, verb, item_type, item_id, weight, at))
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(
            "COPY activity_interaction (actor_id, verb, target_type, target_id, weight,"
            " created_at) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)
    out.write(f"Recorded {len(rows)} signals for {len(members)} members.\n")
