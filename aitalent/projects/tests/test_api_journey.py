"""Done means, through the API: create a project, add two roles, find and invite a matching member
who accepts, apply to a compute-credit offer and get it accepted, move tasks, reach "building"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.projects.models import Membership, OfferApplication, Project, Task
from aitalent.projects.tests.factories import give_skills
from conftest import make_member


@pytest.mark.django_db
def test_done_means_through_the_api(api_client, alice, olivia, mallory) -> None:
    give_skills(alice, utc_offset_minutes=60, pytorch=4, mlops=2)
    give_skills(mallory, utc_offset_minutes=-480, pytorch=1)
    funder = make_member("funder@example.com", "funder", "Fiona Funder")

    api_client.force_authenticate(olivia)
    created = api_client.post(
        reverse("projects-api:project-list"),
        {
            "name": "Imaging triage",
            "pitch": "Urgent X-rays first.",
            "domains": ["medical-imaging"],
            "topics": ["pytorch", "computer-vision"],
            "timezone": "Europe/Berlin",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    assert created.json()["stage"] == "idea"

    roles = []
    for title, skills in [
        ("ML engineer", [{"skill": "pytorch", "min_level": 4}, {"skill": "mlops", "min_level": 3}]),
        ("Clinical liaison", [{"skill": "model-evaluation", "min_level": 2}]),
    ]:
        response = api_client.post(
            reverse("projects-api:role-list", args=[slug]),
            {"title": title, "skills": skills, "hours_per_week": 10},
            format="json",
        )
        assert response.status_code == 201, response.content
        roles.append(response.json()["id"])

    candidates = api_client.get(reverse("projects-api:role-candidates", args=[roles[0]])).json()
    assert [c["handle"] for c in candidates][:2] == ["alice", "mallory"]
    assert "PyTorch 4/4 ✓" in candidates[0]["reasons"]
    assert "MLOps 2/3" in candidates[0]["reasons"]
    assert any(r.startswith("timezone overlap") for r in candidates[0]["reasons"])

    invite = api_client.post(
        reverse("projects-api:invitation-create", args=[slug]),
        {"invitee": "alice", "role": roles[0], "message": "Join us?"},
        format="json",
    )
    assert invite.status_code == 201, invite.content

    api_client.force_authenticate(alice)
    mine = api_client.get(reverse("projects-api:my-invitations")).json()
    assert mine[0]["project"] == slug
    accepted = api_client.post(
        reverse("projects-api:invitation-respond", args=[mine[0]["id"]]),
        {"action": "accept"},
        format="json",
    )
    assert accepted.json()["status"] == "accepted"
    team = api_client.get(reverse("projects-api:membership-list", args=[slug])).json()
    assert {m["handle"]: m["role"] for m in team} == {"olivia": None, "alice": "ML engineer"}

    api_client.force_authenticate(funder)
    offer = api_client.post(
        reverse("projects-api:offer-list"),
        {
            "title": "GPU credits for imaging",
            "kind": "compute",
            "amount": "2,000 GPU hours",
            "domains": ["medical-imaging"],
            "stages": ["idea", "forming", "building"],
        },
        format="json",
    )
    assert offer.status_code == 201, offer.content
    offer_slug = offer.json()["slug"]

    api_client.force_authenticate(olivia)
    ranked = api_client.get(reverse("projects-api:project-offers", args=[slug])).json()
    assert ranked[0]["offer"]["slug"] == offer_slug and ranked[0]["fit"]["score"] == 1.0
    applied = api_client.post(
        reverse("projects-api:offer-applications", args=[offer_slug]),
        {"project": slug, "case": "We need GPUs to train the triage model."},
        format="json",
    )
    assert applied.status_code == 201, applied.content

    api_client.force_authenticate(funder)
    decided = api_client.post(
        reverse("projects-api:offer-application-decide", args=[applied.json()["id"]]),
        {"action": "accepted"},
        format="json",
    )
    assert decided.json()["status"] == "accepted"

    api_client.force_authenticate(alice)  # a team member updates tasks
    task = api_client.post(
        reverse("projects-api:task-list", args=[slug]),
        {"title": "Train baseline", "assignee": "alice"},
        format="json",
    )
    assert task.status_code == 201, task.content
    for status in ("doing", "done"):
        moved = api_client.patch(
            reverse("projects-api:task-detail", args=[task.json()["id"]]),
            {"status": status},
            format="json",
        )
        assert moved.json()["status"] == status
    # Only maintainers move the stage.
    refused = api_client.post(
        reverse("projects-api:project-stage", args=[slug]), {"stage": "building"}, format="json"
    )
    assert refused.status_code == 403

    api_client.force_authenticate(olivia)
    for stage in ("forming", "building"):
        response = api_client.post(
            reverse("projects-api:project-stage", args=[slug]), {"stage": stage}, format="json"
        )
        assert response.status_code == 200
    assert [h["stage"] for h in response.json()["history"]] == ["idea", "forming", "building"]

    project = Project.objects.get(slug=slug)
    assert project.stage == "building"
    assert Task.objects.get(project=project).status == "done"
    assert Membership.objects.filter(project=project).count() == 2
    assert OfferApplication.objects.get(project=project).status == "accepted"
