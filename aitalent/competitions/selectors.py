"""Reads: one access check per object type, the leaderboards, lists and profile sections."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from aitalent.competitions.models import Competition, MergeRequest, Participant, Submission, Team


def can_host(user: Any) -> bool:
    return bool(
        user.is_authenticated and (user.is_staff or user.has_perm("competitions.host_competition"))
    )


def is_host(*, competition: Competition, user: Any) -> bool:
    """The competition's host, or staff (moderators): they see everything, are never ranked."""
    return bool(user.is_authenticated and (user.is_staff or competition.host_id == user.id))


def get_competition_for_user(*, user: Any, slug: str, host: bool = False) -> Competition:
    competition = get_object_or_404(
        Competition.objects.select_related("host").prefetch_related("topics"), slug=slug
    )
    hosting = is_host(competition=competition, user=user)
    if not competition.is_published and not hosting:
        raise Http404  # drafts are invisible to everyone but the host and staff
    if host and not hosting:
        raise Http404
    return competition


def get_participant(*, competition: Competition, user: Any) -> Participant | None:
    if not user.is_authenticated:
        return None
    return (
        Participant.objects.select_related("team")
        .filter(competition=competition, user_id=user.id)
        .first()
    )


def get_active_participant(*, competition: Competition, user: Any) -> Participant | None:
    participant = get_participant(competition=competition, user=user)
    if participant is None or participant.status != Participant.Status.ACTIVE:
        return None
    return participant


def can_download(*, competition: Competition, user: Any) -> bool:
    return is_host(competition=competition, user=user) or (
        get_active_participant(competition=competition, user=user) is not None
    )


def can_see_private(*, competition: Competition, user: Any) -> bool:
    return competition.is_revealed or is_host(competition=competition, user=user)


