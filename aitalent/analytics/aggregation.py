"""The nightly aggregation: raw tables and the activity log in, summary tables out.

Read-only on every other app's tables (plain SQL aggregates, no model imports from domain apps);
writes only analytics' own tables. Definitions: docs/analytics.md. Every metric is computed for
three grains (day, week, month; weeks start on Monday, UTC), for everyone and per member domain.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from aitalent.analytics.models import (
    AggregationRun,
    Cohort,
    KnowledgeFlow,
    MetricValue,
    SkillBalance,
)

logger = logging.getLogger(__name__)

GRAINS = ("day", "week", "month")
# F: taking part in an exchange (docs/analytics.md, "Participation").
PARTICIPATION_VERBS = ("post", "answer", "publish", "attend", "submit", "join", "apply", "enroll")
PARTICIPATION_VERBS += ("complete",)
# Funnel stages by verb, the same for every module (the app label of target_type).
COMMIT_VERBS = ("join", "register", "enroll", "apply")
COMPLETE_VERBS = ("submit", "attend", "complete")
# Activation: a first meaningful action (anything but passive views and dismissals).
PASSIVE_VERBS = ("view", "dismiss", "unattend")
ACTIVATION_DAYS = 7

# Member-to-member interactions (I): one row per interaction, user_id = the member who acted.
INTERACTION_SOURCES: dict[str, str] = {
    "replies": """
        SELECT po.author_id AS user_id, po.created_at AS ts
        FROM forum_post po JOIN forum_thread th ON th.id = po.thread_id
        WHERE NOT po.is_opening AND NOT po.is_deleted AND po.author_id IS NOT NULL
          AND th.author_id IS NOT NULL AND po.author_id <> th.author_id
          AND po.created_at >= %(start)s AND po.created_at < %(end)s""",
    # The acceptance time is not stored: the accepted post's updated_at is set when it is accepted.
    "accepted": """
        SELECT th.author_id AS user_id, po.updated_at AS ts
        FROM forum_thread th JOIN forum_post po ON po.id = th.accepted_post_id
        WHERE th.author_id IS NOT NULL AND po.author_id IS NOT NULL
          AND po.author_id <> th.author_id
          AND po.updated_at >= %(start)s AND po.updated_at < %(end)s""",
    "messages": """
        SELECT m.sender_id AS user_id, m.created_at AS ts
        FROM messaging_message m
        WHERE m.sender_id IS NOT NULL AND m.created_at >= %(start)s AND m.created_at < %(end)s""",
    "endorsements": """
        SELECT i.actor_id AS user_id, i.created_at AS ts FROM activity_interaction i
        WHERE i.verb = 'endorse' AND i.created_at >= %(start)s AND i.created_at < %(end)s""",
    # A connection is logged once per side: count it once (from the lower id's side).
    "connections": """
        SELECT i.actor_id AS user_id, i.created_at AS ts FROM activity_interaction i
        WHERE i.verb = 'connect' AND i.target_type = 'accounts.user' AND i.actor_id < i.target_id
          AND i.created_at >= %(start)s AND i.created_at < %(end)s""",
    # Two members checked in at the same event: one interaction per pair.
    "co_attendance": """
        SELECT a.user_id AS user_id, e.starts_at AS ts
        FROM events_rsvp a
        JOIN events_rsvp b ON b.event_id = a.event_id AND a.user_id < b.user_id
        JOIN events_event e ON e.id = a.event_id
        WHERE a.checked_in_at IS NOT NULL AND b.checked_in_at IS NOT NULL
          AND e.starts_at >= %(start)s AND e.starts_at < %(end)s""",
    # Joining a team, project or any other group of people (events groups are audiences, not teams).
    "team_joins": """
        SELECT i.actor_id AS user_id, i.created_at AS ts FROM activity_interaction i
        WHERE i.verb = 'join' AND i.target_type NOT LIKE 'events.%%'
          AND i.created_at >= %(start)s AND i.created_at < %(end)s""",
}

ALL_INTERACTIONS = """
    SELECT actor_id AS user_id, created_at AS ts FROM activity_interaction
    WHERE created_at >= %(start)s AND created_at < %(end)s"""

PARTICIPATION = """
    SELECT actor_id AS user_id, created_at AS ts FROM activity_interaction
    WHERE verb = ANY(%(participation)s) AND created_at >= %(start)s AND created_at < %(end)s"""

SIGNUPS = """
    SELECT u.id AS user_id, u.date_joined AS ts,
      EXISTS (
        SELECT 1 FROM activity_interaction i
        WHERE i.actor_id = u.id AND NOT (i.verb = ANY(%(passive)s))
          AND i.created_at >= u.date_joined
          AND i.created_at < u.date_joined + %(activation)s * interval '1 day'
      ) AS flag
    FROM accounts_user u WHERE u.date_joined >= %(start)s AND u.date_joined < %(end)s"""

# Questions: Q&A threads (not in-context discussions, not duplicates), by the time they were asked.
QUESTIONS = """
    SELECT th.author_id AS user_id, th.created_at AS ts, th.id AS thread_id,
      th.accepted_post_id IS NOT NULL AS flag,
      (SELECT min(po.created_at) FROM forum_post po
        WHERE po.thread_id = th.id AND NOT po.is_opening AND NOT po.is_deleted
          AND po.author_id IS DISTINCT FROM th.author_id) AS first_at
    FROM forum_thread th JOIN forum_category c ON c.id = th.category_id
    WHERE c.mode = 'qa' AND th.context_type = '' AND th.status <> 'duplicate'
      AND th.author_id IS NOT NULL AND th.created_at >= %(start)s AND th.created_at < %(end)s"""

# Answers across domain boundaries: flag = the answerer shares no domain with the asker.
ANSWERS = """
    SELECT po.author_id AS user_id, po.created_at AS ts,
      NOT EXISTS (
        SELECT 1 FROM people_profile pa
        JOIN people_profile_domains da ON da.profile_id = pa.id
        JOIN people_profile pq ON pq.user_id = th.author_id
        JOIN people_profile_domains dq ON dq.profile_id = pq.id AND dq.topic_id = da.topic_id
        WHERE pa.user_id = po.author_id
      ) AS flag
    FROM forum_post po JOIN forum_thread th ON th.id = po.thread_id
    JOIN forum_category c ON c.id = th.category_id
    WHERE c.mode = 'qa' AND th.context_type = '' AND NOT po.is_opening AND NOT po.is_deleted
      AND po.author_id IS NOT NULL AND th.author_id IS NOT NULL AND po.author_id <> th.author_id
      AND EXISTS (SELECT 1 FROM people_profile p JOIN people_profile_domains d
                  ON d.profile_id = p.id WHERE p.user_id = po.author_id)
      AND EXISTS (SELECT 1 FROM people_profile p JOIN people_profile_domains d
                  ON d.profile_id = p.id WHERE p.user_id = th.author_id)
      AND po.created_at >= %(start)s AND po.created_at < %(end)s"""

TOPIC_JOIN = """
    JOIN forum_thread_topics tt ON tt.thread_id = b.thread_id
    JOIN core_topic t ON t.id = tt.topic_id"""

DOMAIN_JOIN = """
    JOIN people_profile p ON p.user_id = b.user_id
    JOIN people_profile_domains pd ON pd.profile_id = p.id
    JOIN core_topic t ON t.id = pd.topic_id"""


def _params(start: datetime, end: datetime) -> dict[str, Any]:
    return {
        "start": start,
        "end": end,
        "participation": list(PARTICIPATION_VERBS),
        "passive": list(PASSIVE_VERBS),
        "activation": ACTIVATION_DAYS,
        "commit": list(COMMIT_VERBS),
        "complete": list(COMPLETE_VERBS),
    }


def _fetch(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _grouped(
    base: str,
    grain: str,
    values: dict[str, str],
    params: dict[str, Any],
    by_domain: bool = True,
    by_topic: bool = False,
) -> dict[str, list[tuple[str, date, float | None, int]]]:
    """Run `base` (rows with user_id, ts, ...) grouped by period, for everyone and per domain.

    `values` maps metric name -> SQL aggregate over the alias `b`; returns metric -> rows of
    (dimension, period_start, value, members) where members = distinct user_id in the group.
    """
    assert grain in GRAINS
    names = list(values)
    aggregates = ", ".join(values[name] for name in names)
    period = f"date_trunc('{grain}', b.ts AT TIME ZONE 'UTC')::date"
    queries = [
        # Only module constants and a checked grain are interpolated; values are parameters.
        f"SELECT '' AS dim, {period} AS period, count(DISTINCT b.user_id), {aggregates} "  # noqa: S608
        f"FROM ({base}) b GROUP BY 2"
    ]
    if by_domain:
        queries.append(
            f"SELECT 'domain:' || t.slug AS dim, {period} AS period, "  # noqa: S608
            "count(DISTINCT b.user_id), "
            f"{aggregates} FROM ({base}) b {DOMAIN_JOIN} GROUP BY 1, 2"
        )
    if by_topic:  # rows carry thread_id: slice by the thread's topics
        queries.append(
            f"SELECT 'topic:' || t.slug AS dim, {period} AS period, "  # noqa: S608
            f"count(DISTINCT b.user_id), {aggregates} FROM ({base}) b {TOPIC_JOIN} GROUP BY 1, 2"
        )
    out: dict[str, list[tuple[str, date, float | None, int]]] = {name: [] for name in names}
    for sql in queries:
        for row in _fetch(sql, params):
            dim, period_start, members = row[0], row[1], row[2]
            for index, name in enumerate(names):
                value = row[3 + index]
                out[name].append(
                    (dim, period_start, None if value is None else float(value), members)
                )
    return out


def _replace(
    metric: str, grain: str, start: date, end: date, rows: Iterable[tuple[str, date, Any, int]]
) -> int:
    """Replace a metric's values for the periods starting in [start, end) in one transaction."""
    MetricValue.objects.filter(
        metric=metric, grain=grain, period_start__gte=start, period_start__lt=end
    ).delete()
    objs = [
        MetricValue(
            metric=metric,
            grain=grain,
            dimension=dim,
            period_start=period_start,
            value=value,
            members=members,
        )
        for dim, period_start, value, members in rows
        if start <= period_start < end
    ]
    MetricValue.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def period_floor(day: date, grain: str) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def period_next(day: date, grain: str) -> date:
    if grain == "week":
        return day + timedelta(days=7)
    if grain == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=1)


