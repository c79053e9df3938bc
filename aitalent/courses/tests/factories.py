"""A small complete course: 2 modules, 3 lessons, a 4-question quiz (every question type)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aitalent.courses import services
from aitalent.courses.models import Course, Lesson, Question, Quiz

SECRET_FEEDBACK = (
    "KEY-FEEDBACK-Z9"  # feedback of the correct choice: must never leak before grading
)
SECRET_EXPLANATION = "KEY-EXPLANATION-Q7"
NUMERIC_ANSWER = "0.3125"
TEXT_PATTERN = r"grad(ient)?[ -]descent"


@dataclass
class Built:
    course: Course
    lessons: list[Lesson]
    quiz: Quiz
    single: Question
    multiple: Question
    numeric: Question
    text: Question

    def correct_answers(self) -> dict[int, list[str]]:
        return {
            self.single.pk: [str(c.pk) for c in self.single.choices.filter(is_correct=True)],
            self.multiple.pk: [str(c.pk) for c in self.multiple.choices.filter(is_correct=True)],
            self.numeric.pk: ["0.31"],
            self.text.pk: ["Gradient Descent"],
        }

    def wrong_answers(self) -> dict[int, list[str]]:
        return {
            self.single.pk: [str(self.single.choices.filter(is_correct=False).first().pk)],
            self.multiple.pk: [str(self.multiple.choices.filter(is_correct=True).first().pk)],
            self.numeric.pk: ["0.5"],
            self.text.pk: ["newton"],
        }


def build_course(
    *,
    by: Any,
    title: str = "Machine learning foundations",
    level: str = "beginner",
    competencies: list[tuple[str, int]] | None = None,
    publish: bool = True,
    max_attempts: int = 3,
) -> Built:
    course = services.create_course(
        by=by,
        title=title,
        summary="Supervised learning from the ground up.",
        description="Learn **regression**, classification and evaluation.",
        level=level,
        language="en",
        estimated_hours=6,
        topics=["machine-learning"],
    )
    services.set_competencies(course=course, by=by, items=competencies or [("machine-learning", 2)])
    m1 = services.add_module(course=course, by=by, title="Getting started")
    m2 = services.add_module(course=course, by=by, title="Optimisation")
    l1 = services.add_lesson(
        module=m1,
        by=by,
        title="What is a model?",
        body="A model maps inputs to outputs.\n\n```python\nprint(1)\n```\n\n$y = wx + b$",
        video_url="https://www.youtube.com/watch?v=aircAruvnKk",
    )
    l2 = services.add_lesson(module=m1, by=by, title="Loss functions", body="Squared error.")
    l3 = services.add_lesson(module=m2, by=by, title="Check: optimisation", body="Quiz time.")
    quiz = services.set_quiz(lesson=l3, by=by, pass_mark=75, max_attempts=max_attempts)
    single = services.add_question(
        quiz=quiz,
        by=by,
        kind="single",
        prompt="Which loss suits regression?",
        choices=[
            ("Mean squared error", True, SECRET_FEEDBACK),
            ("Cross-entropy", False, "That one is for classification."),
            ("Hinge", False, ""),
        ],
        explanation=SECRET_EXPLANATION,
    )
    multiple = services.add_question(
        quiz=quiz,
        by=by,
        kind="multiple",
        prompt="Which are optimisers?",
        choices=[("Adam", True, ""), ("SGD", True, ""), ("ReLU", False, "An activation.")],
    )
    numeric = services.add_question(
        quiz=quiz,
        by=by,
        kind="numeric",
        prompt="What is 5/16, to two decimals?",
        numeric_answer=NUMERIC_ANSWER,
        tolerance="0.005",
    )
    text = services.add_question(
        quiz=quiz,
        by=by,
        kind="text",
        prompt="Name the basic first-order optimisation method.",
        text_answers=[TEXT_PATTERN],
        text_mode="pattern",
    )
    if publish:
        services.set_status(course=course, by=by, status="published")
    course.refresh_from_db()
    return Built(course, [l1, l2, l3], quiz, single, multiple, numeric, text)
