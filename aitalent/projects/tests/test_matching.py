"""The matching service: reasons, opt-outs and blocks, team formation, offer fit, evidence."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.people.models import Block, Profile, ProfileSkill
from aitalent.projects import matching, services
from aitalent.projects.tests.factories import give_skills, make_project, make_role, topic
from conftest import make_member


@pytest.mark.django_db
def test_it_ranks_members_with_reasons_and_respects_opt_outs_and_blocks(
    olivia, alice, mallory
) -> None:
    project = make_project(olivia, timezone="Europe/Berlin")
    role = make_role(project, olivia, pytorch=4, mlops=3)
    give_skills(alice, utc_offset_minutes=60, pytorch=4, mlops=2)
    give_skills(mallory, utc_offset_minutes=480, pytorch=4, mlops=3)
    shy = make_member("shy@example.com", "shy", "Shy Expert")
    give_skills(shy, pytorch=5, mlops=5)
    Profile.objects.filter(user=shy).update(in_suggestions=False)
    blocker = make_member("blocker@example.com", "blocker", "Blocking Expert")
    give_skills(blocker, pytorch=5, mlops=5)
    Block.objects.create(blocker=blocker, blocked=olivia)

    matches = matching.candidates_for_role(role=role, viewer=olivia)
    handles = [m.user.handle for m in matches]
    assert handles == ["mallory", "alice"] or handles == ["alice", "mallory"]
    alice_match = next(m for m in matches if m.user.handle == "alice")
    assert alice_match.reasons[:2] == ["PyTorch 4/4 ✓", "MLOps 2/3"]
    assert "timezone overlap 8 h" in alice_match.reasons  # Berlin is UTC+1 in winter
    mallory_match = next(m for m in matches if m.user.handle == "mallory")
    assert "timezone overlap 1 h" in mallory_match.reasons
    assert alice_match.missing == ["MLOps"]


@pytest.mark.django_db
def test_projects_that_need_your_skills(client, olivia, alice) -> None:
    give_skills(alice, pytorch=4, mlops=3)
    project = make_project(olivia)
    make_role(project, olivia, pytorch=4)
    make_role(project, olivia, "Designer", **{"data-visualisation": 3})
    found = matching.roles_for_member(user=alice)
    assert [m.role.title for m in found] == ["ML engineer"]
    client.force_login(alice)
    page = client.get(reverse("projects:for-you"))
    assert "ML engineer" in page.content.decode() and "PyTorch 4/4 ✓" in page.content.decode()
    assert "Projects that need your skills" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_home_block_is_cached_but_drops_roles_that_closed_or_turned_private(
    client, olivia, alice, django_assert_max_num_queries
) -> None:
    from django.core.cache import cache

    from aitalent.projects.models import Project

    cache.clear()
    give_skills(alice, pytorch=4, mlops=3)
    project = make_project(olivia)
    make_role(project, olivia, pytorch=4)
    client.force_login(alice)
    assert "ML engineer" in client.get("/").content.decode()
    Project.objects.filter(pk=project.pk).update(visibility=Project.Visibility.PRIVATE)
    # The cached ranking still names the role; the re-read with the access check drops it.
    assert "ML engineer" not in client.get("/").content.decode()
    cache.clear()


@pytest.mark.django_db
def test_team_formation_assigns_and_lists_unmet_needs(client, olivia, alice, mallory) -> None:
    give_skills(alice, pytorch=4, mlops=3)
    give_skills(mallory, **{"data-visualisation": 3})
    project = make_project(olivia)
    engineer = make_role(project, olivia, pytorch=4, mlops=3)
    speech = make_role(project, olivia, "Speech", **{"automatic-speech-recognition": 4})
    formation = matching.form_teams(roles=[engineer, speech], users=[alice, mallory])
    by_role = {s.role.title: s for s in formation.slots}
    assert by_role["ML engineer"].user == alice and by_role["ML engineer"].unmet == []
    assert by_role["Speech"].user is None
    assert by_role["Speech"].unmet == ["Automatic speech recognition"]

    client.force_login(olivia)
    page = client.post(
        reverse("projects:formation"),
        {"participants": "alice, @mallory nobody", "projects": [project.slug]},
    )
    html = page.content.decode()
    assert "Automatic speech recognition" in html and "nobody" in html
    sent = client.post(
        reverse("projects:formation-invite"),
        {"slot-1": f"{engineer.pk}:{alice.pk}", "slot-2": f"{speech.pk}:{mallory.pk}"},
    )
    assert sent.status_code == 302
    assert set(project.invitations.values_list("invitee__handle", flat=True)) == {
        "alice",
        "mallory",
    }
    # Someone else's project cannot be targeted through the form.
    other = make_project(alice, name="Other")
    other_role = make_role(other, alice)
    refused = client.post(
        reverse("projects:formation-invite"), {"slot-1": f"{other_role.pk}:{mallory.pk}"}
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_offer_fit_ranks_both_ways(olivia) -> None:
    funder = make_member("funder@example.com", "funder", "Fiona Funder")
    imaging = make_project(olivia, name="Imaging")
    traffic = services.create_project(
        creator=olivia,
        name="Traffic",
        pitch="Smart lights",
        domains=[topic("smart-city")],
        stage="pilot",
    )
    offer = services.create_offer(
        by=funder,
        title="GPU",
        kind="compute",
        amount="100 h",
        domains=[topic("medical-imaging")],
        stages=["idea"],
        topics=[topic("pytorch")],
    )
    assert matching.offer_fit(offer=offer, project=imaging).score == 1.0
    assert matching.offer_fit(offer=offer, project=traffic).score < 0.5
    ranked = matching.projects_for_offer(offer=offer, viewer=funder)
    assert [p.name for p, _fit in ranked] == ["Imaging", "Traffic"]
    assert matching.offers_for_project(project=imaging)[0][0] == offer


@pytest.mark.django_db
def test_delivered_roles_are_evidence_for_skill_levels(
    olivia, alice, django_capture_on_commit_callbacks
) -> None:
    give_skills(alice, pytorch=4, mlops=3)
    project = make_project(olivia)
    role = make_role(project, olivia, pytorch=3, mlops=2)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(project=project, by=olivia, invitee=alice, role=role)
        services.respond_to_invitation(invitation=invitation, by=alice, accept=True)
    membership = project.memberships.get(user=alice)
    with pytest.raises(Exception, match="pilot or launched"):
        services.mark_delivered(membership=membership, by=olivia)
    services.set_stage(project=project, by=olivia, stage="pilot")
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_delivered(membership=membership, by=olivia)
    skill = ProfileSkill.objects.get(profile__user=alice, topic__slug="pytorch")
    assert skill.evidence_score == services.DELIVERY_WEIGHT and skill.evidenced_level == 1
    from aitalent.people import evidence

    found = evidence.collect([skill])[skill.id]
    assert found[0].label == "Delivered “ML engineer” on Triage assistant"
