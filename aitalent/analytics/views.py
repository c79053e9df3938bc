from __future__ import annotations

import csv
from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aitalent.analytics import demand, forms, metrics, selectors
from aitalent.analytics.selectors import SUPPRESSED, Range

STAFF_TABS = (
    ("overview", "analytics:staff"),
    ("questions", "analytics:staff-questions"),
    ("funnels", "analytics:staff-funnels"),
    ("retention", "analytics:staff-retention"),
    ("skills", "analytics:staff-skills"),
    ("network", "analytics:staff-network"),
)


def _public_range() -> Range:
    """The public page: the last 12 whole months, everyone, monthly."""
    today = timezone.now().date()
    start = (today.replace(day=1) - timedelta(days=335)).replace(day=1)
    return Range(start, today, "month")


def _staff_range(request: HttpRequest) -> tuple[forms.RangeForm, Range]:
    form = forms.RangeForm(request.GET if request.GET else None)
    if form.is_bound and form.is_valid():
        return form, form.to_range()
    return form, form.default_range()


def _staff_context(request: HttpRequest, tab: str, **extra: Any) -> dict[str, Any]:
    form, rng = _staff_range(request)
    query = request.GET.urlencode()
    return {
        "form": form,
        "rng": rng,
        "tab": tab,
        "tabs": STAFF_TABS,
        "query": query,
        "domains": selectors.domains,  # a callable: queried only by pages that show the filter
        "question_topics": selectors.question_topics,
        "presets": forms.preset_links(rng.date_to),
        "k": selectors.K_ANONYMITY,
        **extra,
    }


@require_GET
def community(request: HttpRequest) -> HttpResponse:
    """The public community page: aggregates only, k-suppressed, no names."""
    rng = _public_range()
    data = selectors.page_charts(slugs=metrics.PUBLIC_CHARTS, rng=rng)
    return render(
        request,
        "analytics/community.html",
        {
            "rng": rng,
            "charts": data["charts"],
            "kpis": data["kpis"],
            "network": selectors.network(named=False),
            "k": selectors.K_ANONYMITY,
            "csv_query": "",
        },
    )


def _staff_page(request: HttpRequest, tab: str) -> HttpResponse:
    selectors.require_staff(request.user)
    context = _staff_context(request, tab)
    rng = context["rng"]
    if tab in metrics.PAGES:
        context.update(selectors.page_charts(slugs=metrics.PAGES[tab], rng=rng))
    elif tab == "funnels":
        context["funnels"] = items = selectors.funnels(rng=rng)
        context["chart"] = _chart(
            "funnels",
            _("Funnels by module"),
            "bar",
            [i["module"] for i in items],
            [
                (_("Viewed"), [i["view"] for i in items]),
                (_("Joined, registered, enrolled or applied"), [i["commit"] for i in items]),
                (_("Submitted, attended or completed"), [i["complete"] for i in items]),
            ],
        )
    elif tab == "retention":
        context["cohorts"] = items = selectors.cohorts()
        context["chart"] = _chart(
            "retention",
            _("Retention by join month"),
            "line",
            [c["month"].isoformat()[:7] for c in items],
            [(f"M{k} %", [c[f"m{k}"] for c in items]) for k in (1, 3, 6)],
            unit="%",
            blank=None,
        )
    elif tab == "skills":
        context["skills"] = data = selectors.skills()
        context["flow"] = selectors.knowledge_flow()
        context["sources"] = demand.sources()
        # Shares make supply (hundreds of members) and demand (a few roles) comparable.
        top = data["by_demand"][:15] or data["by_supply"][:15]
        supply_total, demand_total = data["supply_total"] or 1, data["demand_total"] or 1
        context["chart"] = _chart(
            "skills",
            _("Skill supply and demand (share of all listed skills / of all open demand, %)"),
            "hbar",
            [i["topic"].name for i in top],
            [
                (
                    _("Supply share"),
                    [
                        None if i["supply"] is None else round(100 * i["supply"] / supply_total, 1)
                        for i in top
                    ],
                ),
                (_("Demand share"), [round(100 * i["demand"] / demand_total, 1) for i in top]),
            ],
            unit="%",
        )
    elif tab == "network":
        context["network"] = selectors.network(named=True)
    return render(request, f"analytics/staff_{tab}.html", context)


