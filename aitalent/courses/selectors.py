"""Reads and the one access check per object type (drafts are invisible: Http404)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from aitalent.core.models import Topic
from aitalent.courses.models import (
    AttemptAnswer,
    Certificate,
    Choice,
    Course,
    Enrolment,
    LearningPath,
    Lesson,
    LessonEndorsement,
    LessonProgress,
    Module,
    PathStep,
    Question,
    Quiz,
    QuizAttempt,
)

LEVEL_ORDER = {"beginner": 1, "intermediate": 2, "advanced": 3}


# --- access ----------


def can_teach(user: Any) -> bool:
    """Members with the instructor permission (or staff) create courses."""
    return bool(user.is_authenticated and (user.is_staff or user.has_perm("courses.teach")))


def is_instructor(*, course: Course, user: Any) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    ids = getattr(course, "_instructor_ids", None)
    if ids is None:
        ids = set(course.instructors.values_list("pk", flat=True))
        course._instructor_ids = ids  # type: ignore[attr-defined]
    return user.pk in ids


def get_course_for_user(*, user: Any, slug: str, write: bool = False) -> Course:
    course = get_object_or_404(
        Course.objects.select_related("created_by").prefetch_related(
            "topics",
            "instructors",
            "competencies__topic",
            "topic_requirements__topic",
            "prerequisite_courses",
        ),
        slug=slug,
    )
    course._instructor_ids = {u.pk for u in course.instructors.all()}  # type: ignore[attr-defined]
    teaches = is_instructor(course=course, user=user)
    if not course.is_published and not teaches:
        raise Http404  # drafts do not exist for learners
    if write and not teaches:
        raise PermissionDenied
    return course


def get_lesson_for_user(*, user: Any, slug: str, lesson_id: int, write: bool = False) -> Lesson:
    course = get_course_for_user(user=user, slug=slug, write=write)
    lesson = get_object_or_404(
        Lesson.objects.select_related("module").prefetch_related("attachments"),
        pk=lesson_id,
        module__course=course,
    )
    lesson.module.course = course
    return lesson


def get_quiz_for_user(*, user: Any, quiz_id: int, write: bool = False) -> Quiz:
    quiz = get_object_or_404(Quiz.objects.select_related("lesson__module__course"), pk=quiz_id)
    course = get_course_for_user(user=user, slug=quiz.lesson.module.course.slug, write=write)
    quiz.lesson.module.course = course
    return quiz


def get_lesson_by_id_for_user(*, user: Any, lesson_id: int) -> Lesson:
    row = get_object_or_404(Lesson.objects.select_related("module__course"), pk=lesson_id)
    return get_lesson_for_user(user=user, slug=row.module.course.slug, lesson_id=lesson_id)


def get_certificate_for_verification(*, public_id: str) -> Certificate:
    """Forged and revoked ids show nothing: the same 404 either way."""
    cert = (
        Certificate.objects.select_related("course", "user")
        .filter(public_id=public_id[:48], revoked_at__isnull=True)
        .first()
    )
    if cert is None:
        raise Http404
    return cert


def get_certificate_for_staff(*, user: Any, public_id: str) -> Certificate:
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied
    return get_object_or_404(Certificate.objects.select_related("course"), public_id=public_id)


def get_path(*, slug: str) -> LearningPath:
    return get_object_or_404(
        LearningPath.objects.prefetch_related(
            Prefetch(
                "steps",
                queryset=PathStep.objects.select_related("course").order_by("position", "id"),
            ),
            "topics",
        ),
        slug=slug,
        is_published=True,
    )


def resolve_lesson(user: Any, target_id: int) -> Lesson:
    return get_lesson_by_id_for_user(user=user, lesson_id=target_id)


def can_see_lesson_id(viewer: Any, lesson_id: int) -> bool:
    """A lesson's discussion is as visible as its course: drafts only to instructors and staff."""
    row = (
        Lesson.objects.filter(pk=lesson_id)
        .values_list("module__course_id", "module__course__status")
        .first()
    )
    if row is None:
        return False
    course_id, status = row
    if status == Course.Status.PUBLISHED:
        return True
    if not getattr(viewer, "is_authenticated", False):
        return False
    return bool(viewer.is_staff) or Course.objects.filter(pk=course_id, instructors=viewer).exists()


