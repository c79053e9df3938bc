"""Answer keys never leave the server before grading; attempt limits hold under races; drafts,
forged and revoked certificates show nothing."""

from __future__ import annotations

import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from aitalent.courses import services
from aitalent.courses.models import Certificate, QuizAttempt
from aitalent.courses.tests.factories import (
    NUMERIC_ANSWER,
    SECRET_EXPLANATION,
    SECRET_FEEDBACK,
    TEXT_PATTERN,
    build_course,
)

pytestmark = pytest.mark.django_db
KEYS = (SECRET_FEEDBACK, SECRET_EXPLANATION, NUMERIC_ANSWER, TEXT_PATTERN, "is_correct",
        "numeric_answer", "tolerance", "text_answers")  # fmt: skip


def assert_no_keys(text: str) -> None:
    for key in KEYS:
        assert key not in text, key


def _enrolled(olivia, alice, **kwargs):
    built = build_course(by=olivia, **kwargs)
    services.enroll(course=built.course, user=alice)
    return built


def test_no_page_or_api_shows_answer_keys_before_grading(client, api_client, olivia, alice) -> None:
    built = _enrolled(olivia, alice)
    client.force_login(alice)
    api_client.force_authenticate(alice)
    slug, quiz_lesson = built.course.slug, built.lessons[2]
    pages = [
        client.get(reverse("courses:index")),
        client.get(reverse("courses:detail", args=[slug])),
        client.get(reverse("courses:lesson", args=[slug, quiz_lesson.pk])),
        api_client.get(reverse("courses-api:detail", args=[slug])),
        api_client.get(reverse("courses-api:lesson", args=[quiz_lesson.pk])),
        api_client.get(reverse("courses-api:progress", args=[slug])),
        api_client.get(reverse("courses-api:list")),
    ]
    for response in pages:
        assert response.status_code == 200
        assert_no_keys(response.content.decode())
    lesson = pages[4].json()
    assert set(lesson["quiz"]["questions"][0]["choices"][0]) == {"id", "text"}


def test_a_failed_attempt_reveals_no_keys_in_html_api_or_errors(
    client, api_client, olivia, alice
) -> None:
    built = _enrolled(olivia, alice)
    client.force_login(alice)
    slug, lesson = built.course.slug, built.lessons[2]
    data = {f"q-{q}": v for q, v in built.wrong_answers().items()}
    html = client.post(reverse("courses:quiz-submit", args=[slug, lesson.pk]), data)
    assert html.status_code == 200 and "Not passed" in html.content.decode()
    assert_no_keys(html.content.decode())
    htmx = client.post(reverse("courses:quiz-submit", args=[slug, lesson.pk]), data,
                       HTTP_HX_REQUEST="true")  # fmt: skip
    assert_no_keys(htmx.content.decode())

    api_client.force_authenticate(alice)
    url = reverse("courses-api:quiz-attempts", args=[built.quiz.pk])
    bogus = api_client.post(
        url, {"answers": [{"question": 999999, "response": ["1"]}]}, format="json"
    )
    assert bogus.status_code == 400
    assert_no_keys(bogus.content.decode())
    malformed = api_client.post(url, {"answers": "all of them"}, format="json")
    assert malformed.status_code == 400 and "answers" in malformed.json()["error"]["fields"]
    export = json.dumps(services.export_member_data(alice), default=str)
    assert SECRET_EXPLANATION not in export and NUMERIC_ANSWER not in export


def test_explanations_show_once_attempts_are_used_up(api_client, olivia, alice) -> None:
    built = _enrolled(olivia, alice, max_attempts=1)
    api_client.force_authenticate(alice)
    url = reverse("courses-api:quiz-attempts", args=[built.quiz.pk])
    wrong = [{"question": q, "response": r} for q, r in built.wrong_answers().items()]
    last = api_client.post(url, {"answers": wrong}, format="json").json()
    assert last["attempts_left"] == 0 and SECRET_EXPLANATION in json.dumps(last)


def test_attempts_beyond_the_limit_are_refused(api_client, olivia, alice) -> None:
    built = _enrolled(olivia, alice, max_attempts=2)
    api_client.force_authenticate(alice)
    url = reverse("courses-api:quiz-attempts", args=[built.quiz.pk])
    wrong = [{"question": q, "response": r} for q, r in built.wrong_answers().items()]
    assert api_client.post(url, {"answers": wrong}, format="json").status_code == 201
    assert api_client.post(url, {"answers": wrong}, format="json").status_code == 201
    refused = api_client.post(url, {"answers": wrong}, format="json")
    assert refused.status_code == 400 and "attempts" in refused.json()["error"]["message"]
    assert_no_keys(refused.content.decode())
    assert QuizAttempt.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_for_the_last_attempt_lets_exactly_one_through(topics, olivia, alice) -> None:
    built = _enrolled(olivia, alice, max_attempts=1)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            barrier.wait()
            services.submit_attempt(quiz=built.quiz, user=alice, answers=built.wrong_answers())
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert QuizAttempt.objects.filter(quiz=built.quiz).count() == 1