def _bounds(date_from: date, date_to: date, grain: str) -> tuple[date, date]:
    """The whole periods that touch [date_from, date_to]: a week or month is never half computed."""
    return period_floor(date_from, grain), period_next(period_floor(date_to, grain), grain)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _aggregate_grain(grain: str, date_from: date, date_to: date) -> None:
    start, end = _bounds(date_from, date_to, grain)
    params = _params(_at(start), _at(end))
    rows = _grouped(
        ALL_INTERACTIONS, grain, {"active_members": "count(DISTINCT b.user_id)"}, params
    )
    rows |= _grouped(PARTICIPATION, grain, {"participants": "count(DISTINCT b.user_id)"}, params)
    rows |= _grouped(
        SIGNUPS,
        grain,
        {
            "signups": "count(*)",
            "activated": "count(*) FILTER (WHERE b.flag)",
            "activation_rate": "100.0 * avg(b.flag::int)",
        },
        params,
    )
    rows |= _grouped(
        QUESTIONS,
        grain,
        {
            "questions": "count(*)",
            "unanswered": "count(*) FILTER (WHERE b.first_at IS NULL)",
            "solved_rate": "100.0 * avg(b.flag::int)",
            "first_response_hours": (
                "percentile_cont(0.5) WITHIN GROUP "
                "(ORDER BY extract(epoch FROM b.first_at - b.ts) / 3600.0)"
            ),
        },
        params,
        by_topic=True,
    )
    rows |= _grouped(
        ANSWERS,
        grain,
        {"cross_domain_answers": "100.0 * avg(b.flag::int)"},
        params,
        by_domain=False,
    )
    # I: all sources together (plus one slice per source, dimension "kind:<source>").
    union = " UNION ALL ".join(f"({sql})" for sql in INTERACTION_SOURCES.values())
    interactions = _grouped(union, grain, {"interactions": "count(*)"}, params)["interactions"]
    for kind, sql in INTERACTION_SOURCES.items():
        for _dim, period_start, value, members in _grouped(
            sql, grain, {"n": "count(*)"}, params, by_domain=False
        )["n"]:
            interactions.append((f"kind:{kind}", period_start, value, members))
    rows["interactions"] = interactions
    rows["funnel_view"], rows["funnel_commit"], rows["funnel_complete"] = _funnels(grain, params)
    with transaction.atomic():
        for metric, metric_rows in rows.items():
            _replace(metric, grain, start, end, metric_rows)


