from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from aitalent.activity.models import Reputation
from aitalent.competitions import selectors, services
from aitalent.competitions.models import Competition, Participant, Submission, Team
from aitalent.competitions.tests.conftest import (
    answers,
    make_competition,
    score_now,
    submission_csv,
    submit,
)
from conftest import make_member


def test_only_members_with_the_host_permission_create(alice, hank) -> None:
    with pytest.raises(PermissionDenied):
        make_competition(alice)
    assert make_competition(hank).host == hank


def test_dates_and_rules_are_validated_with_the_field_named(hank) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError) as info:
        services.create_competition(
            host=hank,
            title="Bad",
            rules="",
            starts_at=now,
            entry_deadline_at=now,
            ends_at=now - timedelta(days=1),
            metric="accuracy",
        )
    assert "rules" in info.value.message_dict or "ends_at" in info.value.message_dict


def test_ground_truth_errors_never_quote_the_answers(hank) -> None:
    competition = make_competition(hank, publish=False)
    with pytest.raises(ValidationError) as info:
        services.set_ground_truth(
            competition=competition, by=hank, content=b"id,target\na,SECRETLABEL\nb,SECRETLABEL\n"
        )
    assert "SECRETLABEL" not in str(info.value)


def test_joining_needs_the_rules_accepted_and_creates_a_team_of_one(competition, alice) -> None:
    with pytest.raises(ValidationError):
        services.join(competition=competition, user=alice, accept_rules=False)
    participant = services.join(competition=competition, user=alice, accept_rules=True)
    assert participant.team.member_count == 1
    assert participant.team.name == "alice"
    competition.refresh_from_db()
    assert (competition.participant_count, competition.team_count) == (1, 1)


def test_invite_only_checks_the_allow_list(hank, alice, mallory) -> None:
    competition = make_competition(
        hank, visibility="invite", allow_list="@example.org\nalice@example.com"
    )
    services.join(competition=competition, user=alice, accept_rules=True)
    with pytest.raises(PermissionDenied):
        services.join(competition=competition, user=mallory, accept_rules=True)


def test_approval_competitions_wait_for_the_host(hank, alice) -> None:
    competition = make_competition(hank, visibility="approval")
    participant = services.join(competition=competition, user=alice, accept_rules=True)
    assert participant.status == Participant.Status.PENDING and participant.team is None
    with pytest.raises(PermissionDenied):
        submit(competition, alice)
    services.approve_participant(competition=competition, by=hank, user_id=alice.pk)
    assert submit(competition, alice).status == Submission.Status.QUEUED


def test_a_submission_is_scored_and_a_malformed_one_fails_with_its_message(
    competition, alice
) -> None:
    services.join(competition=competition, user=alice, accept_rules=True)
    good = score_now(submit(competition, alice, accuracy=1.0))
    assert good.status == "scored" and good.public_score == 1.0 and good.private_score == 1.0
    ids, y = answers(competition)
    content = submission_csv(ids, y).replace(b"t5,", b"zz9,", 1)
    bad = score_now(services.submit(competition=competition, user=alice, content=content))
    assert bad.status == "failed"
    assert bad.error == "Row 7: id 'zz9' is not in the test set (1 unknown ids)."
    # scoring again changes nothing (idempotent)
    assert score_now(good).public_score == 1.0 and score_now(bad).status == "failed"


def test_the_header_is_checked_before_queueing(competition, alice) -> None:
    services.join(competition=competition, user=alice, accept_rules=True)
    with pytest.raises(ValidationError) as info:
        services.submit(competition=competition, user=alice, content=b"id,label\nt0,1\n")
    assert "header must be exactly: id,target" in str(info.value)
    assert not Submission.objects.exists()


def test_daily_limit_counts_only_non_failed_submissions(hank, alice) -> None:
    competition = make_competition(hank, daily_limit=2)
    services.join(competition=competition, user=alice, accept_rules=True)
    ids, y = answers(competition)
    bad = services.submit(competition=competition, user=alice, content=b"id,target\nnope,1\n")
    score_now(bad)
    submit(competition, alice)
    submit(competition, alice)
    with pytest.raises(ValidationError, match="used all 2 submissions for today"):
        submit(competition, alice)
    tomorrow = timezone.now() + timedelta(days=1)
    services.submit(
        competition=competition, user=alice, content=submission_csv(ids, y), now=tomorrow
    )


def test_total_limit(hank, alice) -> None:
    competition = make_competition(hank, total_limit=1)
    services.join(competition=competition, user=alice, accept_rules=True)
    submit(competition, alice)
    with pytest.raises(ValidationError, match="all 1 submissions of this competition"):
        submit(competition, alice)


def _join_all(competition: Competition, *users) -> None:
    for user in users:
        services.join(competition=competition, user=user, accept_rules=True)


