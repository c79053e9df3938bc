"""Private projects do not exist outside their team; who may change what; no double applying."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from aitalent.activity.models import Interaction
from aitalent.notifications import services as notifications
from aitalent.notifications.models import Notification
from aitalent.projects import selectors, services
from aitalent.projects.api import ApplyThrottle
from aitalent.projects.tests.factories import give_skills, make_project, make_role, topic
from aitalent.search import services as search
from conftest import make_member


@pytest.fixture
def private(olivia, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(olivia, visibility="private", name="Stealth triage")
        role = make_role(project, olivia)
        invitation = services.invite_member(project=project, by=olivia, invitee=alice, role=role)
        services.respond_to_invitation(invitation=invitation, by=alice, accept=True)
        milestone = services.create_milestone(project=project, by=olivia, title="Alpha")
        task = services.create_task(project=project, by=alice, title="Label data")
        services.post_update(project=project, by=olivia, title="Secret news", body="Shh")
    return project, role, milestone, task


@pytest.mark.django_db
def test_it_hides_private_projects_from_strangers_everywhere(
    client, api_client, private, mallory, alice
) -> None:
    project, role, milestone, task = private
    pages = [
        reverse("projects:detail", args=[project.slug]),
        reverse("projects:board", args=[project.slug]),
        reverse("projects:project-offers", args=[project.slug]),
        reverse("projects:role-detail", args=[project.slug, role.pk]),
    ]
    apis = [
        reverse("projects-api:project-detail", args=[project.slug]),
        reverse("projects-api:role-list", args=[project.slug]),
        reverse("projects-api:role-detail", args=[role.pk]),
        reverse("projects-api:membership-list", args=[project.slug]),
        reverse("projects-api:milestone-list", args=[project.slug]),
        reverse("projects-api:task-list", args=[project.slug]),
        reverse("projects-api:task-detail", args=[task.pk]),
        reverse("projects-api:project-offers", args=[project.slug]),
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url  # visitors
    for url in apis:
        assert api_client.get(url).status_code == 404, url
    client.force_login(mallory)
    api_client.force_authenticate(mallory)
    for url in pages:
        assert client.get(url).status_code == 404, url
    for url in apis:
        assert api_client.get(url).status_code == 404, url
    # Writes answer 404 too, never 403 (which would confirm the project exists).
    assert api_client.patch(apis[6], {"status": "done"}, format="json").status_code == 404
    assert (
        client.post(reverse("projects:task-move", args=[task.pk]), {"status": "done"}).status_code
        == 404
    )  # noqa: E501
    assert project.name not in client.get(reverse("projects:index") + "?q=Stealth").content.decode()
    listed = api_client.get(reverse("projects-api:project-list")).json()["results"]
    assert project.slug not in [p["slug"] for p in listed]
    # Search, notifications, activity feeds and profiles.
    assert search.search(query="Stealth triage", viewer=mallory).hits == []
    with pytest.raises(Http404):
        notifications.set_watch_level(
            user=mallory, target_type="projects.project", target_id=project.pk, level="watching"
        )
    assert not Notification.objects.filter(recipient=mallory).exists()
    assert Notification.objects.filter(recipient=alice, verb="projects.update").exists()
    assert not Interaction.objects.filter(
        target_type="projects.project", target_id=project.pk
    ).exists()
    assert selectors.profile_projects(member=alice, viewer=mallory) == []
    assert "Stealth" not in client.get(reverse("people:profile", args=["alice"])).content.decode()
    assert [r["topic"].slug for r in selectors.skill_demand(viewer=mallory)] == []
    # The team sees it.
    client.force_login(alice)
    assert client.get(pages[0]).status_code == 200
    assert "Stealth" in client.get(reverse("people:profile", args=["alice"])).content.decode()


@pytest.mark.django_db
def test_it_keeps_members_only_projects_from_visitors(client, olivia, mallory) -> None:
    project = make_project(olivia, visibility="members")
    assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(mallory)
    assert client.get(project.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_only_maintainers_change_the_project_and_members_update_tasks(
    api_client, private, alice, olivia
) -> None:
    project, role, milestone, task = private
    api_client.force_authenticate(alice)  # a member, not a maintainer
    for method, url, data in [
        ("patch", reverse("projects-api:project-detail", args=[project.slug]), {"pitch": "x"}),
        ("post", reverse("projects-api:project-stage", args=[project.slug]), {"stage": "pilot"}),
        (
            "post",
            reverse("projects-api:role-list", args=[project.slug]),
            {"title": "x", "skills": [{"skill": "python", "min_level": 2}]},
        ),
        ("post", reverse("projects-api:milestone-list", args=[project.slug]), {"title": "Beta"}),
        ("patch", reverse("projects-api:role-detail", args=[role.pk]), {"is_open": False}),
    ]:
        response = getattr(api_client, method)(url, data, format="json")
        assert response.status_code == 403, (url, response.content)
    moved = api_client.patch(
        reverse("projects-api:task-detail", args=[task.pk]), {"status": "doing"}, format="json"
    )
    assert moved.status_code == 200


@pytest.mark.django_db
def test_applicants_see_only_their_own_applications(
    api_client, client, olivia, alice, mallory
) -> None:
    project = make_project(olivia)
    role = make_role(project, olivia)
    api_client.force_authenticate(alice)
    url = reverse("projects-api:role-apply", args=[role.pk])
    first = api_client.post(url, {"message": "I know PyTorch."}, format="json")
    assert first.status_code == 201
    again = api_client.post(url, {"message": "Again"}, format="json")
    assert again.status_code == 400 and "role" in again.json()["error"]["fields"]
    assert api_client.post(url, {"message": ""}, format="json").json()["error"]["fields"]["message"]

    api_client.force_authenticate(mallory)
    assert api_client.get(reverse("projects-api:my-applications")).json() == []
    decide = reverse("projects-api:application-decide", args=[first.json()["id"]])
    assert api_client.post(decide, {"action": "accept"}, format="json").status_code == 404
    assert (
        api_client.get(
            reverse("projects-api:project-applications", args=[project.slug])
        ).status_code
        == 403
    )  # noqa: E501
    client.force_login(mallory)
    assert (
        client.post(
            reverse("projects:application-decide", args=[first.json()["id"]]), {"action": "accept"}
        ).status_code
        == 404
    )

    api_client.force_authenticate(olivia)
    rows = api_client.get(reverse("projects-api:project-applications", args=[project.slug])).json()
    assert rows[0]["applicant"] == "alice" and rows[0]["reasons"]


@pytest.mark.django_db
def test_offer_applications_are_seen_by_the_offerer_and_the_team_only(
    api_client, olivia, alice, mallory
) -> None:
    funder = make_member("funder@example.com", "funder", "Fiona Funder")
    project = make_project(olivia)
    invitation = services.invite_member(project=project, by=olivia, invitee=alice)
    services.respond_to_invitation(invitation=invitation, by=alice, accept=True)
    offer = services.create_offer(by=funder, title="Credits", kind="cloud", amount="USD 1,000")
    row = services.apply_to_offer(offer=offer, project=project, by=olivia, case="We need it.")
    url = reverse("projects-api:offer-applications", args=[offer.slug])
    for user, expected in [(funder, 1), (alice, 1), (mallory, 0)]:
        api_client.force_authenticate(user)
        assert len(api_client.get(url).json()) == expected
    api_client.force_authenticate(mallory)
    decide = reverse("projects-api:offer-application-decide", args=[row.pk])
    assert api_client.post(decide, {"action": "accepted"}, format="json").status_code == 404
    api_client.force_authenticate(alice)  # on the team, but only the offerer decides
    assert api_client.post(decide, {"action": "accepted"}, format="json").status_code == 403
    api_client.force_authenticate(olivia)
    again = api_client.post(url, {"project": project.slug, "case": "Again"}, format="json")
    assert again.status_code == 400 and "project" in again.json()["error"]["fields"]


@pytest.mark.django_db
def test_it_rate_limits_applications_invitations_and_offers(
    api_client, olivia, monkeypatch
) -> None:  # noqa: E501
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(ApplyThrottle, "rate", "2/hour")
    api_client.force_authenticate(olivia)
    url = reverse("projects-api:offer-list")
    codes = [
        api_client.post(
            url, {"title": f"Offer {i}", "kind": "other", "amount": "1"}, format="json"
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 429]
    cache.clear()


@pytest.mark.django_db
def test_bad_input_names_the_field_and_the_fix(api_client, olivia) -> None:
    api_client.force_authenticate(olivia)
    response = api_client.post(reverse("projects-api:project-list"), {"name": "x"}, format="json")
    assert "pitch" in response.json()["error"]["fields"]
    project = make_project(olivia)
    response = api_client.post(
        reverse("projects-api:role-list", args=[project.slug]),
        {"title": "x", "skills": [{"skill": "no-such-skill", "min_level": 2}]},
        format="json",
    )
    assert "no-such-skill" in response.json()["error"]["fields"]["skills"][0]
    response = api_client.post(
        reverse("projects-api:role-list", args=[project.slug]),
        {"title": "x", "skills": [{"skill": "python", "min_level": 2}], "is_remote": False},
        format="json",
    )
    assert "location" in response.json()["error"]["fields"]
    give_skills(olivia, python=3)
    assert topic("python").kind == "skill"


@pytest.mark.django_db
def test_updates_notify_followers_of_public_projects(
    olivia, alice, mallory, django_capture_on_commit_callbacks
) -> None:
    project = make_project(olivia)
    notifications.set_watch_level(
        user=mallory, target_type="projects.project", target_id=project.pk, level="watching"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(project=project, by=olivia, title="Pilot starts", body="Monday")
    row = Notification.objects.get(recipient=mallory, verb="projects.update")
    assert "Pilot starts" in str(row.context) or row.url.endswith(
        f"#update-{project.updates.get().pk}"
    )
    assert not Notification.objects.filter(recipient=alice).exists()


@pytest.mark.django_db
def test_member_data_export_and_erase(olivia, alice) -> None:
    project = make_project(olivia)
    role = make_role(project, olivia)
    services.apply_to_role(role=role, user=alice, message="Hello there")
    exported = services.export_member_data(alice)
    assert exported["applications"][0]["message"] == "Hello there"
    services.erase_member_data(olivia)
    project.refresh_from_db()
    assert project.created_by is None and not project.memberships.filter(user=olivia).exists()
