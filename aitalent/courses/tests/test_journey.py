"""Issue 10's "done means": a new member finds a course at the right level, enrolls, works through
the lessons, fails then passes the quiz, completes the course, gets a certificate, verifies it
logged out and sees the skill's evidenced level go up on the profile. In Chromium and by API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.courses import services
from aitalent.courses.models import Certificate
from aitalent.courses.tests.factories import SECRET_EXPLANATION, SECRET_FEEDBACK, build_course
from aitalent.people.models import ProfileSkill


def _setup(olivia, alice):
    built = build_course(by=olivia)
    advanced = build_course(by=olivia, title="Advanced model tuning", level="advanced",
                            competencies=[("machine-learning", 4)])  # fmt: skip
    services.set_requirements(
        course=advanced.course, by=olivia, courses=[built.course], topics=[("machine-learning", 3)]
    )
    from aitalent.core.models import Topic

    ProfileSkill.objects.create(
        profile=alice.profile, topic=Topic.objects.get(slug="machine-learning"), level=2
    )
    return built, advanced


def login(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")


def _answer(page, built, answers) -> None:
    for question, values in answers.items():
        kind = {built.single.pk: "c", built.multiple.pk: "c"}.get(question)
        if kind:
            for value in values:
                page.check(f"#c-{value}")
        else:
            page.fill(f"input[name='q-{question}']", values[0])
    page.get_by_role("button", name="Submit answers").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_learning_journey_in_the_browser(page, live_server, topics, alice, olivia) -> None:
    built, advanced = _setup(olivia, alice)
    login(page, live_server, "alice@example.com")

    page.get_by_role("link", name="Courses", exact=True).first.click()
    print("URL", page.url)
    print(page.content()[-6000:])
    next_steps = page.locator("#next-steps")
    assert built.course.title in next_steps.inner_text()
    assert advanced.course.title not in next_steps.inner_text()  # needs ML level 3 first
    page.select_option("#f-level", "beginner")
    page.get_by_role("button", name="Filter").click()
    page.locator("main").get_by_role("link", name=built.course.title).first.click()
    page.get_by_role("button", name="Enroll for free").click()

    # lesson 1: text, highlighted code, math and a click-to-load video
    assert page.locator(".lesson-body pre.highlight").count() == 1
    assert page.locator(".video-facade").count() == 1
    page.get_by_role("button", name="Mark complete and continue").click()
    page.get_by_role("button", name="Mark complete and continue").click()
    # lesson 3: the quiz; nothing on the page gives the answers away
    html = page.content()
    assert SECRET_FEEDBACK not in html and SECRET_EXPLANATION not in html
    assert "0.3125" not in html and "grad(ient)" not in html
    _answer(page, built, built.wrong_answers())
    page.locator("#quiz-result", has_text="Not passed").wait_for()
    assert SECRET_EXPLANATION not in page.content()
    _answer(page, built, built.correct_answers())
    page.locator("#quiz-result", has_text="Passed with").wait_for()

    page.goto(live_server.url + built.course.get_absolute_url())
    page.get_by_role("link", name="View certificate").click()
    cert_url = page.url
    assert "Alice Liddell" in page.locator("#holder").inner_text()

    page.goto(live_server.url + "/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()
    page.goto(cert_url)  # a logged-out visitor verifies the certificate
    assert "Alice Liddell" in page.locator("#holder").inner_text()
    assert built.course.title in page.content()
    page.goto(live_server.url + reverse("people:profile", args=["alice"]))
    assert "Evidenced: 2/5" in page.content()


@pytest.mark.django_db
def test_learning_journey_through_the_api(
    api_client, alice, olivia, django_capture_on_commit_callbacks
) -> None:
    built, advanced = _setup(olivia, alice)
    api_client.force_authenticate(alice)
    found = api_client.get(reverse("courses-api:list"), {"next_step": "1"}).json()["results"]
    assert [c["slug"] for c in found] == [built.course.slug]
    detail = api_client.get(reverse("courses-api:detail", args=[advanced.course.slug])).json()
    assert [n["kind"] for n in detail["needs"]] == ["course", "topic"]  # what you need first
    refused = api_client.post(reverse("courses-api:enroll", args=[advanced.course.slug]))
    assert refused.status_code == 400 and "prerequisites" in refused.json()["error"]["fields"]

    assert (
        api_client.post(reverse("courses-api:enroll", args=[built.course.slug])).status_code == 201
    )
    for lesson in built.lessons[:2]:
        assert api_client.get(reverse("courses-api:lesson", args=[lesson.pk])).status_code == 200
        api_client.post(reverse("courses-api:lesson-complete", args=[lesson.pk]))
    progress = api_client.get(reverse("courses-api:progress", args=[built.course.slug])).json()
    assert progress["percent"] == 67 and progress["resume_lesson"] == built.lessons[2].pk

    lesson = api_client.get(reverse("courses-api:lesson", args=[built.lessons[2].pk]))
    assert (
        SECRET_FEEDBACK not in lesson.content.decode() and "0.3125" not in lesson.content.decode()
    )
    url = reverse("courses-api:quiz-attempts", args=[built.quiz.pk])
    wrong = [{"question": q, "response": r} for q, r in built.wrong_answers().items()]
    failed = api_client.post(url, {"answers": wrong}, format="json")
    assert failed.status_code == 201
    body = failed.json()
    assert body["is_passed"] is False and body["attempts_left"] == 2
    assert SECRET_EXPLANATION not in failed.content.decode()
    assert SECRET_FEEDBACK not in failed.content.decode()

    right = [{"question": q, "response": r} for q, r in built.correct_answers().items()]
    with django_capture_on_commit_callbacks(execute=True):
        passed = api_client.post(url, {"answers": right}, format="json").json()
    assert passed["is_passed"] and passed["score"] == "100.00"
    assert passed["course_completed"] and passed["certificate"]

    api_client.force_authenticate(None)
    verified = api_client.get(
        reverse("courses-api:certificate-verify", args=[passed["certificate"]])
    )
    assert verified.status_code == 200 and verified.json()["holder_name"] == "Alice Liddell"
    assert verified.json()["competencies"][0]["level"] == 2
    person = api_client.get(reverse("people-api:detail", args=["alice"])).json()
    ml = next(s for s in person["skills"] if s["skill"] == "machine-learning")
    assert ml["evidenced_level"] == 2
    assert Certificate.objects.filter(user=alice).count() == 1