def lesson_url(lesson_id: int) -> str:
    row = Lesson.objects.filter(pk=lesson_id).values_list("module__course__slug", flat=True).first()
    if row is None:
        return "/courses/"
    from django.urls import reverse

    return reverse("courses:lesson", args=[row, lesson_id])


# --- catalog ----------


@dataclass
class CatalogFilters:
    q: str = ""
    topic: str = ""
    level: str = ""
    language: str = ""


def list_courses(*, viewer: Any, filters: CatalogFilters | None = None) -> QuerySet[Course]:
    filters = filters or CatalogFilters()
    qs = Course.objects.filter(status=Course.Status.PUBLISHED)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(summary__icontains=filters.q))
    if filters.topic:
        qs = qs.filter(
            Q(topics__slug=filters.topic) | Q(competencies__topic__slug=filters.topic)
        ).distinct()
    if filters.level in LEVEL_ORDER:
        qs = qs.filter(level=filters.level)
    if filters.language in Course.Language.values:
        qs = qs.filter(language=filters.language)
    return qs.prefetch_related("topics", "competencies__topic", "topic_requirements__topic")


def courses_taught(*, user: Any) -> QuerySet[Course]:
    if not user.is_authenticated:
        return Course.objects.none()
    return Course.objects.filter(instructors=user).order_by("-updated_at")


def outline(*, course: Course) -> list[Module]:
    modules = list(
        Module.objects.filter(course=course).prefetch_related(
            Prefetch(
                "lessons", queryset=Lesson.objects.select_related("quiz").order_by("position", "id")
            )
        )
    )
    for module in modules:
        module.course = course  # lesson URLs need the course slug: no query per module
    return modules


def all_lessons(modules: list[Module]) -> list[Lesson]:
    return [lesson for module in modules for lesson in module.lessons.all()]


def viewer_enrolment(*, course: Course, user: Any) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(course=course, user=user).first()


@dataclass
class Progress:
    done: set[int] = field(default_factory=set)
    passed_quizzes: set[int] = field(default_factory=set)
    modules: list[tuple[Module, int, int]] = field(default_factory=list)
    total: int = 0
    percent: int = 0
    resume: Lesson | None = None


def progress_for(*, enrolment: Enrolment | None, modules: list[Module]) -> Progress:
    done: set[int] = set()
    passed: set[int] = set()
    if enrolment is not None:
        done = set(enrolment.progress.values_list("lesson_id", flat=True))
        passed = set(enrolment.attempts.filter(is_passed=True).values_list("quiz_id", flat=True))
    result = Progress(done=done, passed_quizzes=passed)
    lessons = all_lessons(modules)
    for module in modules:
        ids = [lesson.pk for lesson in module.lessons.all()]
        result.modules.append((module, len([i for i in ids if i in done]), len(ids)))
    result.total = len(lessons)
    result.percent = (
        round(100 * len(done & {x.pk for x in lessons}) / result.total) if lessons else 0
    )
    if enrolment is not None and enrolment.last_lesson_id in {x.pk for x in lessons}:
        last = next(x for x in lessons if x.pk == enrolment.last_lesson_id)
        result.resume = last
        if last.pk in done:  # resume at the first unfinished lesson after the last one seen
            after = lessons[lessons.index(last) + 1 :]
            result.resume = next((x for x in after if x.pk not in done), last)
    elif lessons:
        result.resume = next((x for x in lessons if x.pk not in done), lessons[0])
    return result


# --- prerequisites and level fit ----------


@dataclass
class Need:
    kind: str  # "course" | "topic"
    label: str
    course: Course | None = None
    topic: Topic | None = None
    min_level: int = 0
    have_level: int = 0
    suggestions: list[Course] = field(default_factory=list)


