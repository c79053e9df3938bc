"""The metric and chart catalogue: names, good direction, units. Definitions: docs/analytics.md."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

UP, DOWN = "up", "down"


@dataclass(frozen=True)
class Metric:
    slug: str
    label: Promise
    help: Promise
    good: str = UP
    unit: str = ""  # "" count, "%" share, "h" hours
    zero_fill: bool = True  # a period without rows is 0 (counts) or unknown (rates)
    slices: tuple[str, ...] = ("domain",)  # which filters the metric is computed for


_METRICS = [
    Metric("active_members", _("Active members (A)"), _("Members with any recorded action.")),
    Metric(
        "wau", _("Weekly active (rolling 7 days)"), _("Per day: active in the 7 days up to it.")
    ),
    Metric(
        "mau",
        _("Monthly active (rolling 28 days)"),
        _("Per day: active in the 28 days up to it."),
    ),
    Metric(
        "stickiness",
        _("Stickiness (DAU/MAU)"),
        _("Daily active divided by 28-day active; weeks and months show the mean."),
        unit="%",
        zero_fill=False,
    ),
    Metric(
        "interactions",
        _("Member-to-member interactions (I)"),
        _(
            "Replies to others, accepted answers, messages, endorsements, connections, "
            "co-attendance, team joins."
        ),
    ),
    Metric(
        "participants",
        _("Members taking part (F)"),
        _(
            "Members who posted, answered, published, attended, submitted, joined, applied, "
            "enrolled or completed."
        ),
    ),
    Metric("signups", _("Sign-ups"), _("New accounts.")),
    Metric(
        "activated",
        _("Activated sign-ups"),
        _("Sign-ups with a meaningful action within 7 days."),
    ),
    Metric(
        "activation_rate",
        _("Activation rate"),
        _("Share of sign-ups with a meaningful action (not a view) within 7 days of joining."),
        unit="%",
        zero_fill=False,
    ),
    Metric("questions", _("Questions asked"), _("New Q&A threads.")),
    Metric(
        "unanswered",
        _("Still unanswered"),
        _("Questions asked in the period that no other member has answered yet."),
        good=DOWN,
    ),
    Metric(
        "first_response_hours",
        _("Time to first response (median hours)"),
        _("From asking to the first reply by another member."),
        good=DOWN,
        unit="h",
        zero_fill=False,
    ),
    Metric(
        "solved_rate",
        _("Solved rate"),
        _("Share of questions asked in the period that have an accepted answer."),
        unit="%",
        zero_fill=False,
    ),
    Metric(
        "cross_domain_answers",
        _("Answers across domains"),
        _("Share of answers where the answerer shares no domain with the asker."),
        unit="%",
        zero_fill=False,
    ),
    Metric("funnel_view", _("Viewed"), _("Members who viewed something in the module.")),
    Metric(
        "funnel_commit",
        _("Committed"),
        _("Members who joined, registered, enrolled or applied."),
    ),
    Metric("funnel_complete", _("Completed"), _("Members who submitted, attended or completed.")),
]

# Slices each metric is computed for (aggregation.py): rolling and cross-domain metrics have none,
# question metrics also exist per thread topic.
_SLICES = {
    "wau": (),
    "mau": (),
    "stickiness": (),
    "cross_domain_answers": (),
    "funnel_view": (),
    "funnel_commit": (),
    "funnel_complete": (),
    "questions": ("domain", "topic"),
    "unanswered": ("domain", "topic"),
    "first_response_hours": ("domain", "topic"),
    "solved_rate": ("domain", "topic"),
}
METRICS: dict[str, Metric] = {
    m.slug: replace(m, slices=_SLICES.get(m.slug, m.slices)) for m in _METRICS
}

INTERACTION_KINDS = {
    "replies": _("Replies to others"),
    "accepted": _("Accepted answers"),
    "messages": _("Messages"),
    "endorsements": _("Endorsements"),
    "connections": _("New connections"),
    "co_attendance": _("Co-attendance"),
    "team_joins": _("Team and project joins"),
}


@dataclass(frozen=True)
class Series:
    metric: str
    label: Promise | str
    dimension: str | None = None  # None: the page's domain filter; else a fixed slice


@dataclass(frozen=True)
class Chart:
    slug: str
    title: Promise
    series: tuple[Series, ...]
    kind: str = "line"  # line | bar | stacked
    public: bool = False
    description: Promise | str = ""
    kpis: tuple[str, ...] = field(default=())


def _s(metric: str) -> Series:
    return Series(metric, METRICS[metric].label)


CHARTS: dict[str, Chart] = {
    c.slug: c
    for c in [
        Chart(
            "active",
            _("Active members (A)"),
            (_s("active_members"),),
            public=True,
            kpis=("active_members",),
        ),
        Chart("stickiness", _("Stickiness (DAU/MAU)"), (_s("stickiness"),), kpis=("stickiness",)),
        Chart(
            "interactions",
            _("Member-to-member interactions (I)"),
            tuple(
                Series("interactions", label, f"kind:{kind}")
                for kind, label in INTERACTION_KINDS.items()
            ),
            kind="stacked",
            kpis=("interactions",),
        ),
        Chart(
            "interactions_total",
            _("Interactions between members"),
            (_s("interactions"),),
            public=True,
        ),
        Chart(
            "participants",
            _("Members taking part (F)"),
            (_s("participants"),),
            public=True,
            kpis=("participants",),
        ),
        Chart(
            "signups",
            _("Sign-ups and activation"),
            (_s("signups"), _s("activated")),
            kind="bar",
            kpis=("signups",),
        ),
        Chart(
            "activation", _("Activation rate"), (_s("activation_rate"),), kpis=("activation_rate",)
        ),
        Chart(
            "questions",
            _("Questions and unanswered questions"),
            (_s("questions"), _s("unanswered")),
            kind="bar",
            public=True,
            kpis=("questions", "unanswered"),
        ),
        Chart(
            "response",
            _("Time to first response"),
            (_s("first_response_hours"),),
            kpis=("first_response_hours",),
        ),
        Chart("solved", _("Solved rate"), (_s("solved_rate"),), public=True, kpis=("solved_rate",)),
        Chart(
            "crossdomain",
            _("Answers across domain boundaries"),
            (_s("cross_domain_answers"),),
            kpis=("cross_domain_answers",),
        ),
    ]
}

PAGES: dict[str, tuple[str, ...]] = {
    "overview": ("active", "stickiness", "interactions", "participants", "signups", "activation"),
    "questions": ("questions", "response", "solved", "crossdomain"),
}
PUBLIC_CHARTS = ("active", "interactions_total", "participants", "questions", "solved")
