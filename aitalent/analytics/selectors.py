"""Reads of the summary tables, with k-anonymity applied in one place (`visible`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from aitalent.analytics.aggregation import period_floor, period_next
from aitalent.analytics.metrics import CHARTS, METRICS, Chart
from aitalent.analytics.models import (
    K_ANONYMITY,
    Cohort,
    KnowledgeFlow,
    MetricValue,
    NetworkSnapshot,
    SkillBalance,
)
from aitalent.core.models import Topic

SUPPRESSED = "<5"


def require_staff(user: Any) -> None:
    """The one access check: the dashboard, its CSVs and the API are for staff only."""
    if not (getattr(user, "is_authenticated", False) and user.is_staff and user.is_active):
        raise PermissionDenied


def visible(value: float | None, members: int) -> bool:
    """A number describing 1–4 members is never shown (0 members reveals nobody)."""
    return value is not None and (members == 0 or members >= K_ANONYMITY)


@dataclass
class Range:
    date_from: date
    date_to: date
    interval: str
    dimension: str = ""

    def periods(self) -> list[date]:
        out, day = [], period_floor(self.date_from, self.interval)
        while day <= self.date_to:
            out.append(day)
            day = period_next(day, self.interval)
        return out

    def previous(self) -> Range:
        """The range of the same length just before this one (the comparison period)."""
        length = (self.date_to - self.date_from).days + 1
        return Range(
            self.date_from - timedelta(days=length),
            self.date_from - timedelta(days=1),
            self.interval,
            self.dimension,
        )


def dimension_for(metric: str, dimension: str) -> str:
    """The slice a metric is read from: the filter's, or everyone if it has no such slice."""
    if not dimension:
        return ""
    return dimension if dimension.split(":", 1)[0] in METRICS[metric].slices else ""


def load_values(
    *, metrics: set[str], rng: Range, dimensions: set[str]
) -> dict[tuple[str, str, date], tuple[float | None, int]]:
    """ONE query: every (metric, dimension, period) value of this range and the previous one."""
    first = period_floor(rng.previous().date_from, rng.interval)
    rows = MetricValue.objects.filter(
        metric__in=metrics,
        grain=rng.interval,
        dimension__in=dimensions,
        period_start__gte=first,
        period_start__lte=rng.date_to,
    ).values_list("metric", "dimension", "period_start", "value", "members")
    return {(m, d, p): (v, n) for m, d, p, v, n in rows}


def _point(
    values: dict[tuple[str, str, date], tuple[float | None, int]],
    metric: str,
    dimension: str,
    period: date,
) -> tuple[float | None, bool]:
    """(value or None, suppressed?) for one period."""
    found = values.get((metric, dimension, period))
    if found is None:
        return (0.0 if METRICS[metric].zero_fill else None), False
    value, members = found
    if value is None:
        return None, False
    if not visible(value, members):
        return None, True
    return round(value, 2), False


def chart_data(
    chart: Chart, rng: Range, values: dict[tuple[str, str, date], tuple[float | None, int]]
) -> dict[str, Any]:
    periods = rng.periods()
    datasets, rows = [], []
    for series in chart.series:
        dim = (
            dimension_for(series.metric, rng.dimension)
            if series.dimension is None
            else series.dimension
        )
        if series.dimension is not None and rng.dimension:
            # Per-kind slices are computed for everyone only: show the filtered total instead.
            continue
        points = [_point(values, series.metric, dim, p) for p in periods]
        datasets.append(
            {
                "label": str(series.label),
                "data": [v for v, _s in points],
                "suppressed": [s for _v, s in points],
            }
        )
    if not datasets and chart.series:
        metric = chart.series[0].metric
        points = [_point(values, metric, dimension_for(metric, rng.dimension), p) for p in periods]
        datasets.append(
            {
                "label": str(METRICS[metric].label),
                "data": [v for v, _s in points],
                "suppressed": [s for _v, s in points],
            }
        )
    for index, period in enumerate(periods):
        rows.append(
            {
                "period": period,
                "label": period.isoformat(),
                "cells": [
                    SUPPRESSED if d["suppressed"][index] else d["data"][index] for d in datasets
                ],
            }
        )
    unit = METRICS[chart.series[0].metric].unit
    unfiltered = bool(rng.dimension) and any(
        dimension_for(s.metric, rng.dimension) != rng.dimension for s in chart.series
    )
    return {
        "unfiltered": unfiltered,
        "slug": chart.slug,
        "title": str(chart.title),
        "kind": chart.kind,
        "unit": unit,
        "labels": [p.isoformat() for p in periods],
        "datasets": datasets,
        "rows": rows,
        "headers": [d["label"] for d in datasets],
    }