def evidenced_levels(*, user: Any, topic_ids: set[int] | None = None) -> dict[int, int]:
    if not user.is_authenticated:
        return {}
    from aitalent.people.models import ProfileSkill

    rows = ProfileSkill.objects.filter(profile__user_id=user.pk)
    if topic_ids is not None:
        rows = rows.filter(topic_id__in=topic_ids)
    return dict(rows.values_list("topic_id", "evidenced_level"))


def completed_course_ids(*, user: Any) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Enrolment.objects.filter(user=user, completed_at__isnull=False).values_list(
            "course_id", flat=True
        )
    )


def _teaching(topic_id: int, min_level: int, exclude: int) -> list[Course]:
    return list(
        Course.objects.filter(
            status=Course.Status.PUBLISHED,
            competencies__topic_id=topic_id,
            competencies__level__gte=min_level,
        )
        .exclude(pk=exclude)
        .distinct()
        .order_by("title")[:3]
    )


def missing_requirements(*, course: Course, user: Any) -> list[Need]:
    """What this member still needs before the course, in order ("what you need first")."""
    completed = completed_course_ids(user=user)
    requirements = list(course.topic_requirements.all())
    levels = evidenced_levels(user=user, topic_ids={r.topic_id for r in requirements})
    needs: list[Need] = []
    seen: set[int] = set()

    def visit(prereq: Course, depth: int) -> None:
        # prerequisites of prerequisites come first (depth-first, bounded against cycles)
        if prereq.pk in seen or prereq.pk in completed or depth > 5:
            return
        seen.add(prereq.pk)
        for inner in prereq.prerequisite_courses.filter(status=Course.Status.PUBLISHED):
            visit(inner, depth + 1)
        needs.append(Need(kind="course", label=prereq.title, course=prereq))

    for prereq in course.prerequisite_courses.filter(status=Course.Status.PUBLISHED).order_by(
        "title"
    ):
        visit(prereq, 0)
    for requirement in requirements:
        have = levels.get(requirement.topic_id, 0)
        if have >= requirement.min_level:
            continue
        needs.append(
            Need(
                kind="topic",
                label=requirement.topic.name,
                topic=requirement.topic,
                min_level=requirement.min_level,
                have_level=have,
                suggestions=_teaching(requirement.topic_id, requirement.min_level, course.pk),
            )
        )
    return needs


NEXT_STEPS_CATALOGUE_SECONDS = 300
NEXT_STEPS_CATALOGUE_KEY = "courses:next-steps-catalogue"


@dataclass(frozen=True)
class _CatalogueEntry:
    pk: int
    title: str
    level: str
    prerequisites: tuple[int, ...]
    requirements: tuple[tuple[int, int], ...]  # (topic id, min level)
    competencies: tuple[tuple[int, int], ...]  # (topic id, level taught)


def _next_steps_catalogue() -> list[_CatalogueEntry]:
    """Every published course's prerequisites, requirements and competencies, in title order:
    the same for every member, so cached for a few minutes (the courses shown are re-read)."""

    def build() -> list[_CatalogueEntry]:
        courses = (
            Course.objects.filter(status=Course.Status.PUBLISHED)
            .prefetch_related("competencies", "topic_requirements", "prerequisite_courses")
            .only("pk", "title", "level")
            .order_by("title")[:5000]
        )
        return [
            _CatalogueEntry(
                pk=c.pk,
                title=c.title,
                level=c.level,
                prerequisites=tuple(p.pk for p in c.prerequisite_courses.all()),
                requirements=tuple((r.topic_id, r.min_level) for r in c.topic_requirements.all()),
                competencies=tuple((k.topic_id, k.level) for k in c.competencies.all()),
            )
            for c in courses
        ]

    return cache.get_or_set(NEXT_STEPS_CATALOGUE_KEY, build, timeout=NEXT_STEPS_CATALOGUE_SECONDS)


def forget_next_steps_catalogue() -> None:
    """Course services call this after a change that next steps read (on commit)."""
    transaction.on_commit(lambda: cache.delete(NEXT_STEPS_CATALOGUE_KEY))


