"""Courses: course → modules → lessons (text, video, files, quiz), enrolments, certificates."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aitalent.core.models import TimeStampedModel, Topic


def _certificate_id() -> str:
    return secrets.token_urlsafe(24)


def _salt() -> str:
    return secrets.token_hex(16)


class Course(TimeStampedModel):
    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Language(models.TextChoices):
        EN = "en", _("English")
        ZH = "zh-hans", _("Chinese")

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), max_length=20_000, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="courses")
    level = models.CharField(_("level"), max_length=16, choices=Level, default=Level.BEGINNER)
    language = models.CharField(_("language"), max_length=10, choices=Language, default="en")
    estimated_hours = models.PositiveSmallIntegerField(
        _("estimated hours"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    cover_image = models.ImageField(_("cover image"), upload_to="courses/covers/", blank=True)
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="courses_taught", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="courses_created",
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    prerequisite_courses = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="unlocks"
    )
    # A practice competition or starter project (any page on the platform or elsewhere).
    capstone_title = models.CharField(_("capstone title"), max_length=160, blank=True)
    capstone_url = models.URLField(_("capstone link"), blank=True)
    enrolment_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [("teach", "Can create and teach courses")]
        indexes = [
            models.Index(fields=["status", "level"], name="courses_course_status_level"),
            models.Index(fields=["status", "language"], name="courses_course_status_lang"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Competency(models.Model):
    """A topic the course teaches and the (evidenced) level a completer reaches."""

    class Level(models.IntegerChoices):
        BEGINNER = 1, _("Beginner")
        ELEMENTARY = 2, _("Elementary")
        INTERMEDIATE = 3, _("Intermediate")
        ADVANCED = 4, _("Advanced")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="competencies")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="course_competencies")
    level = models.PositiveSmallIntegerField(choices=Level, default=Level.BEGINNER)

    class Meta:
        ordering = ["-level", "topic__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["course", "topic"], name="courses_competency_once"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="courses_competency_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} → {self.level}"


class TopicRequirement(models.Model):
    """A prerequisite: a minimum evidenced level in a topic."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="topic_requirements")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="course_requirements")
    min_level = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["topic__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["course", "topic"], name="courses_requirement_once"),
            models.CheckConstraint(
                condition=models.Q(min_level__gte=1, min_level__lte=5),
                name="courses_requirement_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ≥ {self.min_level}"


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=160)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["course", "position"], name="courses_module_order")]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=160)
    position = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(_("text"), max_length=60_000, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MaxValueValidator(600)]
    )

    class Meta:
        ordering = ["module__position", "position", "id"]
        indexes = [models.Index(fields=["module", "position"], name="courses_lesson_order")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:lesson", args=[self.module.course.slug, self.pk])


class Attachment(TimeStampedModel):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=160)
    file = models.FileField(_("file"), upload_to="courses/attachments/")

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Quiz(models.Model):
    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=3,
        validators=[MaxValueValidator(100)],
        help_text=_("0 means unlimited."),
    )
    shuffle = models.BooleanField(_("shuffle questions and choices"), default=False)

    class Meta:
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=100),
                name="courses_quiz_pass_mark",
            )
        ]

    def __str__(self) -> str:
        return f"Quiz: {self.lesson}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        NUMERIC = "numeric", _("Number")
        TEXT = "text", _("Short text")

    class TextMode(models.TextChoices):
        EXACT = "exact", _("Exact (ignoring case and spacing)")
        PATTERN = "pattern", _("Regular expression (whole answer)")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.SINGLE)
    prompt = models.TextField(_("question"), max_length=5_000)
    position = models.PositiveSmallIntegerField(default=0)
    points = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    # Answer keys: never serialised to learners before grading (see selectors/api).
    numeric_answer = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    tolerance = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    text_answers = models.JSONField(default=list, blank=True)
    text_mode = models.CharField(max_length=10, choices=TextMode, default=TextMode.EXACT)
    case_sensitive = models.BooleanField(default=False)
    explanation = models.TextField(_("explanation shown once passed"), max_length=5_000, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.prompt[:60]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=500)
    is_correct = models.BooleanField(default=False)
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Enrolment(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_enrolments"
    )
    last_lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="courses_enrol_once")
        ]
        indexes = [
            models.Index(fields=["user", "-updated_at"], name="courses_enrol_user_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="courses_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.lesson_id}"


class QuizAttempt(TimeStampedModel):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    score = models.DecimalField(max_digits=6, decimal_places=2)
    is_passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "enrolment", "number"], name="courses_attempt_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} on {self.quiz}"


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="responses")
    response = models.JSONField(default=list)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question__position", "id"]
        indexes = [models.Index(fields=["question", "is_correct"], name="courses_answer_stats")]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.question_id}"


class Certificate(TimeStampedModel):
    public_id = models.CharField(max_length=48, unique=True, default=_certificate_id)
    enrolment = models.OneToOneField(
        Enrolment, null=True, on_delete=models.SET_NULL, related_name="certificate"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_certificates"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    holder_name = models.CharField(max_length=160)
    issued_at = models.DateTimeField()
    # [{"topic": slug, "name_en", "name_zh", "level"}] as reached at issue time.
    competencies = models.JSONField(default=list)
    badge_salt = models.CharField(max_length=32, default=_salt)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_certificate_once")
        ]

    def __str__(self) -> str:
        return f"{self.course} — {self.holder_name}"

    def get_absolute_url(self) -> str:
        return reverse("courses:certificate", args=[self.public_id])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class LessonEndorsement(TimeStampedModel):
    """An instructor vouches for an answer in a lesson discussion (the forum has no such notion)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="endorsements")
    post_id = models.BigIntegerField(unique=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"post {self.post_id}"


class LearningPath(TimeStampedModel):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="learning_paths")
    language = models.CharField(max_length=10, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:path", args=[self.slug])


class PathStep(models.Model):
    """A course, or a practice step (a resource, a competition) given by title and link."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.CASCADE, related_name="path_steps"
    )
    title = models.CharField(max_length=160, blank=True)
    url = models.URLField(blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__isnull=False) | ~models.Q(url=""),
                name="courses_step_course_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.course)