def test_invite_and_merge(competition, alice, bob) -> None:
    _join_all(competition, alice, bob)
    score_now(submit(competition, bob, accuracy=0.8))
    request = services.propose_merge(competition=competition, by=alice, invite_handle="bob")
    with pytest.raises(PermissionDenied):  # alice cannot accept her own invitation
        services.respond_to_merge(competition=competition, by=alice, request=request, accept=True)
    services.respond_to_merge(competition=competition, by=bob, request=request, accept=True)
    alice_team = Participant.objects.get(user=alice).team
    assert Participant.objects.get(user=bob).team == alice_team
    assert alice_team.member_count == 2
    assert Submission.objects.get().team == alice_team  # bob's submission moved
    rows = selectors.leaderboard(competition, private=False)
    assert len(rows) == 1 and {m.handle for m in rows[0].members} == {"alice", "bob"}
    competition.refresh_from_db()
    assert competition.team_count == 1


def test_merge_refused_above_daily_limit_times_days(hank, alice, bob) -> None:
    competition = make_competition(hank, daily_limit=1, started_days=0)  # day 1: 1 allowed
    _join_all(competition, alice, bob)
    submit(competition, alice)
    submit(competition, bob)
    with pytest.raises(ValidationError, match="2 submissions together"):
        services.propose_merge(competition=competition, by=alice, invite_handle="bob")


def test_merge_refused_beyond_max_team_size_and_after_deadline(hank, alice, bob, mallory) -> None:
    competition = make_competition(hank, max_team_size=2)
    _join_all(competition, alice, bob, mallory)
    request = services.propose_merge(competition=competition, by=alice, invite_handle="bob")
    services.respond_to_merge(competition=competition, by=bob, request=request, accept=True)
    with pytest.raises(ValidationError, match="limit is 2"):
        services.propose_merge(competition=competition, by=alice, invite_handle="mallory")
    late = competition.entry_deadline_at + timedelta(minutes=1)
    with pytest.raises(ValidationError, match="merge deadline"):
        services.leave_team(competition=competition, by=bob, now=late)
    team = services.leave_team(competition=competition, by=bob)
    assert team.member_count == 1


def test_leaderboard_ties_go_to_the_earlier_submission_and_hosts_are_not_ranked(
    competition, alice, bob, hank
) -> None:
    _join_all(competition, alice, bob)
    first = score_now(submit(competition, alice, accuracy=1.0))
    second = score_now(submit(competition, bob, accuracy=1.0))
    assert first.created_at < second.created_at
    score_now(
        services.submit(
            competition=competition, user=hank, content=submission_csv(*answers(competition))
        )
    )
    rows = selectors.leaderboard(competition, private=False)
    assert [(r.rank, r.name) for r in rows] == [(1, "alice"), (2, "bob")]


def test_baselines_are_shown_but_not_ranked(competition, alice, hank) -> None:
    _join_all(competition, alice)
    score_now(submit(competition, alice, accuracy=0.3))
    ids, y = answers(competition)
    score_now(
        services.submit(
            competition=competition,
            user=hank,
            content=submission_csv(ids, y),
            description="Perfect baseline",
            baseline=True,
        )
    )
    rows = selectors.leaderboard(competition, private=False)
    assert [(r.rank, r.name, r.is_baseline) for r in rows] == [
        (None, "Perfect baseline", True),
        (1, "alice", False),
    ]


def test_late_submissions_are_scored_but_not_ranked(competition, alice, hank) -> None:
    _join_all(competition, alice)
    services.end_competition(competition=competition, by=hank)
    competition.refresh_from_db()
    late = score_now(submit(competition, alice))
    assert late.is_late and late.status == "scored"
    assert selectors.leaderboard(competition, private=False) == []


def test_finals_choose_the_private_score_and_default_to_best_public(
    competition, alice, bob, hank
) -> None:
    _join_all(competition, alice, bob)
    weak = score_now(submit(competition, alice, accuracy=0.4, seed=1))
    strong = score_now(submit(competition, alice, accuracy=0.95, seed=2))
    score_now(submit(competition, bob, accuracy=0.7, seed=3))
    with pytest.raises(ValidationError):
        services.select_finals(
            competition=competition,
            by=alice,
            public_ids=[weak.public_id, strong.public_id, weak.public_id],
        )
    services.select_finals(competition=competition, by=alice, public_ids=[weak.public_id])
    rows = {r.name: r.score for r in selectors.leaderboard(competition, private=True)}
    assert rows["alice"] == weak.private_score
    services.select_finals(competition=competition, by=alice, public_ids=[])
    rows = {r.name: r.score for r in selectors.leaderboard(competition, private=True)}
    assert rows["alice"] == max(weak.private_score, strong.private_score)