def _funnels(grain: str, params: dict[str, Any]) -> tuple[list[tuple[str, date, float, int]], ...]:
    assert grain in GRAINS  # the only interpolated value
    period = f"date_trunc('{grain}', i.created_at AT TIME ZONE 'UTC')::date"
    sql = """
        SELECT 'module:' || split_part(i.target_type, '.', 1) AS dim,
          PERIOD AS period,
          count(DISTINCT i.actor_id) FILTER (WHERE i.verb = 'view'),
          count(DISTINCT i.actor_id) FILTER (WHERE i.verb = ANY(%(commit)s)),
          count(DISTINCT i.actor_id) FILTER (WHERE i.verb = ANY(%(complete)s))
        FROM activity_interaction i
        WHERE i.created_at >= %(start)s AND i.created_at < %(end)s
          AND (i.verb = 'view' OR i.verb = ANY(%(commit)s) OR i.verb = ANY(%(complete)s))
        GROUP BY 1, 2""".replace("PERIOD", period)
    view: list[tuple[str, date, float, int]] = []
    commit: list[tuple[str, date, float, int]] = []
    complete: list[tuple[str, date, float, int]] = []
    for dim, period, n_view, n_commit, n_complete in _fetch(sql, params):
        view.append((dim, period, float(n_view), n_view))
        commit.append((dim, period, float(n_commit), n_commit))
        complete.append((dim, period, float(n_complete), n_complete))
    return view, commit, complete


