"""API: anonymous, strangers (not enrolled), bad input; search indexing of published courses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.courses import services
from aitalent.courses.tests.factories import build_course

pytestmark = pytest.mark.django_db


def test_anonymous_readers_browse_but_cannot_learn(api_client, olivia) -> None:
    built = build_course(by=olivia)
    listed = api_client.get(reverse("courses-api:list")).json()["results"]
    assert [c["slug"] for c in listed] == [built.course.slug] and listed[0]["is_next_step"] is False
    assert (
        api_client.get(reverse("courses-api:detail", args=[built.course.slug])).status_code == 200
    )
    for method, url in (
        ("post", reverse("courses-api:enroll", args=[built.course.slug])),
        ("get", reverse("courses-api:progress", args=[built.course.slug])),
        ("post", reverse("courses-api:quiz-attempts", args=[built.quiz.pk])),
        ("post", reverse("courses-api:lesson-complete", args=[built.lessons[0].pk])),
        ("get", reverse("courses-api:certificates")),
        ("get", reverse("courses-api:mine")),
    ):
        assert getattr(api_client, method)(url).status_code in (401, 403), url


def test_strangers_must_enroll_before_progress_or_attempts(api_client, olivia, mallory) -> None:
    built = build_course(by=olivia)
    api_client.force_authenticate(mallory)
    assert (
        api_client.get(reverse("courses-api:progress", args=[built.course.slug])).status_code == 404
    )
    attempt = api_client.post(
        reverse("courses-api:quiz-attempts", args=[built.quiz.pk]),
        {"answers": [{"question": built.single.pk, "response": ["1"]}]},
        format="json",
    )
    assert attempt.status_code == 400 and "Enroll" in attempt.json()["error"]["message"]
    done = api_client.post(reverse("courses-api:lesson-complete", args=[built.lessons[0].pk]))
    assert done.status_code == 400
    assert api_client.get(reverse("courses-api:certificates")).json() == []


def test_bad_answers_are_refused_with_the_field(api_client, olivia, alice) -> None:
    built = build_course(by=olivia)
    services.enroll(course=built.course, user=alice)
    api_client.force_authenticate(alice)
    url = reverse("courses-api:quiz-attempts", args=[built.quiz.pk])
    missing = api_client.post(url, {}, format="json")
    assert missing.status_code == 400 and "answers" in missing.json()["error"]["fields"]
    typed = api_client.post(
        url, {"answers": [{"question": built.numeric.pk, "response": ["lots"]}]}, format="json"
    ).json()
    numeric = next(r for r in typed["results"] if r["question"] == built.numeric.pk)
    assert not numeric["is_correct"] and "Enter a number" in numeric["problem"]
    assert api_client.get(reverse("courses-api:detail", args=["no-such-course"])).status_code == 404


def test_published_courses_are_searchable_and_drafts_are_not(
    olivia, django_capture_on_commit_callbacks
) -> None:
    from aitalent.search.models import Document

    with django_capture_on_commit_callbacks(execute=True):
        built = build_course(by=olivia)
        draft = build_course(by=olivia, title="Secret draft", publish=False)
    assert Document.objects.filter(doc_type="courses.course", object_id=built.course.pk).exists()
    assert not Document.objects.filter(
        doc_type="courses.course", object_id=draft.course.pk
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(course=built.course, by=olivia, status="draft")
    assert not Document.objects.filter(
        doc_type="courses.course", object_id=built.course.pk
    ).exists()