def test_private_scores_hidden_until_the_end_then_revealed_with_medals(
    competition, alice, bob, hank
) -> None:
    _join_all(competition, alice, bob)
    score_now(submit(competition, alice, accuracy=0.9))
    score_now(submit(competition, bob, accuracy=0.5))
    assert not selectors.can_see_private(competition=competition, user=alice)
    assert selectors.can_see_private(competition=competition, user=hank)
    assert services.export_member_data(alice)["submissions"][0]["private_score"] is None
    services.end_competition(competition=competition, by=hank)
    competition.refresh_from_db()
    assert selectors.can_see_private(competition=competition, user=alice)
    assert services.export_member_data(alice)["submissions"][0]["private_score"] is not None
    team = Team.objects.get(name="alice")
    assert (team.private_rank, team.medal) == (1, "gold")
    assert Reputation.objects.get(user=alice, category="competitions").points == 300
    services.finalize(competition=competition)  # again: nothing changes
    assert Reputation.objects.get(user=alice, category="competitions").points == 300


def test_medal_evidence_counts_for_the_competition_topics(hank, alice) -> None:
    from aitalent.core.models import Topic
    from aitalent.people import evidence
    from aitalent.people import services as people

    if not Topic.objects.filter(kind="skill").exists():  # a transactional test flushed them
        import importlib

        from django.apps import apps as django_apps

        loader = importlib.import_module("aitalent.core.migrations.0003_load_topics")
        loader.load_topics(django_apps, None)
    topic = Topic.objects.filter(kind="skill").first()
    competition = make_competition(hank)
    competition.topics.set([topic])
    _join_all(competition, alice)
    score_now(submit(competition, alice))
    people.set_skill(profile=alice.profile, by=alice, skill=topic.slug, level=3)
    services.end_competition(competition=competition, by=hank)
    skill = alice.profile.skills.get(topic=topic)
    found = evidence.collect([skill])[skill.id]
    assert [e.source for e in found] == ["competitions"] and found[0].weight == 3.0


@pytest.mark.parametrize(
    ("teams", "gold", "silver", "bronze"),
    [(10, 1, 2, 4), (99, 9, 19, 39), (150, 10, 30, 60), (500, 11, 50, 100), (2000, 14, 100, 200)],
)
def test_kaggle_medal_bands(teams, gold, silver, bronze) -> None:
    medals = [selectors.medal_for(rank, teams) for rank in range(1, teams + 1)]
    assert medals.count("gold") == gold
    assert medals.count("silver") == silver - gold
    assert medals.count("bronze") == bronze - silver


def test_member_data_export_and_erase(competition, alice) -> None:
    _join_all(competition, alice)
    score_now(submit(competition, alice))
    exported = services.export_member_data(alice)
    assert exported["entries"][0]["competition"] == competition.slug
    services.erase_member_data(alice)
    assert not Participant.objects.filter(user=alice).exists()
    assert Submission.objects.get().submitted_by is None


def test_hosts_cannot_join_and_strangers_cannot_select_finals(competition, hank, mallory) -> None:
    with pytest.raises(ValidationError):
        services.join(competition=competition, user=hank, accept_rules=True)
    with pytest.raises(PermissionDenied):
        services.select_finals(competition=competition, by=mallory, public_ids=[])


def test_entry_deadline(hank, alice) -> None:
    competition = make_competition(hank)
    later = competition.entry_deadline_at + timedelta(seconds=1)
    with pytest.raises(ValidationError, match="entry deadline"):
        services.join(competition=competition, user=alice, accept_rules=True, now=later)


def test_many_teams_rank_in_score_order(competition) -> None:
    users = [make_member(f"p{i}@example.com", f"p{i}", f"P {i}") for i in range(6)]
    for i, user in enumerate(users):
        services.join(competition=competition, user=user, accept_rules=True)
        score_now(submit(competition, user, accuracy=0.3 + i * 0.1, seed=i))
    rows = selectors.leaderboard(competition, private=False)
    scores = [r.score for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert np.all(np.diff([r.rank for r in rows]) == 1)


def test_published_competitions_are_indexed_for_search(
    hank, django_capture_on_commit_callbacks
) -> None:
    from aitalent.search.models import Document

    with django_capture_on_commit_callbacks(execute=True):
        draft = make_competition(hank, publish=False, title="Hidden draft")
    assert not Document.objects.filter(doc_type="competitions.competition").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(competition=draft, by=hank)
    document = Document.objects.get(doc_type="competitions.competition")
    assert document.title == "Hidden draft" and document.url == draft.get_absolute_url()


def test_the_host_validates_the_setup_by_submitting_the_ground_truth(hank, alice) -> None:
    from aitalent.competitions.tests.conftest import truth_csv

    competition = make_competition(hank, publish=False)  # before opening
    ids, y = answers(competition)
    check = score_now(
        services.submit(competition=competition, user=hank, content=truth_csv(ids, y))
    )
    assert (check.status, check.public_score, check.private_score) == ("scored", 1.0, 1.0)
    assert check.is_host and selectors.leaderboard(competition, private=True) == []
    services.publish(competition=competition, by=hank)
    services.join(competition=competition, user=alice, accept_rules=True)
    with pytest.raises(ValidationError, match="header must be exactly"):  # participants: exact
        services.submit(competition=competition, user=alice, content=truth_csv(ids, y))
