"""Person ↔ project-role fit and team formation as an optimal assignment.

A role lists required skills with minimum levels (0–5 scale by convention) and weights, the hours
it needs and the hours of overlap it needs with the team's working window. A candidate's fit is

    fit = w_cov·coverage + w_lvl·level_fit + w_av·availability + w_tz·timezone
          − w_over·overqualified

* coverage: weighted share of required skills the person has at the minimum level;
* level_fit: weighted mean of min(level / min_level, 1) (partial credit below the bar);
* overqualified: weighted mean of how far levels exceed the need beyond a slack, scaled to [0, 1]
  (a level-5 expert on a level-1 task is a poor use of both sides' time);
* availability: min(available hours / needed hours, 1);
* timezone: overlap of the candidate's working window with the role's, over the overlap needed.

Everything is vectorised over a (roles × candidates) matrix so 10,000 candidates × 500 slots are
scored and assigned (scipy ``linear_sum_assignment``) in a few seconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class Requirement:
    skill: str
    min_level: float
    weight: float = 1.0


@dataclass(frozen=True)
class Role:
    name: str
    requirements: tuple[Requirement, ...]
    hours_per_week: float = 0.0
    utc_start: float = 9.0  # the team's working window, in UTC hours
    utc_end: float = 17.0
    overlap_hours: float = 0.0  # hours of overlap needed with that window (0 = any)


@dataclass(frozen=True)
class Candidate:
    id: int | str
    skills: Mapping[str, float]
    hours_per_week: float = 40.0
    utc_offset: float = 0.0
    local_start: float = 9.0  # working window in local time
    local_end: float = 17.0


@dataclass(frozen=True)
class FitWeights:
    coverage: float = 0.35
    level: float = 0.35
    availability: float = 0.15
    timezone: float = 0.15
    overqualification: float = 0.10
    over_slack: float = 1.0  # levels above need + slack start to cost
    over_scale: float = 3.0  # … and cost fully at need + slack + scale


@dataclass
class FitBreakdown:
    score: float
    coverage: float
    level_fit: float
    overqualification: float
    availability: float
    timezone: float
    missing: list[str] = field(default_factory=list)  # skills below the minimum level


def _overlap_hours(
    a_start: np.ndarray, a_end: np.ndarray, b_start: float, b_end: float
) -> np.ndarray:
    """Overlap in hours of daily windows on a 24 h circle (windows may wrap past midnight)."""
    total = np.zeros(np.broadcast(a_start, a_end).shape)
    a_len = np.mod(a_end - a_start, 24.0)
    b_len = (b_end - b_start) % 24.0
    # Compare against the other window shifted by -24, 0 and +24 h to handle wrap-around.
    for shift in (-24.0, 0.0, 24.0):
        lo = np.maximum(a_start, b_start + shift)
        hi = np.minimum(a_start + a_len, b_start + shift + b_len)
        total += np.clip(hi - lo, 0.0, None)
    return total


@dataclass
class SkillTable:
    """Candidates as dense arrays: levels (n_candidates × n_skills) plus availability/timezone."""

    skills: list[str]
    levels: np.ndarray
    hours: np.ndarray
    utc_start: np.ndarray
    utc_end: np.ndarray
    ids: list[int | str]

    @classmethod
    def from_candidates(
        cls, candidates: Sequence[Candidate], skills: Sequence[str] | None = None
    ) -> SkillTable:
        names = sorted({s for c in candidates for s in c.skills} | set(skills or ()))
        index = {s: i for i, s in enumerate(names)}
        levels = np.zeros((len(candidates), len(names)), dtype=np.float32)
        for row, cand in enumerate(candidates):
            for skill, level in cand.skills.items():
                levels[row, index[skill]] = level
        offsets = np.asarray([c.utc_offset for c in candidates], dtype=np.float64)
        return cls(
            skills=names,
            levels=levels,
            hours=np.asarray([c.hours_per_week for c in candidates], dtype=np.float32),
            utc_start=np.mod(np.asarray([c.local_start for c in candidates]) - offsets, 24.0),
            utc_end=np.mod(np.asarray([c.local_end for c in candidates]) - offsets, 24.0),
            ids=[c.id for c in candidates],
        )


def fit_matrix(
    roles: Sequence[Role], table: SkillTable, weights: FitWeights | None = None
) -> np.ndarray:
    """Fit scores (len(roles), n_candidates), float32."""
    w = weights or FitWeights()
    index = {s: i for i, s in enumerate(table.skills)}
    out = np.zeros((len(roles), table.levels.shape[0]), dtype=np.float32)
    window = np.mod(table.utc_end - table.utc_start, 24.0)
    for r, role in enumerate(roles):
        reqs = [q for q in role.requirements if q.weight > 0]
        if reqs:
            cols = np.asarray([index.get(q.skill, -1) for q in reqs])
            need = np.asarray([q.min_level for q in reqs], dtype=np.float32)
            wts = np.asarray([q.weight for q in reqs], dtype=np.float32)
            wts = wts / wts.sum()
            have = np.where(cols >= 0, table.levels[:, np.maximum(cols, 0)], 0.0)
            has_it = have >= np.maximum(need, 1e-6)
            coverage = has_it.astype(np.float32) @ wts
            ratio = np.where(need > 0, np.minimum(have / np.maximum(need, 1e-6), 1.0), 1.0)
            level_fit = ratio @ wts
            excess = np.clip((have - need - w.over_slack) / w.over_scale, 0.0, 1.0)
            over = excess @ wts
        else:
            coverage = level_fit = np.ones(table.levels.shape[0], dtype=np.float32)
            over = np.zeros(table.levels.shape[0], dtype=np.float32)
        if role.hours_per_week > 0:
            availability = np.minimum(table.hours / role.hours_per_week, 1.0)
        else:
            availability = np.ones_like(table.hours)
        if role.overlap_hours > 0:
            overlap = _overlap_hours(
                table.utc_start, table.utc_start + window, role.utc_start, role.utc_end
            )
            timezone = np.minimum(overlap / role.overlap_hours, 1.0)
        else:
            timezone = np.ones_like(table.hours)
        out[r] = (
            w.coverage * coverage
            + w.level * level_fit
            + w.availability * availability
            + w.timezone * timezone
            - w.overqualification * over
        )
    return out


def score_fit(candidate: Candidate, role: Role, weights: FitWeights | None = None) -> FitBreakdown:
    """One candidate against one role, with every component and the missing skills."""
    w = weights or FitWeights()
    table = SkillTable.from_candidates([candidate], [q.skill for q in role.requirements])
    score = float(fit_matrix([role], table, w)[0, 0])
    total = sum(q.weight for q in role.requirements) or 1.0
    coverage = level_fit = over = 0.0
    missing: list[str] = []
    for q in role.requirements:
        have = float(candidate.skills.get(q.skill, 0.0))
        share = q.weight / total
        if q.min_level <= 0 or have >= q.min_level:
            coverage += share
        else:
            missing.append(q.skill)
        level_fit += share * (min(have / q.min_level, 1.0) if q.min_level > 0 else 1.0)
        over += share * min(max((have - q.min_level - w.over_slack) / w.over_scale, 0.0), 1.0)
    if not role.requirements:
        coverage = level_fit = 1.0
    availability = (
        min(candidate.hours_per_week / role.hours_per_week, 1.0) if role.hours_per_week else 1.0
    )
    if role.overlap_hours > 0:
        start = (candidate.local_start - candidate.utc_offset) % 24.0
        length = (candidate.local_end - candidate.local_start) % 24.0
        hours = float(
            _overlap_hours(
                np.asarray(start), np.asarray(start + length), role.utc_start, role.utc_end
            )
        )
        timezone = min(hours / role.overlap_hours, 1.0)
    else:
        timezone = 1.0
    return FitBreakdown(score, coverage, level_fit, over, availability, timezone, missing)


@dataclass
class TeamAssignment:
    slots: list[tuple[int, int | str | None, float]]  # (role index, candidate id or None, fit)
    total_fit: float
    unmet: dict[int, list[str]]  # role index → required skills its assignee lacks
    unmet_team_skills: list[str]  # team-level skills nobody assigned covers


def form_team(
    roles: Sequence[Role],
    candidates: Sequence[Candidate] | SkillTable,
    *,
    weights: FitWeights | None = None,
    min_fit: float | None = None,
    team_skills: Mapping[str, float] | None = None,
) -> TeamAssignment:
    """Assign at most one person per role slot (and one slot per person) maximising total fit.

    ``min_fit`` leaves a slot empty rather than fill it with a poor fit. Unmet skill coverage is
    reported, not hidden: per slot (skills the assignee lacks) and for the team
    (``team_skills``: skill → minimum level that at least one member must reach).
    """
    table = (
        candidates if isinstance(candidates, SkillTable) else SkillTable.from_candidates(candidates)
    )
    fits = fit_matrix(roles, table, weights)
    cost = -fits.astype(np.float64)
    n_roles, n_cand = cost.shape
    if min_fit is not None:
        # One "leave empty" column per role, worth exactly min_fit, so only better fits win.
        dummy = np.full((n_roles, n_roles), np.inf)
        np.fill_diagonal(dummy, -min_fit)
        cost = np.hstack([cost, np.where(np.isinf(dummy), 1e9, dummy)])
    rows, cols = linear_sum_assignment(cost)
    index = {s: i for i, s in enumerate(table.skills)}
    slots: list[tuple[int, int | str | None, float]] = []
    unmet: dict[int, list[str]] = {}
    assigned: list[int] = []
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        if c >= n_cand:
            slots.append((r, None, 0.0))
            unmet[r] = [q.skill for q in roles[r].requirements]
            continue
        assigned.append(c)
        slots.append((r, table.ids[c], float(fits[r, c])))
        lacking = [
            q.skill
            for q in roles[r].requirements
            if q.min_level > 0
            and (q.skill not in index or table.levels[c, index[q.skill]] < q.min_level)
        ]
        if lacking:
            unmet[r] = lacking
    unmet_team: list[str] = []
    for skill, level in (team_skills or {}).items():
        col = index.get(skill)
        if col is None or not assigned or float(table.levels[assigned, col].max()) < level:
            unmet_team.append(skill)
    slots.sort(key=lambda s: s[0])
    total = float(sum(s[2] for s in slots))
    return TeamAssignment(slots=slots, total_fit=total, unmet=unmet, unmet_team_skills=unmet_team)


def random_market(
    n_candidates: int, n_roles: int, n_skills: int = 60, seed: int = 0
) -> tuple[list[Role], SkillTable]:
    """A seeded synthetic market for the matching benchmark and tests."""
    rng = np.random.default_rng(seed)
    skills = [f"skill-{i}" for i in range(n_skills)]
    levels = np.zeros((n_candidates, n_skills), dtype=np.float32)
    for row in range(n_candidates):
        chosen = rng.choice(n_skills, size=rng.integers(3, 9), replace=False)
        levels[row, chosen] = rng.integers(1, 6, size=len(chosen))
    offsets = rng.integers(-8, 10, size=n_candidates).astype(np.float64)
    table = SkillTable(
        skills=skills,
        levels=levels,
        hours=rng.choice([10.0, 20.0, 30.0, 40.0], size=n_candidates).astype(np.float32),
        utc_start=np.mod(9.0 - offsets, 24.0),
        utc_end=np.mod(17.0 - offsets, 24.0),
        ids=list(range(n_candidates)),
    )
    roles = [
        Role(
            name=f"role-{r}",
            requirements=tuple(
                Requirement(skills[s], float(rng.integers(1, 5)), float(rng.uniform(0.5, 2.0)))
                for s in rng.choice(n_skills, size=rng.integers(2, 5), replace=False)
            ),
            hours_per_week=float(rng.choice([10, 20, 40])),
            utc_start=float(rng.integers(0, 24)),
            utc_end=float(rng.integers(0, 24)),
            overlap_hours=float(rng.choice([0, 2, 4])),
        )
        for r in range(n_roles)
    ]
    return roles, table
