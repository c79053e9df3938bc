"""Project ↔ person matching, offer eligibility fit and team formation.

The scoring itself is the recommendation engine's (`recommendations.engine.matching`: coverage ×
level fit × availability × timezone, optimal assignment). This module turns members and roles into
the engine's Candidate / Role values, applies the platform's rules (suggestion opt-outs, blocks,
profile visibility) and words the reasons: "PyTorch 4/4 ✓, MLOps 2/3, timezone overlap 6 h".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from aitalent.people import selectors as people_selectors
from aitalent.people.models import ProfileSkill
from aitalent.projects import selectors
from aitalent.projects.models import STAGE_ORDER, Offer, Project, Role
from aitalent.recommendations.engine import matching as engine

WORK_START, WORK_END = 9.0, 17.0  # a working day, in each side's local time
DEFAULT_OVERLAP = 4.0  # hours of overlap with the team's day a role asks for
POOL_LIMIT = 2_000  # candidates scored per role: those holding the most required skills


@dataclass
class Match:
    user: Any
    score: float
    reasons: list[str]
    missing: list[str] = field(default_factory=list)


def _offset_hours(tz_name: str, at: datetime | None = None) -> float:
    try:
        zone = ZoneInfo(tz_name or "UTC")
    except Exception:  # noqa: BLE001 - an unknown zone name counts as UTC
        zone = ZoneInfo("UTC")
    offset = (at or timezone.now()).astimezone(zone).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def engine_role(role: Role, *, skills: Iterable[Any] | None = None) -> engine.Role:
    rows = list(skills if skills is not None else role.skills.all())
    offset = _offset_hours(role.project.timezone)
    return engine.Role(
        name=role.title,
        requirements=tuple(engine.Requirement(str(s.topic_id), float(s.min_level)) for s in rows),
        hours_per_week=float(role.hours_per_week),
        utc_start=(WORK_START - offset) % 24,
        utc_end=(WORK_END - offset) % 24,
        overlap_hours=DEFAULT_OVERLAP,
    )


def _candidate_rows(
    rows: Sequence[tuple[int, int | None, int | None]], topic_ids: Iterable[int] | None = None
) -> list[Any]:
    """Engine candidates from (user id, UTC offset in minutes, weekly hours) with one query."""
    skills: dict[int, dict[str, float]] = {row[0]: {} for row in rows}
    found = ProfileSkill.objects.filter(profile__user_id__in=list(skills))
    if topic_ids is not None:
        found = found.filter(topic_id__in=list(topic_ids))
    for user_id, topic_id, level, evidenced in found.values_list(
        "profile__user_id", "topic_id", "level", "evidenced_level"
    ):
        # The declared level, unless the platform has evidence of more.
        skills[user_id][str(topic_id)] = float(max(level, evidenced))
    return [
        engine.Candidate(
            id=user_id,
            skills=skills[user_id],
            hours_per_week=float(hours) if hours is not None else 40.0,
            utc_offset=(offset or 0) / 60,
            local_start=WORK_START,
            local_end=WORK_END,
        )
        for user_id, offset, hours in rows
    ]


def _candidates(users: Sequence[Any], topic_ids: Iterable[int] | None = None) -> list[Any]:
    """Engine candidates for these users (their profiles loaded with them)."""
    rows = []
    for user in users:
        profile = getattr(user, "profile", None)
        rows.append(
            (
                user.pk,
                getattr(profile, "utc_offset_minutes", 0),
                getattr(profile, "weekly_hours", None),
            )
        )
    return _candidate_rows(rows, topic_ids)


def _overlap(candidate: Any, role: engine.Role) -> float:
    """Hours a candidate's working day overlaps the team's (both windows on a 24 h circle)."""
    start = (candidate.local_start - candidate.utc_offset) % 24
    length = (candidate.local_end - candidate.local_start) % 24
    role_len = (role.utc_end - role.utc_start) % 24
    total = 0.0
    for shift in (-24.0, 0.0, 24.0):
        lo = max(start, role.utc_start + shift)
        hi = min(start + length, role.utc_start + shift + role_len)
        total += max(hi - lo, 0.0)
    return total


def reasons_for(candidate: Any, role: engine.Role, names: dict[str, str]) -> list[str]:
    reasons = []
    for req in role.requirements:
        have = int(candidate.skills.get(req.skill, 0))
        need = int(req.min_level)
        name = names.get(req.skill, req.skill)
        reasons.append(f"{name} {have}/{need} ✓" if have >= need else f"{name} {have}/{need}")
    if role.overlap_hours:
        reasons.append(
            _("timezone overlap %(hours)s h") % {"hours": round(_overlap(candidate, role))}
        )
    if role.hours_per_week:
        reasons.append(_("%(hours)s h/week available") % {"hours": int(candidate.hours_per_week)})
    return reasons


def _topic_names(role: Role) -> dict[str, str]:
    return {str(s.topic_id): s.topic.name for s in role.skills.all()}


def _min_level_case(skills: Sequence[Any]) -> Case:
    return Case(
        *[When(topic_id=s.topic_id, then=Value(s.min_level)) for s in skills],
        default=Value(0),
        output_field=IntegerField(),
    )


def candidates_for_role(*, role: Role, viewer: Any, limit: int = 20) -> list[Match]:
    """Members ranked for a role, with reasons; opted-out, blocked and current members skipped."""
    skills = list(role.skills.select_related("topic"))
    topic_ids = [s.topic_id for s in skills]
    user_model = get_user_model()
    pool = (
        user_model.objects.filter(is_active=True, profile__in_suggestions=True)
        .filter(profile__in=people_selectors.visible_profiles(viewer=viewer).values("pk"))
        .exclude(project_memberships__project_id=role.project_id)
        .exclude(pk=getattr(viewer, "pk", None))
    )
    if topic_ids:
        # The pool is the members holding the most of the required skill levels (a cheap
        # upper bound of coverage × level fit), so a large community still yields the best fits.
        strongest = (
            ProfileSkill.objects.filter(
                topic_id__in=topic_ids,
                profile__in_suggestions=True,
                profile__user__is_active=True,
            )
            .values("profile_id")
            .annotate(total=Sum(Least("level", _min_level_case(skills))))
            .order_by("-total", "profile_id")
            .values("profile_id")
        )
        pool = pool.filter(profile__in=strongest.filter(
            profile__in=people_selectors.visible_profiles(viewer=viewer).values("pk")
        )[:POOL_LIMIT])  # fmt: skip
    rows = list(
        pool.values_list("pk", "profile__utc_offset_minutes", "profile__weekly_hours").order_by(
            "pk"
        )[:POOL_LIMIT]
    )
    if not rows:
        return []
    target = engine_role(role, skills=skills)
    candidates = _candidate_rows(rows, topic_ids)
    table = engine.SkillTable.from_candidates(candidates, [r.skill for r in target.requirements])
    scores = engine.fit_matrix([target], table)[0]
    order = sorted(range(len(rows)), key=lambda i: (-float(scores[i]), rows[i][0]))[:limit]
    # Only the members shown are loaded as objects.
    users = user_model.objects.select_related("profile").in_bulk([rows[i][0] for i in order])
    names = {str(s.topic_id): s.topic.name for s in skills}
    out = []
    for i in order:
        breakdown = engine.score_fit(candidates[i], target)
        out.append(
            Match(
                user=users[rows[i][0]],
                score=round(breakdown.score, 3),
                reasons=reasons_for(candidates[i], target, names),
                missing=[names.get(s, s) for s in breakdown.missing],
            )
        )
    return out


def applicant_fit(*, role: Role, user: Any) -> Match:
    """How an applicant matches the role (shown to the owner beside the application)."""
    target = engine_role(role)
    candidate = _candidates([user])[0]
    breakdown = engine.score_fit(candidate, target)
    names = _topic_names(role)
    return Match(
        user=user,
        score=round(breakdown.score, 3),
        reasons=reasons_for(candidate, target, names),
        missing=[names.get(s, s) for s in breakdown.missing],
    )


def applicant_fits(applications: Sequence[Any]) -> list[Match]:
    """`applicant_fit` for many applications with one skills query (pages list them all)."""
    users = list({a.applicant_id: a.applicant for a in applications}.values())
    candidates = {c.id: c for c in _candidates(users)} if users else {}
    out = []
    for application in applications:
        role = application.role
        target = engine_role(role)
        candidate = candidates[application.applicant_id]
        breakdown = engine.score_fit(candidate, target)
        names = _topic_names(role)
        out.append(
            Match(
                user=application.applicant,
                score=round(breakdown.score, 3),
                reasons=reasons_for(candidate, target, names),
                missing=[names.get(s, s) for s in breakdown.missing],
            )
        )
    return out


@dataclass
class RoleMatch:
    role: Role
    score: float
    reasons: list[str]


def roles_for_member(*, user: Any, limit: int = 10) -> list[RoleMatch]:
    """Open roles on projects the member can see, ranked by how well the member fits them."""
    my_topics = list(
        ProfileSkill.objects.filter(profile__user_id=user.pk).values_list("topic_id", flat=True)
    )
    if not my_topics:
        return []
    roles = list(
        Role.objects.filter(status=Role.Status.OPEN, skills__topic_id__in=my_topics)
        .filter(selectors.visible_projects_q(user, prefix="project__"))
        .exclude(project__memberships__user_id=user.pk)
        .exclude(project__memberships__user__in=_blocked_users(user))
        .select_related("project")
        .prefetch_related("skills__topic")
        .distinct()
        .order_by("-created_at")[:300]
    )
    if not roles:
        return []
    candidate = _candidates([user])[0]
    targets = [engine_role(r) for r in roles]
    table = engine.SkillTable.from_candidates(
        [candidate], [q.skill for t in targets for q in t.requirements]
    )
    scores = engine.fit_matrix(targets, table)[:, 0]
    order = sorted(range(len(roles)), key=lambda i: (-float(scores[i]), roles[i].pk))[:limit]
    return [
        RoleMatch(
            role=roles[i],
            score=round(float(scores[i]), 3),
            reasons=reasons_for(candidate, targets[i], _topic_names(roles[i])),
        )
        for i in order
    ]


def _blocked_users(user: Any) -> Any:
    from aitalent.people.models import Block

    return Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk)).values_list(
        "blocked_id", flat=True
    )


# --- offers ----------


@dataclass
class OfferFit:
    score: float
    reasons: list[str]


def offer_fit(*, offer: Offer, project: Project) -> OfferFit:
    """Eligibility fit in [0, 1]: topic overlap, domain match and stage, over what the offer sets.

    A criterion the offer leaves empty is met by every project.
    """
    parts: list[float] = []
    reasons: list[str] = []
    offer_topics = {t.pk for t in offer.topics.all()}
    project_topics = {t.pk for t in project.topics.all()}
    if offer_topics:
        share = len(offer_topics & project_topics) / len(offer_topics)
        parts.append(share)
        reasons.append(
            _("topics %(have)s/%(need)s")
            % {"have": len(offer_topics & project_topics), "need": len(offer_topics)}
        )
    offer_domains = {t.pk for t in offer.domains.all()}
    if offer_domains:
        hit = bool(offer_domains & {t.pk for t in project.domains.all()})
        parts.append(1.0 if hit else 0.0)
        reasons.append(_("domain ✓") if hit else _("other domain"))
    if offer.stages:
        ok = project.stage in offer.stages
        if ok:
            parts.append(1.0)
        else:
            nearest = min(abs(STAGE_ORDER.index(s) - project.stage_index) for s in offer.stages)
            parts.append(max(0.0, 1.0 - 0.5 * nearest))
        reasons.append(_("stage ✓") if ok else _("stage not listed"))
    score = sum(parts) / len(parts) if parts else 1.0
    return OfferFit(round(score, 3), reasons)


def offers_for_project(*, project: Project, limit: int = 10) -> list[tuple[Offer, OfferFit]]:
    offers = list(selectors.list_offers()[:200])
    ranked = [(o, offer_fit(offer=o, project=project)) for o in offers]
    ranked.sort(key=lambda pair: (-pair[1].score, -pair[0].pk))
    return ranked[:limit]


def projects_for_offer(
    *, offer: Offer, viewer: Any, limit: int = 20
) -> list[tuple[Project, OfferFit]]:
    rows = list(
        Project.objects.filter(selectors.visible_projects_q(viewer))
        .prefetch_related("topics", "domains")
        .order_by("-updated_at")[:500]
    )
    ranked = [(p, offer_fit(offer=offer, project=p)) for p in rows]
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0].pk))
    return ranked[:limit]


# --- team formation ----------


@dataclass
class Slot:
    role: Role
    user: Any | None
    score: float
    unmet: list[str]


@dataclass
class Formation:
    slots: list[Slot]
    total: float
    unassigned: list[Any]


def form_teams(*, roles: Sequence[Role], users: Sequence[Any], min_fit: float = 0.45) -> Formation:
    """One person per open slot (a role with 3 slots is 3 slots), maximising the summed fit."""
    slot_roles: list[Role] = []
    for role in roles:
        slot_roles.extend([role] * max(role.slots - getattr(role, "filled", 0), 0))
    if not slot_roles:
        return Formation([], 0.0, list(users))
    targets = [engine_role(r) for r in slot_roles]
    candidates = _candidates(list(users))
    by_id = {u.pk: u for u in users}
    if candidates:
        result = engine.form_team(targets, candidates, min_fit=min_fit)
        picks = {r: (cid, fit) for r, cid, fit in result.slots}
        unmet_raw = result.unmet
    else:
        picks, unmet_raw = {}, {}
    slots = []
    used = set()
    for i, role in enumerate(slot_roles):
        names = _topic_names(role)
        cid, fit = picks.get(i, (None, 0.0))
        if cid is not None:
            used.add(cid)
        unmet = unmet_raw.get(i, [q.skill for q in targets[i].requirements] if cid is None else [])
        slots.append(
            Slot(
                role=role,
                user=by_id.get(cid) if cid is not None else None,
                score=round(float(fit), 3),
                unmet=[names.get(s, s) for s in unmet],
            )
        )
    return Formation(
        slots=slots,
        total=round(sum(s.score for s in slots), 3),
        unassigned=[u for u in users if u.pk not in used],
    )