def next_steps(*, user: Any, limit: int = 6) -> list[Course]:
    """Courses that fit the member's level now: prerequisites met, and they raise a level."""
    if not user.is_authenticated:
        return []
    taken = set(Enrolment.objects.filter(user=user).values_list("course_id", flat=True))
    completed = completed_course_ids(user=user)
    levels = evidenced_levels(user=user)
    candidates = [c for c in _next_steps_catalogue() if c.pk not in taken][:300]
    fits: list[tuple[int, int, str, int]] = []
    for course in candidates:
        if any(p not in completed for p in course.prerequisites):
            continue
        if any(levels.get(topic, 0) < minimum for topic, minimum in course.requirements):
            continue
        gains = [
            level - levels.get(topic, 0)
            for topic, level in course.competencies
            if level > levels.get(topic, 0)
        ]
        if not gains and course.competencies:
            continue  # teaches nothing new at this member's level
        # closest level first: the smallest step up that still teaches something
        fits.append(
            (min(gains) if gains else 9, LEVEL_ORDER.get(course.level, 1), course.title, course.pk)
        )
    fits.sort(key=lambda item: (item[0], item[1], item[2]))
    chosen = [pk for *_, pk in fits[:limit]]
    found = Course.objects.filter(pk__in=chosen, status=Course.Status.PUBLISHED).prefetch_related(
        "competencies__topic", "topic_requirements", "prerequisite_courses"
    )
    by_pk = {course.pk: course for course in found}
    return [by_pk[pk] for pk in chosen if pk in by_pk]


# --- quizzes (learner side: no answer keys) ----------


@dataclass
class LearnerChoice:
    id: int
    text: str


@dataclass
class LearnerQuestion:
    id: int
    kind: str
    prompt: str
    points: int
    choices: list[LearnerChoice]


def learner_questions(*, quiz: Quiz, user: Any, attempt_number: int) -> list[LearnerQuestion]:
    """The quiz as a learner sees it: prompts and choice texts only, never is_correct or keys."""
    questions = list(
        quiz.questions.prefetch_related(
            Prefetch(
                "choices", queryset=Choice.objects.only("id", "text", "position", "question_id")
            )
        ).only("id", "kind", "prompt", "points", "position", "quiz_id")
    )
    rng = random.Random(f"{quiz.pk}:{getattr(user, 'pk', 0)}:{attempt_number}")
    if quiz.shuffle:
        rng.shuffle(questions)
    result = []
    for question in questions:
        choices = [LearnerChoice(id=c.pk, text=c.text) for c in question.choices.all()]
        if quiz.shuffle:
            rng.shuffle(choices)
        result.append(
            LearnerQuestion(
                id=question.pk,
                kind=question.kind,
                prompt=question.prompt,
                points=question.points,
                choices=choices if question.kind in ("single", "multiple") else [],
            )
        )
    return result


def attempts_for(*, quiz: Quiz, enrolment: Enrolment | None) -> list[QuizAttempt]:
    if enrolment is None:
        return []
    return list(QuizAttempt.objects.filter(quiz=quiz, enrolment=enrolment).order_by("number"))


# --- certificates ----------


def certificates_of(*, user: Any) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user, revoked_at__isnull=True).select_related("course")


def my_learning(*, user: Any) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(user=user)
        .select_related("course", "last_lesson", "certificate")
        .annotate(done_count=Count("progress", distinct=True))
        .order_by("completed_at", "-updated_at")
    )


# --- instructor view ----------


def enrolments_of(*, course: Course) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(course=course)
        .select_related("user")
        .annotate(done_count=Count("progress", distinct=True))
        .order_by("-created_at")
    )


def funnel(*, course: Course, modules: list[Module]) -> list[tuple[Lesson, int]]:
    counts = dict(
        LessonProgress.objects.filter(lesson__module__course=course)
        .values_list("lesson_id")
        .annotate(n=Count("id"))
        .values_list("lesson_id", "n")
    )
    return [(lesson, counts.get(lesson.pk, 0)) for lesson in all_lessons(modules)]


@dataclass
class QuestionStat:
    question: Question
    answered: int
    correct: int

    @property
    def fail_rate(self) -> int:
        return round(100 * (self.answered - self.correct) / self.answered) if self.answered else 0


