import time

import pytest

from aitalent.recommendations.engine.matching import (
    Candidate,
    Requirement,
    Role,
    form_team,
    random_market,
    score_fit,
)

ML_ROLE = Role(
    name="ml engineer",
    requirements=(Requirement("pytorch", 3), Requirement("sql", 2)),
    hours_per_week=20,
    utc_start=8,
    utc_end=16,
    overlap_hours=4,
)


def test_it_scores_a_perfect_fit_highest():
    fit = score_fit(Candidate("ana", {"pytorch": 3, "sql": 2}, 20, 0), ML_ROLE)
    assert fit.coverage == 1 and fit.level_fit == 1 and fit.availability == 1
    assert fit.timezone == 1 and fit.overqualification == 0 and fit.missing == []
    assert fit.score == pytest.approx(1.0)


def test_it_gives_partial_credit_and_names_missing_skills():
    fit = score_fit(Candidate("bo", {"pytorch": 1.5}, 10, 0), ML_ROLE)
    assert fit.coverage == 0.0
    assert fit.level_fit == pytest.approx(0.25)  # (1.5/3 + 0) / 2
    assert fit.availability == 0.5
    assert fit.missing == ["pytorch", "sql"]


def test_it_penalises_overqualification():
    expert = score_fit(Candidate("cy", {"pytorch": 5, "sql": 5}, 20, 0), ML_ROLE)
    exact = score_fit(Candidate("di", {"pytorch": 3, "sql": 2}, 20, 0), ML_ROLE)
    assert expert.overqualification > 0 and expert.score < exact.score


def test_it_measures_timezone_overlap():
    # UTC+9 working 9-17 local = 0-8 UTC: no overlap with 8-16 UTC.
    far = score_fit(Candidate("ed", {"pytorch": 3, "sql": 2}, 20, 9), ML_ROLE)
    near = score_fit(Candidate("fa", {"pytorch": 3, "sql": 2}, 20, 2), ML_ROLE)  # 7-15 UTC
    assert far.timezone == 0.0
    assert near.timezone == 1.0


def test_it_forms_a_team_one_person_per_slot_and_reports_gaps():
    roles = [ML_ROLE, Role("analyst", (Requirement("sql", 4),))]
    people = [
        Candidate("ana", {"pytorch": 3, "sql": 2}, 20, 0),
        Candidate("bo", {"sql": 4}, 40, 0),
        Candidate("cy", {"excel": 5}, 40, 0),
    ]
    team = form_team(roles, people, team_skills={"sql": 4, "rust": 1})
    assert [(r, who) for r, who, _ in team.slots] == [(0, "ana"), (1, "bo")]
    assert team.unmet == {}
    assert team.unmet_team_skills == ["rust"]


def test_it_leaves_slots_empty_below_min_fit():
    roles = [Role("rustacean", (Requirement("rust", 4),))]
    team = form_team(roles, [Candidate("cy", {"excel": 5})], min_fit=0.5)
    assert team.slots[0][1] is None and team.unmet == {0: ["rust"]}


def test_it_assigns_10000_candidates_to_500_slots_in_under_10_seconds():
    roles, table = random_market(10_000, 500, seed=0)
    started = time.perf_counter()
    team = form_team(roles, table)
    elapsed = time.perf_counter() - started
    people = [who for _, who, _ in team.slots]
    assert len(people) == 500 and len(set(people)) == 500
    assert elapsed < 10, elapsed