def _mean(
    values: dict[tuple[str, str, date], tuple[float | None, int]],
    metric: str,
    rng: Range,
) -> tuple[float | None, int]:
    """Mean per period over the visible periods, and how many periods were suppressed."""
    shown, hidden = [], 0
    for period in rng.periods():
        value, suppressed = _point(values, metric, dimension_for(metric, rng.dimension), period)
        if suppressed:
            hidden += 1
        elif value is not None:
            shown.append(value)
    return (round(sum(shown) / len(shown), 2) if shown else None), hidden


def kpi(
    metric: str, rng: Range, values: dict[tuple[str, str, date], tuple[float | None, int]]
) -> dict[str, Any]:
    spec = METRICS[metric]
    current, hidden = _mean(values, metric, rng)
    previous, _hidden = _mean(values, metric, rng.previous())
    change = None
    if current is not None and previous not in (None, 0):
        change = round(100.0 * (current - previous) / abs(previous), 1)  # type: ignore[operator]
    better = None
    if change is not None and change != 0:
        better = (change > 0) == (spec.good == "up")
    return {
        "metric": metric,
        "label": str(spec.label),
        "help": str(spec.help),
        "unit": spec.unit,
        "good": spec.good,
        "value": current,
        "previous": previous,
        "change": change,
        "better": better,
        "hidden": hidden,
    }


def page_charts(*, slugs: tuple[str, ...], rng: Range) -> dict[str, Any]:
    charts = [CHARTS[s] for s in slugs]
    metrics = {series.metric for chart in charts for series in chart.series}
    dimensions = {"", rng.dimension} | {
        series.dimension for chart in charts for series in chart.series if series.dimension
    }
    values = load_values(metrics=metrics, rng=rng, dimensions=dimensions)
    kpis = [kpi(m, rng, values) for chart in charts for m in chart.kpis]
    return {"charts": [chart_data(chart, rng, values) for chart in charts], "kpis": kpis}


def series(*, metric: str, rng: Range) -> list[dict[str, Any]]:
    """One metric as API points: suppressed points carry value null and suppressed true."""
    dimension = dimension_for(metric, rng.dimension)
    values = load_values(metrics={metric}, rng=rng, dimensions={dimension})
    out = []
    for period in rng.periods():
        value, suppressed = _point(values, metric, dimension, period)
        out.append({"period": period, "value": value, "suppressed": suppressed})
    return out


def funnels(*, rng: Range) -> list[dict[str, Any]]:
    """Per module: stage counts summed over the periods of the range (member-periods)."""
    rows = MetricValue.objects.filter(
        metric__in=["funnel_view", "funnel_commit", "funnel_complete"],
        grain=rng.interval,
        dimension__startswith="module:",
        period_start__gte=period_floor(rng.date_from, rng.interval),
        period_start__lte=rng.date_to,
    ).values_list("metric", "dimension", "value", "members")
    totals: dict[str, dict[str, list[int]]] = {}
    for metric, dim, value, members in rows:
        module = dim.split(":", 1)[1]
        bucket = totals.setdefault(module, {}).setdefault(metric, [0, 0])
        bucket[0] += int(value or 0)
        bucket[1] = max(bucket[1], members)
    out = []
    for module, stages in sorted(totals.items()):
        if not stages.get("funnel_commit") and not stages.get("funnel_complete"):
            continue  # a module with views only has no funnel
        cells = []
        for metric in ("funnel_view", "funnel_commit", "funnel_complete"):
            total, largest = stages.get(metric, [0, 0])
            # Suppress when any one period's group was 1-4 members or the sum is.
            cells.append(total if visible(total, total) else None)
        view, commit, complete = cells
        out.append(
            {
                "module": module,
                "view": view,
                "commit": commit,
                "complete": complete,
                "commit_rate": round(100.0 * commit / view, 1)
                if view and commit is not None
                else None,
                "complete_rate": round(100.0 * complete / commit, 1)
                if commit and complete is not None
                else None,
            }
        )
    return out