def get_submission_for_user(*, user: Any, public_id: Any) -> Submission:
    """A submission is visible to its team's members and the host; others get 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc
    submission = get_object_or_404(
        Submission.objects.select_related("competition", "team"), public_id=key
    )
    if is_host(competition=submission.competition, user=user):
        return submission
    if (
        submission.team_id
        and Participant.objects.filter(team_id=submission.team_id, user_id=user.id).exists()
    ):
        return submission
    raise Http404


def get_team(*, competition: Competition, team_id: int) -> Team:
    return get_object_or_404(Team, competition=competition, pk=team_id)


def get_merge_request(*, competition: Competition, request_id: int) -> MergeRequest:
    return get_object_or_404(
        MergeRequest.objects.select_related("source", "target"),
        competition=competition,
        pk=request_id,
    )


# --- lists ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    q: str = ""
    topic: str = ""
    domain: str = ""
    state: str = ""  # open | upcoming | closed
    deadline_before: datetime | None = None


def list_competitions(*, user: Any, filters: Filters | None = None) -> QuerySet[Competition]:
    filters = filters or Filters()
    rows = Competition.objects.prefetch_related("topics").select_related("host")
    if user.is_authenticated and not user.is_staff:
        rows = rows.filter(Q(is_published=True) | Q(host_id=user.id))
    elif not user.is_authenticated:
        rows = rows.filter(is_published=True)
    now = timezone.now()
    if filters.q:
        rows = rows.filter(Q(title__icontains=filters.q) | Q(summary__icontains=filters.q))
    if filters.topic:
        rows = rows.filter(topics__slug=filters.topic)
    if filters.domain:
        rows = rows.filter(topics__slug=filters.domain, topics__kind="domain")
    if filters.state == "open":
        rows = rows.filter(starts_at__lte=now, ends_at__gt=now)
    elif filters.state == "upcoming":
        rows = rows.filter(starts_at__gt=now)
    elif filters.state == "closed":
        rows = rows.filter(ends_at__lte=now)
    if filters.deadline_before:
        rows = rows.filter(ends_at__lte=filters.deadline_before, ends_at__gt=now)
    return rows.distinct().order_by("-ends_at", "pk")


def list_submissions(*, competition: Competition, team: Team | None) -> QuerySet[Submission]:
    if team is None:
        return Submission.objects.none()
    return (
        Submission.objects.filter(competition=competition, team=team)
        .select_related("submitted_by")
        .order_by("-created_at")
    )


def list_host_submissions(*, competition: Competition) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(competition=competition)
        .filter(Q(is_host=True) | Q(is_baseline=True))
        .select_related("submitted_by")
        .order_by("-created_at")
    )


def team_members(team_ids: list[int]) -> dict[int, list[Any]]:
    members: dict[int, list[Any]] = {}
    rows = Participant.objects.filter(team_id__in=team_ids).select_related("user")
    for participant in rows.order_by("created_at"):
        members.setdefault(participant.team_id, []).append(participant.user)
    return members


# --- leaderboards -----------------------------------------------------------------------------


@dataclass
class Row:
    team_id: int | None
    name: str
    score: float
    submitted_at: datetime
    entries: int = 0
    rank: int | None = None
    members: list[Any] = field(default_factory=list)
    is_baseline: bool = False
    public_rank: int | None = None  # shown beside the private rank after the reveal
    medal: str = ""
    write_up_url: str = ""

    @property
    def rank_change(self) -> int | None:
        if self.rank is None or self.public_rank is None:
            return None
        return self.public_rank - self.rank


def _better(competition: Competition, a: float, b: float) -> bool:
    return a > b if competition.higher_is_better else a < b


def _order(competition: Competition, rows: list[Row]) -> list[Row]:
    sign = -1 if competition.higher_is_better else 1
    rows.sort(key=lambda r: (sign * r.score, r.submitted_at, r.name))
    rank = 0
    for row in rows:
        if not row.is_baseline:
            rank += 1
            row.rank = rank
    return rows


def _ranked_submissions(competition: Competition) -> list[dict[str, Any]]:
    return list(
        Submission.objects.filter(
            competition=competition,
            status=Submission.Status.SCORED,
            is_late=False,
            is_host=False,
            is_baseline=False,
            team__isnull=False,
        ).values("id", "team_id", "public_score", "private_score", "created_at", "is_final")
    )


def public_rows(competition: Competition) -> list[Row]:
    best: dict[int, dict[str, Any]] = {}
    counts: dict[int, int] = {}
    for sub in _ranked_submissions(competition):
        team = sub["team_id"]
        counts[team] = counts.get(team, 0) + 1
        current = best.get(team)
        if (
            current is None
            or _better(competition, sub["public_score"], current["public_score"])
            or (
                sub["public_score"] == current["public_score"]
                and sub["created_at"] < current["created_at"]
            )
        ):
            best[team] = sub
    return [
        Row(team, "", sub["public_score"], sub["created_at"], counts[team])
        for team, sub in best.items()
    ]


def finals_of(competition: Competition, subs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A team's selected finals, or its two best public submissions if it chose none."""
    chosen = [s for s in subs if s["is_final"]]
    if chosen:
        return chosen[:2]
    sign = -1 if competition.higher_is_better else 1
    return sorted(subs, key=lambda s: (sign * s["public_score"], s["created_at"]))[:2]


def private_rows(competition: Competition) -> list[Row]:
    by_team: dict[int, list[dict[str, Any]]] = {}
    for sub in _ranked_submissions(competition):
        by_team.setdefault(sub["team_id"], []).append(sub)
    rows = []
    sign = -1 if competition.higher_is_better else 1
    for team, subs in by_team.items():
        finals = finals_of(competition, subs)
        best = sorted(finals, key=lambda s: (sign * s["private_score"], s["created_at"]))[0]
        rows.append(Row(team, "", best["private_score"], best["created_at"], len(subs)))
    return rows


def baseline_rows(competition: Competition, *, private: bool) -> list[Row]:
    subs = Submission.objects.filter(
        competition=competition, status=Submission.Status.SCORED, is_baseline=True
    ).order_by("created_at")
    return [
        Row(
            None,
            s.description or "Baseline",
            s.private_score if private else s.public_score,  # type: ignore[arg-type]
            s.created_at,
            is_baseline=True,
        )
        for s in subs
    ]


def leaderboard(competition: Competition, *, private: bool, with_members: bool = True) -> list[Row]:
    """Ranked team rows (plus unranked baseline rows). Callers check `can_see_private` first."""
    rows = private_rows(competition) if private else public_rows(competition)
    teams = {t.id: t for t in Team.objects.filter(pk__in=[r.team_id for r in rows if r.team_id])}
    for row in rows:
        team = teams[row.team_id]  # type: ignore[index]
        row.name, row.medal, row.write_up_url = team.name, team.medal, team.write_up_url
    rows = _order(competition, rows + baseline_rows(competition, private=private))
    if private:
        public_rank = {r.team_id: r.rank for r in _order(competition, public_rows(competition))}
        for row in rows:
            row.public_rank = public_rank.get(row.team_id) if row.team_id else None
    if with_members:
        members = team_members([r.team_id for r in rows if r.team_id])
        for row in rows:
            row.members = members.get(row.team_id, []) if row.team_id else []
    return rows