def _aggregate_rolling(date_from: date, date_to: date) -> None:
    """Rolling WAU (7 days) and MAU (28 days) per day, and stickiness = DAU / MAU."""
    start, end = date_from, date_to + timedelta(days=1)
    # Linear, not days x window: each active (member, day) covers the next 7 / 28 days up to the
    # member's next active day, so coverage intervals never overlap; a running sum of +1 at each
    # interval's start and -1 at its end is the number of distinct members active in the window.
    sql = """
        WITH ad AS (
          SELECT DISTINCT actor_id, (created_at AT TIME ZONE 'UTC')::date AS d
          FROM activity_interaction
          WHERE created_at >= %(from)s AND created_at < %(end)s
        ), seg AS (
          SELECT d, lead(d) OVER (PARTITION BY actor_id ORDER BY d) AS nxt FROM ad
        ), ev AS (
          SELECT d AS day, 1 AS w, 1 AS m FROM seg
          UNION ALL SELECT LEAST(d + 7, nxt), -1, 0 FROM seg
          UNION ALL SELECT LEAST(d + 28, nxt), 0, -1 FROM seg
        ), cum AS (
          SELECT day, sum(sum(w)) OVER (ORDER BY day) AS wau, sum(sum(m)) OVER (ORDER BY day) AS mau
          FROM ev GROUP BY day
        ), dau AS (
          SELECT d, count(*) AS n FROM ad GROUP BY d
        )
        SELECT g::date, coalesce(dau.n, 0), coalesce(c.wau, 0)::int, coalesce(c.mau, 0)::int
        FROM generate_series(%(start)s::date, %(last)s::date, interval '1 day') g
        LEFT JOIN dau ON dau.d = g::date
        LEFT JOIN LATERAL (
          SELECT wau, mau FROM cum WHERE cum.day <= g::date ORDER BY cum.day DESC LIMIT 1
        ) c ON true"""
    rows = [
        row
        for row in _fetch(
            sql,
            {
                "start": start,
                "last": date_to,
                "from": _at(start - timedelta(days=27)),
                "end": _at(end),
            },
        )
        if row[3]  # a day nobody was active in the last 28 days has no value
    ]
    wau = [("", day, float(w), w) for day, _d, w, _m in rows]
    mau = [("", day, float(m), m) for day, _d, _w, m in rows]
    stick = [("", day, (100.0 * d / m) if m else None, m) for day, d, _w, m in rows]
    with transaction.atomic():
        _replace("wau", "day", start, end, wau)
        _replace("mau", "day", start, end, mau)
        _replace("stickiness", "day", start, end, stick)
    # Weekly and monthly stickiness: the mean of the daily ratios in the period.
    for grain in ("week", "month"):
        g_start, g_end = _bounds(date_from, date_to, grain)
        daily = MetricValue.objects.filter(
            metric="stickiness",
            grain="day",
            dimension="",
            period_start__gte=g_start,
            period_start__lt=g_end,
        ).values_list("period_start", "value", "members")
        buckets: dict[date, list[tuple[float | None, int]]] = {}
        for day, value, members in daily:
            buckets.setdefault(period_floor(day, grain), []).append((value, members))
        out = []
        for period_start, items in buckets.items():
            ratios = [v for v, _m in items if v is not None]
            out.append(
                (
                    "",
                    period_start,
                    sum(ratios) / len(ratios) if ratios else None,
                    min(m for _v, m in items),
                )
            )
        with transaction.atomic():
            _replace("stickiness", grain, g_start, g_end, out)


