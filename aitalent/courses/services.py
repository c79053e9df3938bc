"""Courses: authoring, enrolment, progress, quiz attempts, completion and certificates.

Quiz attempts lock the member's enrolment row (`select_for_update`), so two submissions racing
for the last allowed attempt run one after the other and the second is refused.
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from aitalent.activity import reputation
from aitalent.activity import services as activity
from aitalent.core import member_data
from aitalent.core.models import Topic
from aitalent.courses import grading, selectors
from aitalent.courses.models import (
    Attachment,
    AttemptAnswer,
    Certificate,
    Choice,
    Competency,
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
    TopicRequirement,
)
from aitalent.forum import services as forum
from aitalent.notifications import services as notifications
from aitalent.people.evidence import THRESHOLDS  # a certificate of level n weighs enough for n
from aitalent.search import services as search

COURSE_FIELDS = [
    "title",
    "summary",
    "description",
    "level",
    "language",
    "estimated_hours",
    "capstone_title",
    "capstone_url",
]
COMPLETION_POINTS = 25
PROBLEMS = {
    "not a number": _("Enter a number, for example 0.25."),
    "not a choice": _("Pick one of the choices."),
    "choose one answer": _("Choose only one answer."),
}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def register() -> None:
    from aitalent.core import sections
    from aitalent.people import evidence

    notifications.register_type(
        "courses.certificate",
        module="courses",
        label=_("Certificates I earned"),
        message=_("You completed “%(title)s”: your certificate is ready"),
        default_email="instant",
    )
    notifications.register_watchable(
        "courses.lesson", label=_("lesson"), resolve=selectors.resolve_lesson
    )
    forum.register_context_url("courses.lesson", selectors.lesson_url)
    forum.register_context_access("courses.lesson", selectors.can_see_lesson_id)
    search.register(
        "courses.course", selectors.search_documents, label=_("Courses"), icon="bi-mortarboard"
    )
    evidence.register_source("course_certificates", certificate_evidence)
    sections.register_profile(selectors.profile_section, order=40)
    sections.register_topic(selectors.topic_section, order=40)
    sections.register_home_aside(selectors.home_section, order=45)  # per viewer: never cached
    member_data.register(
        "courses",
        export=export_member_data,
        erase=erase_member_data,
        models=[
            "courses.Course",
            "courses.Enrolment",
            "courses.LessonProgress",
            "courses.QuizAttempt",
            "courses.AttemptAnswer",
            "courses.Certificate",
            "courses.LessonEndorsement",
            "courses.LearningPath",
        ],
    )


# --- authoring ----------


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "course"
    if not Course.objects.filter(slug=base).exists():
        return base
    return f"{base}-{uuid.uuid4().hex[:6]}"


def _topics(slugs: list[str] | None) -> list[Topic]:
    if not slugs:
        return []
    found = list(Topic.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {t.slug for t in found})
    if missing:
        raise ValidationError(
            {
                "topics": _("Unknown topic %(slug)s: pick topics from the list.")
                % {"slug": missing[0]}
            }
        )
    return found


@transaction.atomic
def create_course(
    *,
    by: Any,
    title: str,
    summary: str,
    topics: list[str] | None = None,
    instructors: list[Any] | None = None,
    **fields: Any,
) -> Course:
    if not selectors.can_teach(by):
        raise PermissionDenied(_("Only members with the instructor permission can create courses."))
    course = Course(title=title, summary=summary, created_by=by, slug=_unique_slug(title))
    for name, value in fields.items():
        if name in COURSE_FIELDS or name == "cover_image":
            setattr(course, name, value)
    course.full_clean()
    course.save()
    course.topics.set(_topics(topics))
    course.instructors.set([by, *(instructors or [])])
    return course


@transaction.atomic
def update_course(
    *,
    course: Course,
    by: Any,
    topics: list[str] | None = None,
    instructors: list[Any] | None = None,
    **fields: Any,
) -> Course:
    _check_instructor(course, by)
    for name, value in fields.items():
        if name in COURSE_FIELDS or (name == "cover_image" and value is not None):
            setattr(course, name, value)
    course.full_clean()
    course.save()
    if topics is not None:
        course.topics.set(_topics(topics))
    if instructors is not None:
        course.instructors.set({by, *instructors})
    _index_on_commit(course.pk)
    selectors.forget_next_steps_catalogue()
    return course


def _check_instructor(course: Course, by: Any) -> None:
    if not selectors.is_instructor(course=course, user=by):
        raise PermissionDenied(_("Only the course's instructors can change it."))


@transaction.atomic
def set_status(*, course: Course, by: Any, status: str) -> Course:
    _check_instructor(course, by)
    if status not in Course.Status.values:
        raise ValidationError({"status": _("Choose draft or published.")})
    if status == Course.Status.PUBLISHED:
        if not Lesson.objects.filter(module__course=course).exists():
            raise ValidationError(
                {"status": _("Add at least one lesson before publishing the course.")}
            )
        course.published_at = course.published_at or timezone.now()
    course.status = status
    course.save(update_fields=["status", "published_at", "updated_at"])
    _index_on_commit(course.pk)
    selectors.forget_next_steps_catalogue()
    return course


def _index_on_commit(course_id: int) -> None:
    transaction.on_commit(lambda: index_course(course_id))


def index_course(course_id: int) -> None:
    course = Course.objects.prefetch_related("topics").filter(pk=course_id).first()
    document = selectors.search_document(course) if course else None
    if document is None:
        search.remove(doc_type="courses.course", object_id=course_id)
    else:
        search.index(**document)


@transaction.atomic
def set_competencies(*, course: Course, by: Any, items: list[tuple[str, int]]) -> None:
    """items: (topic slug, level 1–4) – what a completer reaches."""
    _check_instructor(course, by)
    topics = {t.slug: t for t in _topics([slug for slug, _level in items])}
    course.competencies.all().delete()
    for slug, level in items:
        if not 1 <= int(level) <= 4:
            raise ValidationError({"competencies": _("A competency level is 1 to 4.")})
        Competency.objects.create(course=course, topic=topics[slug], level=int(level))
    selectors.forget_next_steps_catalogue()


@transaction.atomic
def set_requirements(
    *, course: Course, by: Any, courses: list[Course], topics: list[tuple[str, int]]
) -> None:
    _check_instructor(course, by)
    if course in courses:
        raise ValidationError({"prerequisites": _("A course cannot require itself.")})
    found = {t.slug: t for t in _topics([slug for slug, _level in topics])}
    course.prerequisite_courses.set(courses)
    course.topic_requirements.all().delete()
    for slug, level in topics:
        if not 1 <= int(level) <= 5:
            raise ValidationError({"requirements": _("A minimum level is 1 to 5.")})
        TopicRequirement.objects.create(course=course, topic=found[slug], min_level=int(level))
    selectors.forget_next_steps_catalogue()


@transaction.atomic
def add_module(*, course: Course, by: Any, title: str) -> Module:
    _check_instructor(course, by)
    position = (course.modules.aggregate(m=Max("position"))["m"] or 0) + 1
    module = Module(course=course, title=title, position=position)
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def update_module(*, module: Module, by: Any, title: str) -> Module:
    _check_instructor(module.course, by)
    module.title = title
    module.full_clean()
    module.save(update_fields=["title"])
    return module


@transaction.atomic
def delete_module(*, module: Module, by: Any) -> None:
    _check_instructor(module.course, by)
    module.delete()


def _move(rows: list[Any], row: Any, direction: int) -> None:
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    target = index + direction
    if 0 <= target < len(rows):
        rows[index], rows[target] = rows[target], rows[index]
    for position, item in enumerate(rows, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def move_module(*, module: Module, by: Any, direction: int) -> None:
    _check_instructor(module.course, by)
    Course.objects.select_for_update().get(pk=module.course_id)
    _move(list(module.course.modules.order_by("position", "id")), module, direction)


@transaction.atomic
def add_lesson(
    *,
    module: Module,
    by: Any,
    title: str,
    body: str = "",
    video_url: str = "",
    estimated_minutes: int = 10,
) -> Lesson:
    _check_instructor(module.course, by)
    position = (module.lessons.aggregate(m=Max("position"))["m"] or 0) + 1
    lesson = Lesson(
        module=module,
        title=title,
        body=body,
        video_url=video_url,
        estimated_minutes=estimated_minutes,
        position=position,
    )
    _clean_lesson(lesson)
    lesson.save()
    return lesson


def _clean_lesson(lesson: Lesson) -> None:
    from aitalent.knowledge import embeds

    lesson.full_clean()
    if lesson.video_url and embeds.video_embed_url(lesson.video_url) is None:
        raise ValidationError(
            {"video_url": _("Use a YouTube or Bilibili video link (other sites are not embedded).")}
        )


@transaction.atomic
def update_lesson(*, lesson: Lesson, by: Any, **fields: Any) -> Lesson:
    _check_instructor(lesson.module.course, by)
    for name in ("title", "body", "video_url", "estimated_minutes"):
        if name in fields:
            setattr(lesson, name, fields[name])
    _clean_lesson(lesson)
    lesson.save()
    return lesson


@transaction.atomic
def delete_lesson(*, lesson: Lesson, by: Any) -> None:
    _check_instructor(lesson.module.course, by)
    lesson.delete()


@transaction.atomic
def move_lesson(*, lesson: Lesson, by: Any, direction: int) -> None:
    _check_instructor(lesson.module.course, by)
    Course.objects.select_for_update().get(pk=lesson.module.course_id)
    _move(list(lesson.module.lessons.order_by("position", "id")), lesson, direction)


@transaction.atomic
def add_attachment(*, lesson: Lesson, by: Any, title: str, upload: Any) -> Attachment:
    _check_instructor(lesson.module.course, by)
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("Attachments are at most 20 MB.")})
    attachment = Attachment(lesson=lesson, title=title or upload.name[:160], file=upload)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def set_quiz(
    *, lesson: Lesson, by: Any, pass_mark: int = 70, max_attempts: int = 3, shuffle: bool = False
) -> Quiz:
    _check_instructor(lesson.module.course, by)
    quiz = Quiz.objects.filter(lesson=lesson).first() or Quiz(lesson=lesson)
    quiz.pass_mark, quiz.max_attempts, quiz.shuffle = pass_mark, max_attempts, shuffle
    quiz.full_clean()
    quiz.save()
    return quiz


@transaction.atomic
def add_question(
    *,
    quiz: Quiz,
    by: Any,
    kind: str,
    prompt: str,
    choices: list[tuple[str, bool, str]] | None = None,
    numeric_answer: Decimal | str | None = None,
    tolerance: Decimal | str = "0",
    text_answers: list[str] | None = None,
    text_mode: str = "exact",
    case_sensitive: bool = False,
    explanation: str = "",
    points: int = 1,
) -> Question:
    _check_instructor(quiz.lesson.module.course, by)
    choices = choices or []
    position = (quiz.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    question = Question(
        quiz=quiz,
        kind=kind,
        prompt=prompt,
        position=position,
        points=points,
        explanation=explanation,
        text_mode=text_mode,
        case_sensitive=case_sensitive,
        text_answers=[a.strip() for a in (text_answers or []) if a.strip()],
        tolerance=Decimal(str(tolerance or "0")),
    )
    if kind == Question.Kind.NUMERIC:
        value = grading.parse_number(numeric_answer)
        if value is None:
            raise ValidationError({"numeric_answer": _("Enter the correct number, e.g. 0.25.")})
        question.numeric_answer = value
        if question.tolerance < 0:
            raise ValidationError({"tolerance": _("The tolerance cannot be negative.")})
    elif kind == Question.Kind.TEXT:
        if not question.text_answers:
            raise ValidationError(
                {"text_answers": _("Give at least one accepted answer (or pattern).")}
            )
        if text_mode == Question.TextMode.PATTERN:
            for pattern in question.text_answers:
                try:
                    grading.compile_pattern(pattern, case_sensitive=case_sensitive)
                except re.error as exc:
                    raise ValidationError(
                        {
                            "text_answers": _("The pattern %(p)s is not valid: %(e)s")
                            % {"p": pattern[:60], "e": exc}
                        }
                    ) from exc
    elif kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        correct = sum(1 for _text, ok, _fb in choices if ok)
        if len(choices) < 2:
            raise ValidationError({"choices": _("Give at least two choices.")})
        if correct == 0:
            raise ValidationError({"choices": _("Mark at least one choice as correct with [x].")})
        if kind == Question.Kind.SINGLE and correct != 1:
            raise ValidationError(
                {"choices": _("A single-choice question has exactly one correct choice.")}
            )
    question.full_clean()
    question.save()
    Choice.objects.bulk_create(
        [
            Choice(question=question, text=text, is_correct=ok, feedback=feedback, position=i)
            for i, (text, ok, feedback) in enumerate(choices, start=1)
        ]
    )
    return question


@transaction.atomic
def delete_question(*, question: Question, by: Any) -> None:
    _check_instructor(question.quiz.lesson.module.course, by)
    question.delete()


def parse_choices(text: str) -> list[tuple[str, bool, str]]:
    """Authoring format, one choice a line: "[x] correct choice | feedback" / "[ ] wrong | why"."""
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        ok = line.lower().startswith("[x]")
        if line.startswith(("[x]", "[X]", "[ ]", "[]")):
            line = line.split("]", 1)[1].strip()
        choice, _sep, feedback = line.partition("|")
        result.append((choice.strip()[:500], ok, feedback.strip()[:500]))
    return result


# --- learning ----------


def _lock_enrolment(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


@transaction.atomic
def enroll(*, course: Course, user: Any) -> Enrolment:
    if not course.is_published:
        raise ValidationError({"course": _("This course is not open for enrolment yet.")})
    existing = Enrolment.objects.filter(course=course, user=user).first()
    if existing:
        return existing
    if not selectors.is_instructor(course=course, user=user):
        needs = selectors.missing_requirements(course=course, user=user)
        if needs:
            raise ValidationError(
                {
                    "prerequisites": _("Complete these first: %(list)s.")
                    % {"list": ", ".join(n.label for n in needs[:5])}
                }
            )
    enrolment = Enrolment(course=course, user=user)
    enrolment.full_clean(validate_constraints=False)
    enrolment.save()
    Course.objects.filter(pk=course.pk).update(enrolment_count=F("enrolment_count") + 1)
    activity.record(actor=user, verb="enroll", target=course)
    return enrolment


def _enrolment_for(lesson: Lesson, user: Any) -> Enrolment:
    enrolment = Enrolment.objects.filter(course_id=lesson.module.course_id, user=user).first()
    if enrolment is None:
        raise ValidationError({"course": _("Enroll in the course first.")})
    return enrolment


def visit_lesson(*, lesson: Lesson, user: Any) -> None:
    """Remember where the member is, so "Resume" brings them back here."""
    if not user.is_authenticated:
        return
    Enrolment.objects.filter(course_id=lesson.module.course_id, user=user).update(
        last_lesson=lesson, updated_at=timezone.now()
    )


@transaction.atomic
def complete_lesson(*, lesson: Lesson, user: Any) -> Enrolment:
    enrolment = _lock_enrolment(_enrolment_for(lesson, user))
    quiz = Quiz.objects.filter(lesson=lesson).first()
    if (
        quiz is not None
        and not QuizAttempt.objects.filter(quiz=quiz, enrolment=enrolment, is_passed=True).exists()
    ):
        raise ValidationError({"lesson": _("Pass this lesson's quiz to complete it.")})
    _mark_done(enrolment, lesson)
    return _check_completion(enrolment, user)


def _mark_done(enrolment: Enrolment, lesson: Lesson) -> None:
    _row, created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    enrolment.last_lesson = lesson
    enrolment.save(update_fields=["last_lesson", "updated_at"])
    if created:
        activity.record(actor=enrolment.user, verb="complete", target=lesson)


def _quiz_key(question: Question) -> dict[str, Any]:
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return {
            "kind": question.kind,
            "correct": {c.pk for c in question.choices.all() if c.is_correct},
        }
    if question.kind == Question.Kind.NUMERIC:
        return {
            "kind": "numeric",
            "answer": question.numeric_answer,
            "tolerance": question.tolerance,
        }
    return {
        "kind": "text",
        "answers": question.text_answers,
        "mode": question.text_mode,
        "case_sensitive": question.case_sensitive,
    }


def attempts_left(*, quiz: Quiz, used: int) -> int | None:
    return None if quiz.max_attempts == 0 else max(quiz.max_attempts - used, 0)


@transaction.atomic
def submit_attempt(*, quiz: Quiz, user: Any, answers: dict[int, Any]) -> dict[str, Any]:
    """Grade the answers and store the attempt. Returns the grading, never answer keys."""
    lesson = quiz.lesson
    enrolment = _lock_enrolment(_enrolment_for(lesson, user))  # serialises a member's attempts
    used = QuizAttempt.objects.filter(quiz=quiz, enrolment=enrolment).count()
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise ValidationError(
            {
                "answers": _("You have used all %(n)s attempts for this quiz.")
                % {"n": quiz.max_attempts}
            }
        )
    questions = list(quiz.questions.prefetch_related("choices"))
    if not questions:
        raise ValidationError({"answers": _("This quiz has no questions yet.")})
    known = {q.pk for q in questions}
    unknown = [k for k in answers if k not in known]
    if unknown:
        raise ValidationError({"answers": _("Answer only this quiz's questions.")})
    earned = total = 0
    results: list[dict[str, Any]] = []
    rows: list[AttemptAnswer] = []
    for question in questions:
        response = answers.get(question.pk, [])
        if not isinstance(response, list):
            response = [response]
        response = [str(r)[: grading.MAX_TEXT + 50] for r in response][:50]
        graded = grading.grade_question(_quiz_key(question), response, points=question.points)
        earned += graded.points
        total += question.points
        chosen = {str(r) for r in response}
        feedback = [
            c.feedback for c in question.choices.all() if str(c.pk) in chosen and c.feedback
        ]
        results.append(
            {
                "question": question.pk,
                "is_correct": graded.is_correct,
                "problem": str(PROBLEMS.get(graded.problem, graded.problem)),
                "feedback": feedback,
                "explanation": question.explanation,
            }
        )
        rows.append(
            AttemptAnswer(question=question, response=response, is_correct=graded.is_correct)
        )
    score = grading.score_percent(earned, total)
    passed = grading.is_passing(earned, total, quiz.pass_mark)
    attempt = QuizAttempt.objects.create(
        quiz=quiz, enrolment=enrolment, number=used + 1, score=score, is_passed=passed
    )
    for row in rows:
        row.attempt = attempt
    AttemptAnswer.objects.bulk_create(rows)
    left = attempts_left(quiz=quiz, used=used + 1)
    reveal = passed or left == 0
    if not reveal:
        for item in results:
            item["explanation"] = ""  # explanations can give the answer away: only after passing
    if passed:
        _mark_done(enrolment, lesson)
        activity.record(actor=user, verb="submit", target=quiz)
        _check_completion(enrolment, user)
    return {
        "attempt": attempt,
        "score": score,
        "is_passed": passed,
        "pass_mark": quiz.pass_mark,
        "attempts_left": left,
        "results": results,
    }


def _check_completion(enrolment: Enrolment, user: Any) -> Enrolment:
    if enrolment.completed_at is not None:
        return enrolment
    lessons = set(
        Lesson.objects.filter(module__course_id=enrolment.course_id).values_list("pk", flat=True)
    )
    done = set(enrolment.progress.values_list("lesson_id", flat=True))
    quizzes = set(
        Quiz.objects.filter(lesson__module__course_id=enrolment.course_id).values_list(
            "pk", flat=True
        )
    )
    passed = set(enrolment.attempts.filter(is_passed=True).values_list("quiz_id", flat=True))
    if not lessons or lessons - done or quizzes - passed:
        return enrolment
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at", "updated_at"])
    issue_certificate(enrolment=enrolment)
    return enrolment


def issue_certificate(*, enrolment: Enrolment) -> Certificate:
    course, user = enrolment.course, enrolment.user
    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing:
        return existing
    competencies = [
        {
            "topic": c.topic.slug,
            "name_en": c.topic.name_en,
            "name_zh": c.topic.name_zh,
            "level": c.level,
        }
        for c in course.competencies.select_related("topic")
    ]
    cert = Certificate.objects.create(
        enrolment=enrolment,
        user=user,
        course=course,
        holder_name=user.display_name or user.handle,
        issued_at=enrolment.completed_at or timezone.now(),
        competencies=competencies,
    )
    activity.record(actor=user, verb="complete", target=course)
    reputation.award(
        user=user,
        reason="course_completed",
        category="courses",
        source=f"courses.certificate:{cert.pk}",
        points=COMPLETION_POINTS,
        capped=False,
    )
    user_id, cert_url, title = user.pk, cert.get_absolute_url(), course.title
    levels = {c["topic"]: c["level"] for c in competencies}
    transaction.on_commit(lambda: raise_skill_levels(user_id=user_id, levels=levels, course=title))
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=[user],
            verb="courses.certificate",
            target=course,
            url=cert_url,
            context={"title": title},
            key=f"courses-certificate-{cert.pk}",
        )
    )
    return cert


def raise_skill_levels(*, user_id: int, levels: dict[str, int], course: str) -> None:
    """Completion is evidence: add missing competencies to the profile, then recompute levels."""
    from aitalent.people import evidence
    from aitalent.people import services as people
    from aitalent.people.models import Profile, ProfileSkill

    profile = Profile.objects.filter(user_id=user_id).select_related("user").first()
    if profile is None:
        return
    have = set(profile.skills.values_list("topic__slug", flat=True))
    for slug, level in levels.items():
        if slug in have:
            continue
        try:
            people.set_skill(
                profile=profile,
                by=profile.user,
                skill=slug,
                level=level,
                how_used=_gettext("Completed the course “%(title)s”") % {"title": course[:200]},
            )
        except (ValidationError, PermissionDenied):
            continue  # a domain topic or a full skill list: the certificate still shows it
    evidence.refresh(ProfileSkill.objects.filter(profile=profile, topic__slug__in=list(levels)))


def certificate_evidence(skills: list[Any]) -> dict[int, list[Any]]:
    """Each valid certificate vouches for its competencies: weight enough for the level reached."""
    from django.utils.translation import gettext as _t

    from aitalent.people.evidence import Evidence

    if not skills:
        return {}
    profile_model = skills[0]._meta.get_field("profile").related_model
    users = dict(
        profile_model.objects.filter(pk__in={s.profile_id for s in skills}).values_list(
            "pk", "user_id"
        )
    )
    wanted = {(users.get(s.profile_id), s.topic_id): s.id for s in skills}
    rows = (
        Competency.objects.filter(
            topic_id__in={s.topic_id for s in skills},
            course__certificates__user_id__in=set(users.values()),
            course__certificates__revoked_at__isnull=True,
        )
        .values_list(
            "course__certificates__user_id",
            "topic_id",
            "level",
            "course__title",
            "course__certificates__public_id",
            "course__certificates__issued_at",
        )
        .order_by("-level")
    )
    result: dict[int, list[Any]] = {}
    for user_id, topic_id, level, title, public_id, issued_at in rows:
        skill_id = wanted.get((user_id, topic_id))
        if skill_id is None:
            continue
        first = skill_id not in result
        from django.urls import reverse

        result.setdefault(skill_id, []).append(
            Evidence(
                source="course_certificate",
                label=_t("Course certificate: %(title)s") % {"title": title},
                # the strongest certificate reaches its level; further ones add a little
                weight=THRESHOLDS[min(level, 4) - 1] if first else 0.5,
                url=reverse("courses:certificate", args=[public_id]),
                at=issued_at,
            )
        )
    return result


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by: Any, reason: str) -> Certificate:
    if not by.is_staff:
        raise PermissionDenied(_("Only staff can revoke certificates."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason.strip()[:300]
    certificate.revoked_by = by
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by", "updated_at"])
    reputation.revoke(user=certificate.user, source=f"courses.certificate:{certificate.pk}")
    user_id = certificate.user_id
    slugs = [c["topic"] for c in certificate.competencies]
    transaction.on_commit(lambda: _refresh(user_id, slugs))
    return certificate


def _refresh(user_id: int, slugs: list[str]) -> None:
    from aitalent.people import evidence
    from aitalent.people.models import ProfileSkill

    evidence.refresh(ProfileSkill.objects.filter(profile__user_id=user_id, topic__slug__in=slugs))


# --- discussion ----------


def discussion_thread(*, lesson: Lesson) -> Any:
    course = lesson.module.course
    thread = forum.get_or_create_context_thread(
        target=lesson,
        title=f"{course.title}: {lesson.title}",
        author=course.created_by,
        topics=course.topics.all(),
        language=course.language,
    )
    if thread.reply_count == 0:
        # Instructors watch a lesson's discussion from the start, so the forum tells them about
        # learners' questions ("forum.replied"); members can still change their watch level.
        for instructor in course.instructors.all():
            notifications.watch_by_default(user=instructor, target=thread)
    return thread


@transaction.atomic
def endorse_post(*, lesson: Lesson, post_id: int, by: Any, endorse: bool = True) -> None:
    """Instructors mark a good answer in a lesson discussion ("Endorsed by the instructor")."""
    from aitalent.forum.models import Post

    _check_instructor(lesson.module.course, by)
    ok = Post.objects.filter(
        pk=post_id,
        thread__context_type="courses.lesson",
        thread__context_id=lesson.pk,
        is_deleted=False,
        is_opening=False,
    ).exists()
    if not ok:
        raise ValidationError(
            {"post": _("Only a reply in this lesson's discussion can be endorsed.")}
        )
    if endorse:
        LessonEndorsement.objects.get_or_create(
            post_id=post_id, defaults={"lesson": lesson, "endorsed_by": by}
        )
    else:
        LessonEndorsement.objects.filter(post_id=post_id, lesson=lesson).delete()


# --- learning paths ----------


@transaction.atomic
def create_path(
    *, by: Any, title: str, description: str = "", steps: list[dict[str, Any]], language: str = "en"
) -> LearningPath:
    if not selectors.can_teach(by):
        raise PermissionDenied(_("Only instructors can create learning paths."))
    base = slugify(title)[:100] or "path"
    slug = (
        base
        if not LearningPath.objects.filter(slug=base).exists()
        else f"{base}-{uuid.uuid4().hex[:6]}"
    )
    path = LearningPath(
        slug=slug, title=title, description=description, created_by=by, language=language
    )
    path.full_clean()
    path.save()
    for position, step in enumerate(steps, start=1):
        row = PathStep(path=path, position=position, **step)
        row.full_clean()
        row.save()
    return path


# --- member data ----------


def export_member_data(user: Any) -> dict[str, Any]:
    # The member's own responses and whether they were right: never the quizzes' answer keys.
    return {
        "courses_taught": list(Course.objects.filter(instructors=user).values("title", "slug")),
        "enrolments": [
            {
                "course": e.course.title,
                "enrolled_at": e.created_at.isoformat(),
                "completed_at": e.completed_at.isoformat() if e.completed_at else None,
                "lessons_done": [p.lesson.title for p in e.progress.select_related("lesson")],
                "attempts": [
                    {
                        "quiz": a.quiz.lesson.title,
                        "number": a.number,
                        "score": str(a.score),
                        "is_passed": a.is_passed,
                        "responses": [
                            {
                                "question": r.question.prompt[:200],
                                "response": r.response,
                                "is_correct": r.is_correct,
                            }
                            for r in a.answers.select_related("question")
                        ],
                    }
                    for a in e.attempts.select_related("quiz__lesson")
                ],
            }
            for e in Enrolment.objects.filter(user=user).select_related("course")
        ],
        "certificates": [
            {
                "course": c.course.title,
                "public_id": c.public_id,
                "issued_at": c.issued_at.isoformat(),
                "revoked": c.is_revoked,
            }
            for c in Certificate.objects.filter(user=user).select_related("course")
        ],
    }


def erase_member_data(user: Any) -> None:
    # Courses stay for their learners; the author becomes "deleted member".
    Course.objects.filter(created_by=user).update(created_by=None)
    for course in Course.objects.filter(instructors=user):
        course.instructors.remove(user)
    LearningPath.objects.filter(created_by=user).update(created_by=None)
    LessonEndorsement.objects.filter(endorsed_by=user).update(endorsed_by=None)
    Certificate.objects.filter(revoked_by=user).update(revoked_by=None)
    Certificate.objects.filter(user=user).delete()
    Enrolment.objects.filter(user=user).delete()


def count_view(*, course: Course, viewer: Any) -> None:
    """A member's view of a published course page feeds recommendations and analytics."""
    if getattr(viewer, "is_authenticated", False) and course.is_published:
        activity.record(actor=viewer, verb="view", target=course)