def _chart(
    slug: str,
    title: str,
    kind: str,
    labels: list[str],
    series: list[tuple[str, list[Any]]],
    unit: str = "",
    blank: str | None = SUPPRESSED,
) -> dict[str, Any]:
    """A non-time-series chart (categories on the x axis); `blank` is what a None cell shows."""
    rows = [
        {
            "label": label,
            "cells": [blank if data[i] is None else data[i] for _l, data in series],
        }
        for i, label in enumerate(labels)
    ]
    return {
        "rows": rows,
        "row_header": "",
        "slug": slug,
        "title": title,
        "kind": kind,
        "unit": unit,
        "labels": labels,
        "datasets": [
            {"label": str(label), "data": data, "suppressed": [v is None for v in data]}
            for label, data in series
        ],
    }


@login_required
@require_GET
def staff_overview(request: HttpRequest) -> HttpResponse:
    return _staff_page(request, "overview")


@login_required
@require_GET
def staff_questions(request: HttpRequest) -> HttpResponse:
    return _staff_page(request, "questions")


@login_required
@require_GET
def staff_funnels(request: HttpRequest) -> HttpResponse:
    return _staff_page(request, "funnels")


@login_required
@require_GET
def staff_retention(request: HttpRequest) -> HttpResponse:
    return _staff_page(request, "retention")


@login_required
@require_GET
def staff_skills(request: HttpRequest) -> HttpResponse:
    return _staff_page(request, "skills")


@login_required
@require_GET
def staff_network(request: HttpRequest) -> HttpResponse:
    return _staff_page(request, "network")


def _csv(filename: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return response


def _table(request: HttpRequest, name: str) -> tuple[list[str], list[list[Any]]]:
    if name == "funnels":
        _form, rng = _staff_range(request)
        items = selectors.funnels(rng=rng)
        return (
            [
                _("module"),
                _("viewed"),
                _("committed"),
                _("completed"),
                _("commit %"),
                _("complete %"),
            ],
            [
                [
                    i["module"],
                    *(SUPPRESSED if i[k] is None else i[k] for k in ("view", "commit", "complete")),
                    i["commit_rate"],
                    i["complete_rate"],
                ]
                for i in items
            ],
        )
    if name == "retention":
        return (
            [_("cohort month"), _("members"), "M1 %", "M3 %", "M6 %"],
            [
                [
                    c["month"].isoformat(),
                    SUPPRESSED if c["size"] is None else c["size"],
                    *(
                        SUPPRESSED if c[f"{k}_state"] == "suppressed" else c[k]
                        for k in ("m1", "m3", "m6")
                    ),
                ]
                for c in selectors.cohorts()
            ],
        )
    if name == "skills":
        data = selectors.skills(limit=10_000)
        return (
            [_("skill"), _("members with the skill"), _("open roles"), _("open competitions")],
            [
                [
                    i["topic"].slug,
                    SUPPRESSED if i["supply"] is None else i["supply"],
                    i["demand_roles"],
                    i["demand_competitions"],
                ]
                for i in data["by_supply"]
            ],
        )
    if name == "flow":
        return (
            [_("answerer domain"), _("asker domain"), _("answers")],
            [[f["from"], f["to"], f["answers"]] for f in selectors.knowledge_flow(limit=10_000)],
        )
    raise Http404


@require_GET
def chart_csv(request: HttpRequest, chart: str) -> HttpResponse:
    """A chart's table as CSV. Staff choose the range; everyone else gets the public page's."""
    spec = metrics.CHARTS.get(chart)
    is_staff = bool(getattr(request.user, "is_staff", False))
    if spec is None or not spec.public:
        selectors.require_staff(request.user)
    if spec is None:
        header, rows = _table(request, chart)
        return _csv(f"analytics-{chart}", header, rows)
    if is_staff:
        _form, rng = _staff_range(request)
    else:
        rng = _public_range()
    data = selectors.page_charts(slugs=(chart,), rng=rng)["charts"][0]
    return _csv(
        f"analytics-{chart}-{rng.interval}-{rng.date_from}-{rng.date_to}",
        [_("period"), *data["headers"]],
        [[row["period"].isoformat(), *row["cells"]] for row in data["rows"]],
    )