def aggregate_cohorts(*, today: date) -> int:
    """Retention by join month: share of the cohort active in the 1st, 3rd and 6th month after."""
    sql = """
        WITH u AS (
          SELECT id, date_trunc('month', date_joined AT TIME ZONE 'UTC')::date AS m
          FROM accounts_user
        ), act AS (
          SELECT DISTINCT actor_id, date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS am
          FROM activity_interaction
        )
        SELECT u.m, count(DISTINCT u.id),
          count(DISTINCT u.id) FILTER (WHERE act.am = (u.m + interval '1 month')::date),
          count(DISTINCT u.id) FILTER (WHERE act.am = (u.m + interval '3 months')::date),
          count(DISTINCT u.id) FILTER (WHERE act.am = (u.m + interval '6 months')::date)
        FROM u LEFT JOIN act ON act.actor_id = u.id
        GROUP BY u.m"""
    this_month = today.replace(day=1)

    def ended(month: date, k: int) -> bool:
        # Month m+k counts once it is over: until then the cell is "not yet".
        end = month
        for _ in range(k + 1):
            end = period_next(end, "month")
        return end <= this_month

    rows = []
    for month, size, m1, m3, m6 in _fetch(sql, {}):
        rows.append(
            Cohort(
                month=month,
                size=size,
                m1=m1 if ended(month, 1) else None,
                m3=m3 if ended(month, 3) else None,
                m6=m6 if ended(month, 6) else None,
            )
        )
    with transaction.atomic():
        Cohort.objects.all().delete()
        Cohort.objects.bulk_create(rows)
    return len(rows)


# Demand sources: other apps are being built alongside; a missing model or field contributes
# nothing (demand.sources() says which ones counted).
def _demand_from_projects() -> dict[int, int]:
    from aitalent.analytics import demand

    return demand.open_roles_by_topic()


def _demand_from_competitions() -> dict[int, int]:
    from aitalent.analytics import demand

    return demand.open_competitions_by_topic()


