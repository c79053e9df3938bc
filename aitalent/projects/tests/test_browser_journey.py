"""Done means, in Chromium: create a project, add two roles, find and invite a matching member who
accepts, apply to a compute-credit offer and get it accepted, move tasks on the board without a
page reload (htmx), reach "building"."""

from __future__ import annotations

import pytest

from aitalent.projects import services
from aitalent.projects.models import OfferApplication, Project, Task
from aitalent.projects.tests.factories import give_skills, topic
from conftest import make_member


def login(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_project_journey_in_the_browser(page, live_server, topics, alice, olivia, mallory) -> None:
    give_skills(alice, utc_offset_minutes=60, pytorch=4, mlops=2)
    give_skills(mallory, pytorch=1)
    funder = make_member("funder@example.com", "funder", "Fiona Funder")
    offer = services.create_offer(
        by=funder,
        title="GPU credits for imaging",
        kind="compute",
        amount="2,000 GPU hours",
        domains=[topic("medical-imaging")],
        stages=["idea", "forming", "building"],
    )

    login(page, live_server, "olivia@example.com")
    page.get_by_role("link", name="Projects", exact=True).first.click()
    page.get_by_role("link", name="New project").click()
    page.fill("#id_name", "Imaging triage")
    page.fill("#id_pitch", "Urgent chest X-rays first.")
    page.select_option("#id_domains", ["medical-imaging"])
    page.select_option("#id_timezone", "Europe/Berlin")
    page.get_by_role("button", name="Create project").click()
    page.wait_for_selector("text=Project created")
    project_url = page.url

    for title, skills in [
        ("ML engineer", "PyTorch 4, MLOps 3"),
        ("Clinical liaison", "model-evaluation 2"),
    ]:  # noqa: E501
        page.goto(project_url)
        page.get_by_role("link", name="Add a role").click()
        page.fill("#id_title", title)
        page.fill("#id_skills", skills)
        page.get_by_role("button", name="Add role").click()
        page.wait_for_selector("text=Find people for this role")
        if title == "ML engineer":
            engineer_url = page.url
    page.goto(engineer_url)
    first = page.locator("#candidates .candidate").first
    assert first.get_attribute("data-handle") == "alice"
    reasons = first.inner_text()
    assert "PyTorch 4/4 ✓" in reasons and "MLOps 2/3" in reasons and "timezone overlap" in reasons
    page.get_by_role("button", name="Invite Alice Liddell").click()
    page.wait_for_selector("text=Invitation sent to Alice Liddell")

    login(page, live_server, "alice@example.com")
    page.goto(live_server.url + "/projects/mine/")
    page.get_by_role("button", name="Accept invitation").click()
    page.wait_for_selector("text=Welcome to the team!")
    assert page.url == project_url

    # Alice, a team member, works the board: cards move without a page reload.
    page.get_by_role("link", name="Task board").click()
    page.evaluate("window.__same_page = true")
    page.fill("#id_title", "Train the baseline")
    page.get_by_role("button", name="Add task").click()
    page.locator('[data-column="todo"] >> text=Train the baseline').wait_for()
    page.get_by_role("button", name="Move “Train the baseline” to Doing").click()
    page.locator('[data-column="doing"] >> text=Train the baseline').wait_for()
    page.get_by_role("button", name="Move “Train the baseline” to Done").click()
    page.locator('[data-column="done"] >> text=Train the baseline').wait_for()
    assert page.evaluate("window.__same_page") is True

    login(page, live_server, "olivia@example.com")
    page.goto(live_server.url + offer.get_absolute_url())
    page.fill("#id_case", "We need GPUs to train the triage model.")
    page.get_by_role("button", name="Apply", exact=True).click()
    page.wait_for_selector("text=Application sent to the offerer")

    login(page, live_server, "funder@example.com")
    page.goto(live_server.url + offer.get_absolute_url())
    page.get_by_role("button", name="Accept").click()
    page.locator(".application-status", has_text="Accepted").wait_for()

    login(page, live_server, "olivia@example.com")
    page.goto(project_url)
    assert "GPU credits for imaging" in page.locator("#accepted-offers").inner_text()
    for stage in ("forming", "building"):
        page.select_option("#stage-select", stage)
        page.get_by_role("button", name="Move to stage").click()
        page.wait_for_selector("text=Stage updated")
    assert page.locator("#project-stage").inner_text() == "Building"
    assert "moved the project to “Building”" in page.locator("#timeline").inner_text()

    project = Project.objects.get(name="Imaging triage")
    assert project.stage == "building"
    assert project.roles.count() == 2
    assert project.memberships.filter(user=alice, role__title="ML engineer").exists()
    assert Task.objects.get(project=project).status == "done"
    assert OfferApplication.objects.get(project=project).status == "accepted"