def test_drafts_are_invisible_to_learners_and_visitors(client, api_client, olivia, alice) -> None:
    built = build_course(by=olivia, publish=False)
    slug = built.course.slug
    for user in (None, alice):
        if user:
            client.force_login(user)
            api_client.force_authenticate(user)
        assert built.course.title not in client.get(reverse("courses:index")).content.decode()
        assert client.get(reverse("courses:detail", args=[slug])).status_code == 404
        assert (
            client.get(reverse("courses:lesson", args=[slug, built.lessons[0].pk])).status_code
            == 404
        )
        assert api_client.get(reverse("courses-api:detail", args=[slug])).status_code == 404
        assert (
            api_client.get(reverse("courses-api:lesson", args=[built.lessons[0].pk])).status_code
            == 404
        )
    with pytest.raises(ValidationError):
        services.enroll(course=built.course, user=alice)
    client.force_login(olivia)
    assert client.get(reverse("courses:detail", args=[slug])).status_code == 200


def _certified(olivia, alice, django_capture_on_commit_callbacks) -> Certificate:
    built = _enrolled(olivia, alice)
    for lesson in built.lessons[:2]:
        services.complete_lesson(lesson=lesson, user=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_attempt(quiz=built.quiz, user=alice, answers=built.correct_answers())
    return Certificate.objects.get(user=alice)


def test_forged_and_revoked_certificates_show_nothing(
    client, api_client, olivia, alice, mallory, django_capture_on_commit_callbacks
) -> None:
    cert = _certified(olivia, alice, django_capture_on_commit_callbacks)
    assert len(cert.public_id) >= 32  # unguessable: 192 random bits
    ok = client.get(reverse("courses:certificate", args=[cert.public_id]))
    assert ok.status_code == 200 and "Alice Liddell" in ok.content.decode()
    assert client.get(reverse("courses:certificate-pdf", args=[cert.public_id]))[
        "Content-Type"] == "application/pdf"  # fmt: skip
    badge = client.get(reverse("courses:certificate-assertion", args=[cert.public_id])).json()
    assert badge["type"] == "Assertion" and badge["recipient"]["hashed"] is True
    assert "alice@example.com" not in json.dumps(badge)
    forged = cert.public_id[:-2] + ("AA" if not cert.public_id.endswith("AA") else "BB")
    for public_id in (forged, "1", "0" * 32):
        assert client.get(reverse("courses:certificate", args=[public_id])).status_code == 404
        assert (
            api_client.get(reverse("courses-api:certificate-verify", args=[public_id])).status_code
            == 404
        )

    client.force_login(mallory)
    refused = client.post(
        reverse("courses:certificate-revoke", args=[cert.public_id]), {"reason": "x"}
    )
    assert refused.status_code == 403
    client.force_login(olivia)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:certificate-revoke", args=[cert.public_id]), {"reason": "Plagiarism"}
        )
    client.logout()
    page = client.get(reverse("courses:certificate", args=[cert.public_id]))
    assert page.status_code == 404 and "Alice" not in page.content.decode()
    assert client.get(reverse("courses:certificate-pdf", args=[cert.public_id])).status_code == 404
    assert (
        api_client.get(reverse("courses-api:certificate-verify", args=[cert.public_id])).status_code
        == 404
    )
    gone = client.get(reverse("courses:certificate-assertion", args=[cert.public_id]))
    assert gone.status_code == 410 and gone.json() == {**gone.json(), "revoked": True}
    assert "recipient" not in gone.json()
    skill = alice.profile.skills.get(topic__slug="machine-learning")
    assert skill.evidenced_level == 0  # the revoked certificate no longer counts


def test_completion_adds_the_skill_and_raises_its_evidenced_level(
    olivia, alice, django_capture_on_commit_callbacks
) -> None:
    assert not alice.profile.skills.exists()
    cert = _certified(olivia, alice, django_capture_on_commit_callbacks)
    skill = alice.profile.skills.get(topic__slug="machine-learning")
    assert skill.evidenced_level == 2 and skill.level == 2
    assert cert.competencies[0]["topic"] == "machine-learning"
    from aitalent.activity.models import Reputation

    assert (
        Reputation.objects.get(user=alice, category="courses").points == services.COMPLETION_POINTS
    )


def test_the_pdf_embeds_a_cjk_font_for_chinese_text(
    olivia, alice, django_capture_on_commit_callbacks
) -> None:
    from aitalent.courses import certificates

    cert = _certified(olivia, alice, django_capture_on_commit_callbacks)
    cert.course.title = "推荐系统实战"
    cert.holder_name = "李雷"
    data = certificates.render_pdf(cert=cert, verify_url="https://example.com/c/x")
    assert data.startswith(b"%PDF") and b"STSong-Light" in data


def test_the_discussion_of_a_draft_course_is_hidden_in_the_forum(client, olivia, alice) -> None:
    built = build_course(by=olivia, publish=False)
    thread = services.discussion_thread(lesson=built.lessons[0])
    client.force_login(alice)
    assert client.get(reverse("forum:thread", args=[thread.slug])).status_code == 404
    client.force_login(olivia)
    assert client.get(reverse("forum:thread", args=[thread.slug])).status_code in (200, 302)