def medal_for(rank: int, teams: int) -> str:
    """Kaggle's medal bands by the number of ranked teams."""
    if teams <= 0 or rank <= 0:
        return ""
    if teams < 100:
        gold, silver, bronze = teams * 0.1, teams * 0.2, teams * 0.4
    elif teams < 250:
        gold, silver, bronze = 10, teams * 0.2, teams * 0.4
    elif teams < 1000:
        gold, silver, bronze = 10 + teams * 0.002, 50, 100
    else:
        gold, silver, bronze = 10 + teams * 0.002, teams * 0.05, teams * 0.1
    if rank <= max(1, math.floor(gold)):
        return "gold"
    if rank <= math.floor(silver):
        return "silver"
    if rank <= math.floor(bronze):
        return "bronze"
    return ""


def format_score(competition: Competition, value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.{competition.score_precision}f}"


def utc_midnight(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def quota(*, competition: Competition, team: Team | None, now: datetime | None = None) -> dict:
    """Submissions used today (UTC) and in total; failed ones do not count."""
    if team is None:
        return {"today": 0, "daily_limit": competition.daily_limit, "left": 0}
    now = now or timezone.now()
    midnight = utc_midnight(now)
    counted = Submission.objects.filter(team=team).exclude(status=Submission.Status.FAILED)
    today = counted.filter(created_at__gte=midnight).count()
    total = counted.count()
    left = competition.daily_limit - today
    if competition.total_limit is not None:
        left = min(left, competition.total_limit - total)
    return {
        "today": today,
        "total": total,
        "daily_limit": competition.daily_limit,
        "total_limit": competition.total_limit,
        "left": max(0, left),
    }


# --- cross-app hooks --------------------------------------------------------------------------


def competition_url(competition_id: int) -> str:
    slug = Competition.objects.filter(pk=competition_id).values_list("slug", flat=True).first()
    return Competition(slug=slug or "missing").get_absolute_url()


def resolve_competition(user: Any, target_id: int) -> Competition:
    competition = get_object_or_404(Competition, pk=target_id)
    return get_competition_for_user(user=user, slug=competition.slug)


def profile_section(request: Any, member: Any) -> tuple[str, dict[str, Any]] | None:
    from django.utils.translation import gettext as _

    entries = list(
        Participant.objects.filter(
            user=member, status=Participant.Status.ACTIVE, competition__is_published=True
        )
        .select_related("competition", "team")
        .order_by("-competition__ends_at")[:10]
    )
    if not entries:
        return None
    return (
        "competitions/partials/profile_section.html",
        {"title": _("Competitions"), "entries": entries},
    )


def topic_section(request: Any, topic: Any) -> tuple[str, dict[str, Any]] | None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    rows = list(
        list_competitions(user=request.user, filters=Filters(topic=topic.slug, state="open"))[:5]
    )
    if not rows:
        return None
    return (
        "competitions/partials/section_competitions.html",
        {
            "title": _("Open competitions"),
            "competitions": rows,
            "more_url": f"{reverse('competitions:index')}?topic={topic.slug}",
        },
    )


def search_document(competition: Competition) -> dict[str, Any] | None:
    """Published competitions are searchable by title, summary and overview (never the data)."""
    if not competition.is_published:
        return None
    return {
        "doc_type": "competitions.competition",
        "object_id": competition.pk,
        "title": competition.title,
        "summary": competition.summary or competition.overview[:300],
        "body": f"{competition.summary}\n{competition.overview}\n{competition.data_description}",
        "url": competition.get_absolute_url(),
        "topics": [t.slug for t in competition.topics.all()],
        "created_at": competition.created_at,
        "popularity": float(competition.team_count),
    }


def search_documents() -> Any:
    rows = Competition.objects.filter(is_published=True).prefetch_related("topics")
    for competition in rows.iterator(chunk_size=200):
        document = search_document(competition)
        if document:
            yield document
