"""Pages: happy path, wrong method, anonymous, stranger, bad input, htmx, query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aitalent.courses import selectors, services
from aitalent.courses.models import Course, Lesson, Module, Question
from aitalent.courses.tests.factories import build_course

pytestmark = pytest.mark.django_db


def test_catalog_lists_published_courses_with_filters(
    client, olivia, django_assert_max_num_queries
) -> None:
    built = build_course(by=olivia)
    build_course(by=olivia, title="Draft course", publish=False)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("courses:index"), {"level": "beginner"})
    assert built.course.title in page.content.decode()
    assert "Draft course" not in page.content.decode()
    assert (
        built.course.title
        not in client.get(reverse("courses:index"), {"level": "advanced"}).content.decode()
    )
    assert client.get(reverse("courses:index"), {"level": "bogus", "page": "x"}).status_code == 200


def test_catalog_query_count_does_not_grow_with_courses(client, olivia, alice) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    counts = []
    for batch in (2, 4):
        for i in range(batch):
            build_course(by=olivia, title=f"Course {batch}-{i}")
        client.get(reverse("courses:index"))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("courses:index")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 30


def test_course_and_lesson_pages(client, olivia, alice, django_assert_max_num_queries) -> None:
    built = build_course(by=olivia)
    slug = built.course.slug
    assert client.get(reverse("courses:detail", args=[slug])).status_code == 200
    client.force_login(alice)
    assert client.get(reverse("courses:enroll", args=[slug])).status_code == 405
    response = client.post(reverse("courses:enroll", args=[slug]))
    assert response.url == built.lessons[0].get_absolute_url()
    with django_assert_max_num_queries(50):  # the first view also creates the discussion thread
        lesson = client.get(built.lessons[0].get_absolute_url())
    html = lesson.content.decode()
    assert 'class="highlight"' in html and "youtube-nocookie.com/embed/aircAruvnKk" in html
    assert 'class="math inline"' in html
    # the quiz lesson cannot be marked complete before passing
    response = client.post(
        reverse("courses:lesson-complete", args=[slug, built.lessons[2].pk]), follow=True
    )
    assert "Pass this lesson" in response.content.decode()
    detail = client.get(reverse("courses:detail", args=[slug])).content.decode()
    assert "Start the first lesson" in detail or "Resume" in detail


def test_anonymous_visitors_are_sent_to_log_in(client, olivia) -> None:
    built = build_course(by=olivia)
    slug = built.course.slug
    for url in (
        reverse("courses:enroll", args=[slug]),
        reverse("courses:quiz-submit", args=[slug, built.lessons[2].pk]),
        reverse("courses:manage", args=[slug]),
        reverse("courses:mine"),
        reverse("courses:create"),
    ):
        response = (
            client.post(url)
            if "manage" not in url and "mine" not in url and "new" not in url
            else client.get(url)
        )
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_strangers_cannot_author_or_see_the_instructor_view(client, olivia, mallory) -> None:
    built = build_course(by=olivia)
    slug, lesson = built.course.slug, built.lessons[0]
    client.force_login(mallory)
    assert client.get(reverse("courses:create")).status_code == 403
    assert client.get(reverse("courses:manage", args=[slug])).status_code == 403
    assert client.get(reverse("courses:edit", args=[slug])).status_code == 403
    assert (
        client.post(reverse("courses:module-add", args=[slug]), {"title": "x"}).status_code == 403
    )
    assert client.get(reverse("courses:lesson-edit", args=[slug, lesson.pk])).status_code == 403
    assert (
        client.post(reverse("courses:status", args=[slug]), {"status": "draft"}).status_code == 403
    )
    assert (
        client.post(reverse("courses:post-endorse", args=[slug, lesson.pk, 1])).status_code == 403
    )
    assert Module.objects.filter(course=built.course).count() == 2


def test_an_instructor_authors_a_course_end_to_end(client, olivia) -> None:
    client.force_login(olivia)
    bad = client.post(reverse("courses:create"), {"title": "", "competencies": "no-such-topic: 2"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "This field is required" in html and "Unknown topic" in html
    response = client.post(
        reverse("courses:create"),
        {
            "title": "Intro to clustering",
            "summary": "k-means and friends",
            "level": "beginner",
            "language": "en",
            "estimated_hours": 2,
            "topics": ["clustering"],
            "competencies": "clustering: 2",
        },
    )
    course = Course.objects.get(title="Intro to clustering")
    assert response.url == reverse("courses:manage", args=[course.slug])
    assert course.status == "draft" and course.competencies.get().level == 2
    # publishing an empty course explains what is missing
    page = client.post(
        reverse("courses:status", args=[course.slug]), {"status": "published"}, follow=True
    )
    assert "Add at least one lesson" in page.content.decode()
    client.post(reverse("courses:module-add", args=[course.slug]), {"title": "Basics"})
    module = course.modules.get()
    bad_video = client.post(
        reverse("courses:lesson-add", args=[course.slug, module.pk]),
        {"title": "k-means", "body": "Assign, then update.", "video_url": "https://evil.example.com/v",
         "estimated_minutes": 10},
    )  # fmt: skip
    assert "YouTube or Bilibili" in bad_video.content.decode()
    client.post(
        reverse("courses:lesson-add", args=[course.slug, module.pk]),
        {"title": "k-means", "body": "Assign, then update.", "estimated_minutes": 10},
    )
    lesson = Lesson.objects.get(module=module)
    url = reverse("courses:question-add", args=[course.slug, lesson.pk])
    two_correct = client.post(
        url,
        {"kind": "single", "prompt": "Pick", "choices": "[x] a\n[x] b", "points": 1},
        follow=True,
    )
    assert "exactly one correct choice" in two_correct.content.decode()
    bad_pattern = client.post(url, {"kind": "text", "prompt": "Name it", "text_answers": "k-(means",
                                    "text_mode": "pattern", "points": 1}, follow=True)  # fmt: skip
    assert "is not valid" in bad_pattern.content.decode()
    choices = "[x] the number of clusters | Right\n[ ] the iterations"
    client.post(
        url, {"kind": "single", "prompt": "k in k-means is", "points": 1, "choices": choices}
    )
    assert Question.objects.filter(quiz__lesson=lesson).count() == 1
    upload = SimpleUploadedFile("notes.txt", b"k-means notes")
    client.post(
        reverse("courses:attachment-add", args=[course.slug, lesson.pk]),
        {"title": "Notes", "file": upload},
    )
    download = client.get(
        reverse("courses:attachment", args=[course.slug, lesson.pk, lesson.attachments.get().pk])
    )
    assert b"".join(download.streaming_content) == b"k-means notes"
    client.post(reverse("courses:module-add", args=[course.slug]), {"title": "Advanced"})
    second = course.modules.get(title="Advanced")
    client.post(reverse("courses:module-move", args=[course.slug, second.pk]), {"dir": "up"})
    assert list(course.modules.values_list("title", flat=True)) == ["Advanced", "Basics"]
    client.post(reverse("courses:status", args=[course.slug]), {"status": "published"})
    course.refresh_from_db()
    assert course.is_published and course.published_at


def test_quiz_by_htmx_returns_the_partial(client, olivia, alice) -> None:
    built = build_course(by=olivia)
    services.enroll(course=built.course, user=alice)
    client.force_login(alice)
    data = {f"q-{q}": v for q, v in built.correct_answers().items()}
    response = client.post(
        reverse("courses:quiz-submit", args=[built.course.slug, built.lessons[2].pk]),
        data,
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Passed with 100.00%" in html and "<html" not in html


def test_instructor_view_shows_funnel_stats_and_unanswered_questions(
    client, olivia, alice, mallory
) -> None:
    from aitalent.forum import services as forum

    built = build_course(by=olivia)
    services.enroll(course=built.course, user=alice)
    services.complete_lesson(lesson=built.lessons[0], user=alice)
    services.submit_attempt(quiz=built.quiz, user=alice, answers=built.wrong_answers())
    thread = services.discussion_thread(lesson=built.lessons[0])
    asked = forum.reply(thread=thread, author=alice, body="How do I choose the learning rate?")
    client.force_login(olivia)
    page = client.get(reverse("courses:manage", args=[built.course.slug])).content.decode()
    assert "How do I choose the learning rate?" in page
    assert "Which loss suits regression?" in page and "100%" in page  # missed by everyone
    answer = forum.reply(thread=thread, author=mallory, body="Start at 1e-3 and watch the loss.")
    client.post(
        reverse("courses:post-endorse", args=[built.course.slug, built.lessons[0].pk, answer.pk])
    )
    assert selectors.unanswered_questions(course=built.course) == []
    lesson_page = client.get(built.lessons[0].get_absolute_url()).content.decode()
    assert "Endorsed by the instructor" in lesson_page
    # only replies in this lesson's discussion can be endorsed
    response = client.post(
        reverse("courses:post-endorse", args=[built.course.slug, built.lessons[1].pk, asked.pk]),
        follow=True,
    )
    assert "Only a reply in this lesson" in response.content.decode()
    del asked


def test_learning_paths_and_my_learning(client, olivia, alice) -> None:
    built = build_course(by=olivia)
    path = services.create_path(
        by=olivia,
        title="Zero to ML",
        steps=[
            {"course": built.course},
            {"title": "Practice competition", "url": "https://example.com/c"},
        ],
    )
    assert "Zero to ML" in client.get(reverse("courses:paths")).content.decode()
    html = client.get(path.get_absolute_url()).content.decode()
    assert built.course.title in html and "Practice competition" in html
    assert client.get(reverse("courses:path", args=["nope"])).status_code == 404
    client.force_login(alice)
    assert "not enrolled in any course" in client.get(reverse("courses:mine")).content.decode()
    services.enroll(course=built.course, user=alice)
    assert built.course.title in client.get(reverse("courses:mine")).content.decode()


def test_badge_class_and_issuer_are_public_json(client, olivia) -> None:
    built = build_course(by=olivia)
    badge = client.get(reverse("courses:badge-class", args=[built.course.slug])).json()
    assert badge["type"] == "BadgeClass" and badge["issuer"].endswith("/courses/badges/issuer.json")
    assert client.get(reverse("courses:badge-issuer")).json()["type"] == "Issuer"
    assert (
        client.get(reverse("courses:badge-image", args=[built.course.slug]))["Content-Type"]
        == "image/svg+xml"
    )


def test_lesson_page_query_count_does_not_grow_with_the_outline(client, olivia, alice) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    built = build_course(by=olivia)
    services.enroll(course=built.course, user=alice)
    client.force_login(alice)
    url = built.lessons[0].get_absolute_url()
    counts = []
    for _round in range(2):
        client.get(url)  # warm: the discussion thread exists after the first view
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
        module = services.add_module(course=built.course, by=olivia, title="More")
        for i in range(4):
            services.add_lesson(module=module, by=olivia, title=f"Extra {i}", body="Text")
    assert counts[0] == counts[1] and counts[0] <= 40


def test_sections_on_profile_topic_and_home(
    client, olivia, alice, django_capture_on_commit_callbacks
) -> None:
    built = build_course(by=olivia)
    client.force_login(alice)
    home = client.get("/").content.decode()
    assert "Your next course" in home and built.course.title in home
    topic = client.get(reverse("core:topic-detail", args=["machine-learning"])).content.decode()
    assert built.course.title in topic
    services.enroll(course=built.course, user=alice)
    for lesson in built.lessons[:2]:
        services.complete_lesson(lesson=lesson, user=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_attempt(quiz=built.quiz, user=alice, answers=built.correct_answers())
    profile = client.get(reverse("people:profile", args=["alice"])).content.decode()
    assert "Certificates" in profile and built.course.title in profile


def test_instructors_create_learning_paths(client, olivia, mallory) -> None:
    built = build_course(by=olivia)
    client.force_login(mallory)
    assert client.get(reverse("courses:path-create")).status_code == 403
    client.force_login(olivia)
    bad = client.post(
        reverse("courses:path-create"), {"title": "P", "language": "en", "steps": "no-such-course"}
    )
    assert "No published course" in bad.content.decode()
    bad_link = client.post(
        reverse("courses:path-create"),
        {"title": "P", "language": "en", "steps": "Practice | nowhere"},
    )
    assert "give the practice step" in bad_link.content.decode()
    response = client.post(
        reverse("courses:path-create"),
        {
            "title": "ML track",
            "language": "en",
            "steps": f"{built.course.slug}\nDigits competition | https://example.com/c | Practise",
        },
    )
    path = built.course.path_steps.get().path
    assert response.url == path.get_absolute_url()
    assert [s.position for s in path.steps.all()] == [1, 2]


def test_instructors_hear_about_learners_questions(
    client, olivia, alice, django_capture_on_commit_callbacks
) -> None:
    from aitalent.forum import services as forum
    from aitalent.notifications.models import Notification

    built = build_course(by=olivia)
    client.force_login(alice)
    client.get(built.lessons[0].get_absolute_url())
    thread = services.discussion_thread(lesson=built.lessons[0])
    with django_capture_on_commit_callbacks(execute=True):
        forum.reply(thread=thread, author=alice, body="Is the intercept always needed?")
    assert Notification.objects.filter(recipient=olivia, verb="forum.replied").exists()