def aggregate_skills() -> int:
    supply = dict(
        _fetch(
            "SELECT ps.topic_id, count(DISTINCT ps.profile_id) FROM people_profileskill ps "
            "JOIN core_topic t ON t.id = ps.topic_id WHERE t.kind = 'skill' GROUP BY 1",
            {},
        )
    )
    roles = _safe(_demand_from_projects)
    competitions = _safe(_demand_from_competitions)
    topics = set(supply) | set(roles) | set(competitions)
    skill_ids = {
        row[0]
        for row in _fetch(
            "SELECT id FROM core_topic WHERE kind = 'skill' AND id = ANY(%(ids)s)",
            {"ids": list(topics)},
        )
    }
    rows = [
        SkillBalance(
            topic_id=topic_id,
            supply=supply.get(topic_id, 0),
            demand_roles=roles.get(topic_id, 0),
            demand_competitions=competitions.get(topic_id, 0),
        )
        for topic_id in skill_ids
    ]
    with transaction.atomic():
        SkillBalance.objects.all().delete()
        SkillBalance.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _safe(fn: Callable[[], dict[int, int]]) -> dict[int, int]:
    try:
        with transaction.atomic():
            return fn()
    except Exception:  # a sibling app mid-migration must not stop the nightly run
        logger.warning("analytics: demand source %s skipped", fn.__name__, exc_info=True)
        return {}


def aggregate_flow(*, today: date) -> int:
    """Who answers whom: answerer domain -> asker domain over the trailing 12 months."""
    window_start = period_floor(today - timedelta(days=365), "month")
    sql = """
        SELECT ta.slug, tq.slug, count(*), count(DISTINCT po.author_id),
          count(DISTINCT th.author_id)
        FROM forum_post po JOIN forum_thread th ON th.id = po.thread_id
        JOIN forum_category c ON c.id = th.category_id
        JOIN people_profile pa ON pa.user_id = po.author_id
        JOIN people_profile_domains da ON da.profile_id = pa.id
        JOIN core_topic ta ON ta.id = da.topic_id
        JOIN people_profile pq ON pq.user_id = th.author_id
        JOIN people_profile_domains dq ON dq.profile_id = pq.id
        JOIN core_topic tq ON tq.id = dq.topic_id
        WHERE c.mode = 'qa' AND th.context_type = '' AND NOT po.is_opening AND NOT po.is_deleted
          AND po.author_id <> th.author_id AND po.created_at >= %(start)s
        GROUP BY 1, 2"""
    rows = [
        KnowledgeFlow(
            month=window_start,
            from_domain=a,
            to_domain=b,
            answers=n,
            members=min(answerers, askers),
        )
        for a, b, n, answerers, askers in _fetch(sql, {"start": _at(window_start)})
    ]
    with transaction.atomic():
        KnowledgeFlow.objects.all().delete()
        KnowledgeFlow.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def recompute(
    *, date_from: date, date_to: date, network: bool = True, today: date | None = None
) -> AggregationRun:
    """Recompute every summary for the periods touching [date_from, date_to]. Idempotent."""
    if date_from > date_to:
        raise ValueError("date_from must not be after date_to")
    today = today or timezone.now().date()
    started = time.monotonic()
    run = AggregationRun.objects.create(
        started_at=timezone.now(), date_from=date_from, date_to=date_to
    )
    timings: dict[str, float] = {}

    def step(name: str, fn: Callable[[], Any]) -> None:
        t0 = time.monotonic()
        fn()
        timings[name] = round(time.monotonic() - t0, 3)

    for grain in GRAINS:
        step(grain, lambda grain=grain: _aggregate_grain(grain, date_from, date_to))
    # Rolling windows need whole months of daily values for the monthly mean.
    step(
        "rolling",
        lambda: _aggregate_rolling(
            period_floor(date_from, "month"),
            period_next(period_floor(date_to, "month"), "month") - timedelta(days=1),
        ),
    )
    step("cohorts", lambda: aggregate_cohorts(today=today))
    step("skills", aggregate_skills)
    step("flow", lambda: aggregate_flow(today=today))
    if network:
        from aitalent.analytics import network as network_module

        step("network", network_module.snapshot)
    run.finished_at = timezone.now()
    run.seconds = round(time.monotonic() - started, 3)
    run.timings = timings
    run.save(update_fields=["finished_at", "seconds", "timings"])
    return run


def nightly(*, now: datetime | None = None) -> AggregationRun:
    """The periodic job: the last 35 days (late writes and edits land), whole weeks and months."""
    today = (now or timezone.now()).date()
    return recompute(date_from=today - timedelta(days=35), date_to=today, today=today)
