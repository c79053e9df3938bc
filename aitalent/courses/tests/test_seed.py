from __future__ import annotations

import io

import pytest

from aitalent.courses import grading, seed, services
from aitalent.courses.models import Certificate, Course, Lesson, Question

pytestmark = pytest.mark.django_db


def _members(n: int) -> None:
    from conftest import make_member

    for i in range(n):
        make_member(f"s{i}@example.com", f"seed{i}", f"Seed {i}")


def test_demo_seed_builds_four_complete_courses_with_checked_answers() -> None:
    _members(30)
    out = io.StringIO()
    seed.seed_demo(out=out)
    courses = list(Course.objects.filter(status="published"))
    assert len(courses) == 4
    assert {c.language for c in courses} == {"en", "zh-hans"}
    for course in courses:
        assert course.modules.count() >= 3
        assert Lesson.objects.filter(module__course=course).count() >= 10
        assert Question.objects.filter(quiz__lesson__module__course=course).count() >= 6
        assert course.competencies.exists()
    for question in Question.objects.select_related("quiz").prefetch_related("choices"):
        key = services._quiz_key(question)
        typed = seed.correct_answers(question.quiz)[question.pk]
        assert grading.grade_question(key, typed).is_correct, question.prompt
        assert not grading.grade_question(key, ["0"]).is_correct, question.prompt
        if question.kind == "single":
            assert sum(c.is_correct for c in question.choices.all()) == 1
    assert Certificate.objects.exists()
    assert Course.objects.get(slug="deep-learning-for-nlp").prerequisite_courses.exists()
    seed.seed_demo(out=out)  # idempotent
    assert Course.objects.count() == 4


def test_scale_seed_bulk_inserts_courses_and_progress() -> None:
    _members(8)
    out = io.StringIO()
    seed.seed_scale(n=2000, out=out)
    assert Course.objects.count() == 2
    assert Lesson.objects.filter(module__course__slug__startswith="scale-").count() == 20
    assert "2 scale courses" in out.getvalue()
