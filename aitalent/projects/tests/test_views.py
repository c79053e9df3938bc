"""Pages: happy path, anonymous, stranger, bad input, htmx, query budgets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.projects import services
from aitalent.projects.models import Task
from aitalent.projects.tests.factories import make_project, make_role


@pytest.mark.django_db
def test_pages_render_for_members_and_visitors(client, olivia, alice) -> None:
    project = make_project(olivia)
    role = make_role(project, olivia)
    services.create_offer(by=alice, title="Mentoring", kind="mentoring", amount="10 h")
    urls = [
        reverse("projects:index"),
        reverse("projects:skills"),
        reverse("projects:offers"),
        project.get_absolute_url(),
        reverse("projects:board", args=[project.slug]),
        reverse("projects:role-detail", args=[project.slug, role.pk]),
        reverse("projects:project-offers", args=[project.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    for url in [
        reverse("projects:create"),
        reverse("projects:mine"),
        reverse("projects:formation"),
    ]:
        assert client.get(url).status_code == 302, url  # visitors log in first
    client.force_login(olivia)
    for url in urls + [
        reverse("projects:create"),
        reverse("projects:mine"),
        reverse("projects:formation"),
        reverse("projects:for-you"),
    ]:
        assert client.get(url).status_code == 200, url
    assert client.post(reverse("projects:index")).status_code == 405


@pytest.mark.django_db
def test_the_directory_filters_and_keeps_its_query_budget(
    client, olivia, django_assert_max_num_queries
) -> None:
    for i in range(12):
        project = make_project(olivia, name=f"Project {i}")
        make_role(project, olivia, f"Role {i}")
    services.create_project(creator=olivia, name="Tutor bot", pitch="Helps students", stage="pilot")
    with django_assert_max_num_queries(16):
        page = client.get(
            reverse("projects:index") + "?open=1&skill=pytorch&domain=medical-imaging"
        )
    html = page.content.decode()
    assert "Project 3" in html and "Tutor bot" not in html
    assert "Tutor bot" in client.get(reverse("projects:index") + "?stage=pilot").content.decode()
    assert "Tutor bot" in client.get(reverse("projects:index") + "?q=students").content.decode()


@pytest.mark.django_db
def test_project_form_names_the_field_and_the_fix(client, olivia) -> None:
    client.force_login(olivia)
    response = client.post(reverse("projects:create"), {"name": "X", "media": "not a link"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "pitch" in form.errors and "https://" in form.errors["media"][0]
    project = make_project(olivia)
    response = client.post(
        reverse("projects:role-create", args=[project.slug]),
        {"title": "X", "skills": "Basket weaving 3", "slots": 1, "hours_per_week": 5},
    )
    assert "Basket weaving" in response.context["form"].errors["skills"][0]


@pytest.mark.django_db
def test_strangers_cannot_manage_a_public_project(client, olivia, mallory) -> None:
    project = make_project(olivia)
    role = make_role(project, olivia)
    client.force_login(mallory)
    assert client.get(reverse("projects:edit", args=[project.slug])).status_code == 403
    assert client.get(reverse("projects:role-create", args=[project.slug])).status_code == 403
    assert (
        client.post(reverse("projects:stage", args=[project.slug]), {"stage": "pilot"}).status_code
        == 403
    )  # noqa: E501
    assert (
        client.post(
            reverse("projects:invite", args=[project.slug]), {"handle": "alice"}
        ).status_code
        == 403
    )  # noqa: E501
    task = services.create_task(project=project, by=olivia, title="T")
    assert (
        client.post(reverse("projects:task-move", args=[task.pk]), {"status": "done"}).status_code
        == 403
    )  # noqa: E501
    # The role page shows no candidate list to non-maintainers.
    assert (
        "Find people for this role"
        not in client.get(
            reverse("projects:role-detail", args=[project.slug, role.pk])
        ).content.decode()
    )


@pytest.mark.django_db
def test_board_moves_answer_htmx_with_the_board(client, olivia) -> None:
    project = make_project(olivia)
    task = services.create_task(project=project, by=olivia, title="Collect scans")
    client.force_login(olivia)
    response = client.post(
        reverse("projects:task-move", args=[task.pk]),
        {"status": "doing"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and b'id="board"' in response.content
    assert b"<html" not in response.content
    task.refresh_from_db()
    assert task.status == Task.Status.DOING
    bad = client.post(
        reverse("projects:task-move", args=[task.pk]),
        {"status": "lost"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 200
    task.refresh_from_db()
    assert task.status == Task.Status.DOING
    created = client.post(
        reverse("projects:task-create", args=[project.slug]),
        {"title": ""},
        headers={"HX-Request": "true"},
    )
    assert b"This field is required" in created.content


@pytest.mark.django_db
def test_milestone_progress_comes_from_its_tasks(client, olivia) -> None:
    project = make_project(olivia)
    milestone = services.create_milestone(project=project, by=olivia, title="MVP")
    for i, status in enumerate(["done", "done", "todo", "doing"]):
        services.create_task(
            project=project, by=olivia, title=f"T{i}", milestone=milestone, status=status
        )
    response = client.get(project.get_absolute_url())
    assert response.context["milestones"][0].progress == 50


@pytest.mark.django_db
def test_the_project_page_keeps_its_query_budget(client, olivia, django_assert_max_num_queries):
    from conftest import make_member

    project = make_project(olivia)
    roles = [make_role(project, olivia, f"Role {i}") for i in range(3)]
    for i in range(6):
        person = make_member(f"p{i}@example.com", f"p{i}", f"Person {i}")
        if i < 3:
            invitation = services.invite_member(project=project, by=olivia, invitee=person)
            services.respond_to_invitation(invitation=invitation, by=person, accept=True)
        else:
            services.apply_to_role(role=roles[i - 3], user=person, message="Hello")
    milestone = services.create_milestone(project=project, by=olivia, title="MVP")
    for i in range(5):
        services.create_task(project=project, by=olivia, title=f"T{i}", milestone=milestone)
    services.post_update(project=project, by=olivia, title="News", body="Body")
    client.get(project.get_absolute_url())  # creates the discussion thread once
    with django_assert_max_num_queries(45):
        visitor = client.get(project.get_absolute_url())
    assert visitor.status_code == 200
    client.force_login(olivia)
    with django_assert_max_num_queries(60):
        maintainer = client.get(project.get_absolute_url())
    assert len(maintainer.context["applications"]) == 3
