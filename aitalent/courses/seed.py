"""Demo courses (real content from data/demo_courses.yaml), learners at every stage, paths.

`--scale N`: about one synthetic course per 1,000 members (at most 200), each with 3 modules and
10 lessons, and an enrolment with progress for every 4th member (bulk-inserted load data).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, TextIO

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from aitalent.courses import selectors, services
from aitalent.courses.models import (
    Course,
    Enrolment,
    LearningPath,
    Lesson,
    LessonProgress,
    Module,
)

SEED_ORDER = 630  # after people (members), forum and knowledge
DATA = Path(__file__).parent / "data" / "demo_courses.yaml"


def load_data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def grant_teaching(user: Any) -> None:
    user.user_permissions.add(
        Permission.objects.get(codename="teach", content_type__app_label="courses")
    )
    for cache in ("_perm_cache", "_user_perm_cache"):
        if hasattr(user, cache):
            delattr(user, cache)


def create_course_from_data(*, spec: dict[str, Any], by: Any, co: list[Any] = ()) -> Course:
    course = services.create_course(
        by=by,
        title=spec["title"],
        summary=spec["summary"],
        description=spec.get("description", ""),
        level=spec["level"],
        language=spec["language"],
        estimated_hours=spec["estimated_hours"],
        topics=spec.get("topics", []),
        instructors=list(co),
        capstone_title=spec.get("capstone", {}).get("title", ""),
        capstone_url=spec.get("capstone", {}).get("url", ""),
    )
    if course.slug != spec["slug"]:
        Course.objects.filter(pk=course.pk).update(slug=spec["slug"])
        course.slug = spec["slug"]
    services.set_competencies(course=course, by=by, items=list(spec["competencies"].items()))
    prerequisites = list(Course.objects.filter(slug__in=spec.get("prerequisites", [])))
    services.set_requirements(
        course=course,
        by=by,
        courses=prerequisites,
        topics=list((spec.get("requirements") or {}).items()),
    )
    for module_spec in spec["modules"]:
        module = services.add_module(course=course, by=by, title=module_spec["title"])
        for lesson_spec in module_spec["lessons"]:
            lesson = services.add_lesson(
                module=module,
                by=by,
                title=lesson_spec["title"],
                body=lesson_spec.get("body", ""),
                video_url=lesson_spec.get("video", ""),
                estimated_minutes=lesson_spec.get("minutes", 10),
            )
            quiz_spec = lesson_spec.get("quiz")
            if not quiz_spec:
                continue
            quiz = services.set_quiz(
                lesson=lesson,
                by=by,
                pass_mark=quiz_spec.get("pass_mark", 70),
                max_attempts=quiz_spec.get("max_attempts", 3),
                shuffle=quiz_spec.get("shuffle", False),
            )
            for q in quiz_spec["questions"]:
                services.add_question(
                    quiz=quiz,
                    by=by,
                    kind=q["kind"],
                    prompt=q["prompt"],
                    choices=[
                        (c[0], bool(c[1]), c[2] if len(c) > 2 else "") for c in q.get("choices", [])
                    ],
                    numeric_answer=q.get("answer"),
                    tolerance=q.get("tolerance", "0"),
                    text_answers=q.get("answers", []),
                    text_mode=q.get("mode", "exact"),
                    explanation=q.get("explanation", ""),
                )
    services.set_status(course=course, by=by, status="published")
    return course


def correct_answers(quiz: Any) -> dict[int, list[str]]:
    """The key as a learner would type it (used by the seed's own learners and by the tests)."""
    answers: dict[int, list[str]] = {}
    for question in quiz.questions.prefetch_related("choices"):
        if question.kind in ("single", "multiple"):
            answers[question.pk] = [str(c.pk) for c in question.choices.all() if c.is_correct]
        elif question.kind == "numeric":
            answers[question.pk] = [str(question.numeric_answer.normalize())]
        else:
            answers[question.pk] = [_example_for(question)]
    return answers


def _example_for(question: Any) -> str:
    """A typed answer matching the first accepted answer (for patterns: a written example)."""
    first = question.text_answers[0]
    if question.text_mode == "exact":
        return first
    examples = {
        "learning[ -]?rate": "learning rate",
        "tf-?idf": "TF-IDF",
        "positional encodings?": "positional encoding",
        "training[ /-]?serving skew": "training/serving skew",
    }
    return examples.get(first, first)


def _walk(enrolment: Enrolment, lessons: list[Lesson], upto: int, rng: random.Random) -> None:
    """A learner works through the first `upto` lessons; some fail a quiz once first."""
    user = enrolment.user
    for lesson in lessons[:upto]:
        quiz = getattr(lesson, "quiz", None) if hasattr(lesson, "quiz") else None
        if quiz is None:
            services.complete_lesson(lesson=lesson, user=user)
            continue
        key = correct_answers(quiz)
        if rng.random() < 0.4:
            wrong = {qid: ["0"] for qid in key}
            services.submit_attempt(quiz=quiz, user=user, answers=wrong)
        services.submit_attempt(quiz=quiz, user=user, answers=key)


@transaction.atomic
def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    if Course.objects.exists():
        return
    rng = random.Random(seed)
    members = list(get_user_model().objects.filter(is_active=True).order_by("pk"))
    if len(members) < 20:
        return
    demo = next((m for m in members if m.email == "demo@example.com"), members[0])
    others = [m for m in members if m.pk != demo.pk]
    instructors = others[:3]
    for person in instructors:
        grant_teaching(person)
    data = load_data()
    courses: dict[str, Course] = {}
    for i, spec in enumerate(data["courses"]):
        lead = instructors[i % len(instructors)]
        co = [instructors[(i + 1) % len(instructors)]]
        courses[spec["slug"]] = create_course_from_data(spec=spec, by=lead, co=co)
    for path_spec in data.get("paths", []):
        steps = []
        for step in path_spec["steps"]:
            if "course" in step:
                steps.append({"course": courses[step["course"]], "note": step.get("note", "")})
            else:
                steps.append(
                    {"title": step["title"], "url": step["url"], "note": step.get("note", "")}
                )
        services.create_path(
            by=instructors[0],
            title=path_spec["title"],
            description=path_spec.get("description", ""),
            steps=steps,
            language=path_spec.get("language", "en"),
        )
    # learners at every stage: some finished (certificates), some midway, some just enrolled
    foundations = courses["machine-learning-foundations"]
    learners = rng.sample(others[3:], k=min(24, len(others) - 3))
    for index, user in enumerate(learners):
        for course in (foundations, courses["recommender-systems-in-practice"]):
            if selectors.missing_requirements(course=course, user=user):
                continue  # a learner without the prerequisite level stays out
            enrolment = services.enroll(course=course, user=user)
            lessons = list(
                Lesson.objects.filter(module__course=course)
                .select_related("module__course", "quiz")
                .order_by("module__position", "position")
            )
            upto = len(lessons) if index % 2 == 0 else rng.randint(0, len(lessons) - 1)
            _walk(enrolment, lessons, upto, rng)
            enrolment.refresh_from_db()
            if enrolment.completed_at:  # now, not on commit: the next course needs the level
                services.raise_skill_levels(
                    user_id=user.pk,
                    levels={c.topic.slug: c.level for c in course.competencies.all()},
                    course=course.title,
                )
    # the demo member is midway through the foundations course: "Resume" has somewhere to go
    enrolment = services.enroll(course=foundations, user=demo)
    lessons = list(
        Lesson.objects.filter(module__course=foundations)
        .select_related("module__course", "quiz")
        .order_by("module__position", "position")
    )
    _walk(enrolment, lessons, 3, rng)
    _discussions(foundations, learners, instructors[0])
    out.write(
        f"courses: {len(courses)} courses, {Enrolment.objects.count()} enrolments, "
        f"{LearningPath.objects.count()} learning paths\n"
    )


def _discussions(course: Course, learners: list[Any], instructor: Any) -> None:
    from aitalent.forum import services as forum

    lesson = Lesson.objects.select_related("module__course").get(
        module__course=course, title="Gradient descent"
    )
    thread = services.discussion_thread(lesson=lesson)
    question = forum.reply(
        thread=thread,
        author=learners[0],
        body="Why do we subtract the gradient instead of adding it?",
    )
    answer = forum.reply(
        thread=thread,
        author=learners[1],
        body="The gradient points in the direction of steepest *increase*; we want the loss to go "
        "down, so we step the opposite way.",
    )
    services.endorse_post(lesson=lesson, post_id=answer.pk, by=instructor)
    del question
    other = Lesson.objects.select_related("module__course").get(
        module__course=course, title="Metrics for classification"
    )
    forum.reply(
        thread=services.discussion_thread(lesson=other),
        author=learners[2],
        body="Is F1 always better than accuracy for imbalanced data?",
    )


def seed_scale(*, n: int, out: TextIO, seed: int = 42) -> None:
    users = list(
        get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    count = min(max(n // 1000, 1), 200, len(users))
    if not count:
        return
    rng = random.Random(seed)
    tag = f"{timezone.now():%Y%m%d%H%M%S}"
    levels = [c.value for c in Course.Level]
    now = timezone.now()
    with transaction.atomic():
        courses = Course.objects.bulk_create(
            [
                Course(
                    slug=f"scale-{tag}-{i}",
                    title=f"Scale course {i}",
                    summary="Synthetic load data.",
                    level=rng.choice(levels),
                    status=Course.Status.PUBLISHED,
                    published_at=now,
                    created_by_id=users[i % len(users)],
                )
                for i in range(count)
            ],
            batch_size=1000,
        )
        modules = Module.objects.bulk_create(
            [
                Module(course=c, title=f"Module {m}", position=m)
                for c in courses
                for m in range(1, 4)
            ]
        )
        lessons = Lesson.objects.bulk_create(
            [
                Lesson(module=m, title=f"Lesson {k}", position=k, body="Synthetic lesson.")
                for m in modules
                for k in range(1, 5 if m.position == 1 else 4)
            ],
            batch_size=5000,
        )
        by_course: dict[int, list[Lesson]] = {}
        module_course = {m.pk: m.course_id for m in modules}
        for lesson in lessons:
            by_course.setdefault(module_course[lesson.module_id], []).append(lesson)
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(course=courses[i % count], user_id=user_id)
                for i, user_id in enumerate(users[::4])
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        progress = []
        for enrolment in Enrolment.objects.filter(course__in=courses).only("pk", "course_id"):
            for lesson in by_course[enrolment.course_id][: rng.randint(0, 10)]:
                progress.append(LessonProgress(enrolment_id=enrolment.pk, lesson_id=lesson.pk))
        LessonProgress.objects.bulk_create(progress, batch_size=10_000)
        for course in courses:
            Course.objects.filter(pk=course.pk).update(
                enrolment_count=Enrolment.objects.filter(course=course).count()
            )
    out.write(
        f"courses: {count} scale courses, {len(enrolments)} enrolments, "
        f"{len(progress)} lesson completions\n"
    )