def cohorts() -> list[dict[str, Any]]:
    out = []
    for cohort in Cohort.objects.all():
        row: dict[str, Any] = {
            "month": cohort.month,
            "size": cohort.size if cohort.size >= K_ANONYMITY else None,
        }
        for key in ("m1", "m3", "m6"):
            count = getattr(cohort, key)
            if count is None:
                row[key], row[f"{key}_state"] = None, "pending"
            elif cohort.size < K_ANONYMITY or not visible(count, count):
                row[key], row[f"{key}_state"] = None, "suppressed"
            else:
                row[key], row[f"{key}_state"] = round(100.0 * count / cohort.size, 1), "ok"
        row["cells"] = [(row[f"{k}_state"], row[k]) for k in ("m1", "m3", "m6")]
        out.append(row)
    return out


def skills(*, limit: int = 25) -> dict[str, Any]:
    rows = list(SkillBalance.objects.select_related("topic"))

    def shown(n: int) -> int | None:
        return n if visible(n, n) else None

    items = [
        {
            "topic": row.topic,
            "supply": shown(row.supply),
            "demand": row.demand,
            "demand_roles": row.demand_roles,
            "demand_competitions": row.demand_competitions,
            "ratio": round(row.demand / row.supply, 2) if row.supply >= K_ANONYMITY else None,
        }
        for row in rows
    ]
    by_supply = sorted(items, key=lambda i: -(i["supply"] or 0))[:limit]
    by_gap = sorted(
        (i for i in items if i["demand"]),
        key=lambda i: (-(i["demand"] / max(i["supply"] or 1, 1)), i["topic"].slug),
    )[:limit]
    by_demand = sorted(
        (i for i in items if i["demand"]), key=lambda i: (-i["demand"], -(i["supply"] or 0))
    )
    return {
        "by_supply": by_supply,
        "by_gap": by_gap,
        "by_demand": by_demand,
        "supply_total": sum(row.supply for row in rows),
        "demand_total": sum(row.demand for row in rows),
    }


def knowledge_flow(*, limit: int = 30) -> list[dict[str, Any]]:
    rows = list(KnowledgeFlow.objects.order_by("-answers")[: limit * 4])
    topics = Topic.objects.in_bulk(
        {r.from_domain for r in rows} | {r.to_domain for r in rows}, field_name="slug"
    )
    names = {slug: topic.name for slug, topic in topics.items()}
    out = []
    for row in rows:
        if not visible(row.answers, row.members):
            continue
        out.append(
            {
                "from": names.get(row.from_domain, row.from_domain),
                "to": names.get(row.to_domain, row.to_domain),
                "answers": row.answers,
                "cross": row.from_domain != row.to_domain,
                "since": row.month,
            }
        )
    return out[:limit]


def network(*, named: bool) -> dict[str, Any] | None:
    """The newest snapshot; `named` adds the staff lists (opted-out members removed again)."""
    snap = NetworkSnapshot.objects.first()
    if snap is None:
        return None
    stats = dict(snap.stats)
    sizes = [s for s in stats.get("community_sizes", []) if s >= K_ANONYMITY]
    stats["community_sizes"] = sizes
    if not visible(stats.get("isolated_newcomers", 0), stats.get("isolated_newcomers", 0)):
        stats["isolated_newcomers"] = None
    out: dict[str, Any] = {"computed_at": snap.computed_at, "stats": stats, "seconds": snap.seconds}
    out["domain_links"] = _domain_names(snap.domain_links)
    if not named:
        return out
    ids = {r["user_id"] for r in snap.connectors + snap.bridges + snap.newcomers}
    users = (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True, profile__in_analytics=True)
        .select_related("profile")
        .in_bulk()
    )

    def resolve(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            dict(item, user=users[item["user_id"]]) for item in items if item["user_id"] in users
        ]

    out["connectors"] = resolve(snap.connectors)
    out["bridges"] = resolve(snap.bridges)
    out["newcomers"] = resolve(snap.newcomers)
    return out


def _domain_names(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    topics = Topic.objects.filter(kind=Topic.Kind.DOMAIN).in_bulk(field_name="slug")
    names = {slug: topic.name for slug, topic in topics.items()}
    return [
        dict(link, a_name=names.get(link["a"], link["a"]), b_name=names.get(link["b"], link["b"]))
        for link in links
    ]


def question_topics() -> list[Topic]:
    """Topics that tag at least one forum thread (the questions page's topic filter)."""
    return list(Topic.objects.filter(forum_threads__isnull=False).distinct().order_by("name_en"))


def domains() -> list[Topic]:
    return list(Topic.objects.filter(kind=Topic.Kind.DOMAIN).order_by("name_en"))