def question_stats(*, course: Course) -> list[QuestionStat]:
    rows = (
        AttemptAnswer.objects.filter(question__quiz__lesson__module__course=course)
        .values("question_id")
        .annotate(answered=Count("id"), correct=Count("id", filter=Q(is_correct=True)))
    )
    by_id = {r["question_id"]: r for r in rows}
    questions = Question.objects.filter(quiz__lesson__module__course=course).select_related(
        "quiz__lesson"
    )
    stats = [
        QuestionStat(
            question=q,
            answered=by_id.get(q.pk, {}).get("answered", 0),
            correct=by_id.get(q.pk, {}).get("correct", 0),
        )
        for q in questions
    ]
    stats.sort(key=lambda s: (-s.fail_rate, -s.answered))
    return stats


def unanswered_questions(*, course: Course, limit: int = 50) -> list[Any]:
    """Learners' posts in lesson discussions that no instructor has answered or endorsed yet."""
    from aitalent.forum.models import Post

    lessons = dict(Lesson.objects.filter(module__course=course).values_list("pk", "title"))
    if not lessons:
        return []
    instructor_ids = set(course.instructors.values_list("pk", flat=True))
    posts = list(
        Post.objects.filter(
            thread__context_type="courses.lesson",
            thread__context_id__in=list(lessons),
            is_deleted=False,
        )
        .select_related("author", "thread")
        .order_by("thread_id", "created_at")[:2000]
    )
    endorsed = set(
        LessonEndorsement.objects.filter(lesson_id__in=list(lessons)).values_list(
            "post_id", flat=True
        )
    )
    result = []
    for post in posts:
        if post.author_id in instructor_ids or post.author_id is None:
            continue
        later = [
            p
            for p in posts
            if p.thread_id == post.thread_id
            and p.created_at > post.created_at
            and (p.author_id in instructor_ids or p.pk in endorsed)
        ]
        if post.pk in endorsed or later:
            continue
        post.lesson_id = post.thread.context_id
        post.lesson_title = lessons.get(post.thread.context_id, "")
        result.append(post)
    return result[:limit]


def endorsed_post_ids(*, lesson: Lesson) -> set[int]:
    return set(lesson.endorsements.values_list("post_id", flat=True))


# --- search ----------


def search_document(course: Course) -> dict[str, Any] | None:
    """The search entry of a published course (drafts are not indexed)."""
    if not course.is_published:
        return None
    return {
        "doc_type": "courses.course",
        "object_id": course.pk,
        "title": course.title,
        "summary": course.summary,
        "body": course.description,
        "url": course.get_absolute_url(),
        "language": course.language,
        "topics": [t.slug for t in course.topics.all()],
        "created_at": course.published_at or course.created_at,
        "popularity": float(course.enrolment_count),
    }


def search_documents() -> Any:
    rows = Course.objects.filter(status=Course.Status.PUBLISHED).prefetch_related("topics")
    for course in rows.iterator(chunk_size=500):
        document = search_document(course)
        if document:
            yield document


# --- sections ----------


def profile_section(request: Any, member: Any) -> tuple[str, dict[str, Any]] | None:
    from django.utils.translation import gettext as _

    rows = list(certificates_of(user=member)[:10])
    if not rows:
        return None
    return (
        "courses/partials/section_certificates.html",
        {"title": _("Certificates"), "certificates": rows},
    )


def topic_section(request: Any, topic: Any) -> tuple[str, dict[str, Any]] | None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    rows = list(list_courses(viewer=request.user, filters=CatalogFilters(topic=topic.slug))[:5])
    if not rows:
        return None
    return (
        "courses/partials/section_courses.html",
        {
            "title": _("Courses"),
            "courses": rows,
            "more_url": f"{reverse('courses:index')}?topic={topic.slug}",
        },
    )


def home_section(request: Any) -> tuple[str, dict[str, Any]] | None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not request.user.is_authenticated:
        return None
    rows = next_steps(user=request.user, limit=3)
    if not rows:
        return None
    return (
        "courses/partials/section_courses.html",
        {"title": _("Your next course"), "courses": rows, "more_url": reverse("courses:index")},
    )
