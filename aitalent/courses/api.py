"""Courses API: catalog, enrolment, progress, lessons, quiz attempts, certificates.

Learner-facing serializers list their fields explicitly: no answer key (is_correct, numeric
answer, tolerance, accepted texts) appears in any response before or after grading.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.core.api import CursorPagination
from aitalent.courses import selectors, services
from aitalent.courses.models import Certificate, Course, Enrolment


class CompetencySerializer(serializers.Serializer):
    topic = serializers.CharField(source="topic.slug")
    level = serializers.IntegerField()


class RequirementSerializer(serializers.Serializer):
    topic = serializers.CharField(source="topic.slug")
    min_level = serializers.IntegerField()


class InstructorSerializer(serializers.Serializer):
    handle = serializers.CharField()
    name = serializers.CharField(source="display_name")


class CourseOutputSerializer(serializers.ModelSerializer):
    # plain strings: a "level"/"language" enum would collide with other apps' choice sets
    level = serializers.CharField(help_text="beginner, intermediate or advanced")
    language = serializers.CharField(help_text="en or zh-hans")
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    competencies = CompetencySerializer(many=True, read_only=True)
    requirements = RequirementSerializer(source="topic_requirements", many=True, read_only=True)
    url_on_site = serializers.CharField(source="get_absolute_url")
    is_next_step = serializers.SerializerMethodField()

    class Meta:
        model = Course
        ref_name = "Course"
        fields = [
            "slug",
            "title",
            "summary",
            "level",
            "language",
            "estimated_hours",
            "topics",
            "competencies",
            "requirements",
            "enrolment_count",
            "published_at",
            "url_on_site",
            "is_next_step",
        ]

    def get_is_next_step(self, course: Course) -> bool:
        return course.pk in self.context.get("next_ids", set())


class LessonSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    quiz_id = serializers.IntegerField(allow_null=True)


class ModuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    lessons = LessonSummarySerializer(many=True)


class NeedSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    course = serializers.CharField(allow_null=True)
    topic = serializers.CharField(allow_null=True)
    min_level = serializers.IntegerField()
    have_level = serializers.IntegerField()
    suggestions = serializers.ListField(child=serializers.CharField())


class CourseDetailSerializer(CourseOutputSerializer):
    instructors = InstructorSerializer(many=True, read_only=True)
    prerequisite_courses = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    modules = serializers.SerializerMethodField()
    needs = serializers.SerializerMethodField()

    class Meta(CourseOutputSerializer.Meta):
        ref_name = "CourseDetail"
        fields = [
            *CourseOutputSerializer.Meta.fields,
            "description",
            "instructors",
            "prerequisite_courses",
            "capstone_title",
            "capstone_url",
            "modules",
            "needs",
        ]

    @extend_schema_field(ModuleSerializer(many=True))
    def get_modules(self, course: Course) -> list[dict[str, Any]]:
        return [
            {
                "id": m.pk,
                "title": m.title,
                "lessons": [
                    {
                        "id": lesson.pk,
                        "title": lesson.title,
                        "estimated_minutes": lesson.estimated_minutes,
                        "quiz_id": getattr(getattr(lesson, "quiz", None), "pk", None)
                        if hasattr(lesson, "quiz")
                        else None,
                    }
                    for lesson in m.lessons.all()
                ],
            }
            for m in self.context["modules"]
        ]

    @extend_schema_field(NeedSerializer(many=True))
    def get_needs(self, course: Course) -> list[dict[str, Any]]:
        return [
            {
                "kind": n.kind,
                "label": n.label,
                "course": n.course.slug if n.course else None,
                "topic": n.topic.slug if n.topic else None,
                "min_level": n.min_level,
                "have_level": n.have_level,
                "suggestions": [c.slug for c in n.suggestions],
            }
            for n in self.context.get("needs", [])
        ]


class CourseListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("topic", str),
            OpenApiParameter("level", str, enum=Course.Level.values),
            OpenApiParameter("language", str, enum=Course.Language.values),
            OpenApiParameter("next_step", bool, description="Only courses that fit my level now"),
        ],
        responses={200: CourseOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        filters = selectors.CatalogFilters(
            q=request.query_params.get("q", "")[:100],
            topic=request.query_params.get("topic", "")[:60],
            level=request.query_params.get("level", ""),
            language=request.query_params.get("language", ""),
        )
        next_ids = {c.pk for c in selectors.next_steps(user=request.user, limit=50)}
        qs = selectors.list_courses(viewer=request.user, filters=filters)
        if request.query_params.get("next_step") in ("1", "true"):
            qs = qs.filter(pk__in=next_ids)
        paginator = CursorPagination()
        paginator.ordering = "-created_at"
        page = paginator.paginate_queryset(qs, request, view=self)
        data = CourseOutputSerializer(page, many=True, context={"next_ids": next_ids}).data
        return paginator.get_paginated_response(data)


class CourseDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: CourseDetailSerializer})
    def get(self, request: Request, slug: str) -> Response:
        course = selectors.get_course_for_user(user=request.user, slug=slug)
        context = {
            "modules": selectors.outline(course=course),
            "needs": selectors.missing_requirements(course=course, user=request.user)
            if request.user.is_authenticated
            else [],
        }
        return Response(CourseDetailSerializer(course, context=context).data)


class ModuleProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer):
    course = serializers.CharField()
    enrolled_at = serializers.DateTimeField()
    percent = serializers.IntegerField()
    lessons_done = serializers.ListField(child=serializers.IntegerField())
    quizzes_passed = serializers.ListField(child=serializers.IntegerField())
    modules = ModuleProgressSerializer(many=True)
    resume_lesson = serializers.IntegerField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    certificate = serializers.CharField(allow_null=True)


def _progress_data(enrolment: Enrolment) -> dict[str, Any]:
    modules = selectors.outline(course=enrolment.course)
    progress = selectors.progress_for(enrolment=enrolment, modules=modules)
    cert = Certificate.objects.filter(enrolment=enrolment, revoked_at__isnull=True).first()
    return {
        "course": enrolment.course.slug,
        "enrolled_at": enrolment.created_at,
        "percent": progress.percent,
        "lessons_done": sorted(progress.done),
        "quizzes_passed": sorted(progress.passed_quizzes),
        "modules": [
            {"id": m.pk, "title": m.title, "done": done, "total": total}
            for m, done, total in progress.modules
        ],
        "resume_lesson": progress.resume.pk if progress.resume else None,
        "completed_at": enrolment.completed_at,
        "certificate": cert.public_id if cert else None,
    }


class CourseEnrollApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: ProgressSerializer})
    def post(self, request: Request, slug: str) -> Response:
        course = selectors.get_course_for_user(user=request.user, slug=slug)
        enrolment = services.enroll(course=course, user=request.user)
        return Response(_progress_data(enrolment), status=status.HTTP_201_CREATED)


class CourseProgressApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ProgressSerializer})
    def get(self, request: Request, slug: str) -> Response:
        course = selectors.get_course_for_user(user=request.user, slug=slug)
        enrolment = selectors.viewer_enrolment(course=course, user=request.user)
        if enrolment is None:
            from rest_framework.exceptions import NotFound

            raise NotFound("You are not enrolled in this course.")
        return Response(_progress_data(enrolment))


class EnrolmentListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ProgressSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = Enrolment.objects.filter(user=request.user).select_related("course")[:100]
        return Response([_progress_data(e) for e in rows])


class LearnerChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class LearnerQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    prompt = serializers.CharField()
    points = serializers.IntegerField()
    choices = LearnerChoiceSerializer(many=True)


class LearnerQuizSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pass_mark = serializers.IntegerField()
    max_attempts = serializers.IntegerField()
    attempts_used = serializers.IntegerField()
    attempts_left = serializers.IntegerField(allow_null=True)
    has_passed = serializers.BooleanField()
    questions = LearnerQuestionSerializer(many=True)


class AttachmentSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()


class LessonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.CharField()
    module = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField(help_text="Markdown source")
    video_embed_url = serializers.CharField(allow_null=True)
    estimated_minutes = serializers.IntegerField()
    attachments = AttachmentSerializer(many=True)
    quiz = LearnerQuizSerializer(allow_null=True)


class LessonDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: LessonOutputSerializer})
    def get(self, request: Request, lesson_id: int) -> Response:
        from django.urls import reverse

        from aitalent.knowledge import embeds

        lesson = selectors.get_lesson_by_id_for_user(user=request.user, lesson_id=lesson_id)
        course = lesson.module.course
        services.visit_lesson(lesson=lesson, user=request.user)
        quiz = getattr(lesson, "quiz", None) if hasattr(lesson, "quiz") else None
        quiz_data = None
        if quiz is not None:
            enrolment = selectors.viewer_enrolment(course=course, user=request.user)
            attempts = selectors.attempts_for(quiz=quiz, enrolment=enrolment)
            questions = selectors.learner_questions(
                quiz=quiz, user=request.user, attempt_number=len(attempts) + 1
            )
            quiz_data = {
                "id": quiz.pk,
                "pass_mark": quiz.pass_mark,
                "max_attempts": quiz.max_attempts,
                "attempts_used": len(attempts),
                "attempts_left": services.attempts_left(quiz=quiz, used=len(attempts)),
                "has_passed": any(a.is_passed for a in attempts),
                "questions": [
                    {
                        "id": q.id,
                        "kind": q.kind,
                        "prompt": q.prompt,
                        "points": q.points,
                        "choices": [{"id": c.id, "text": c.text} for c in q.choices],
                    }
                    for q in questions
                ],
            }
        data = {
            "id": lesson.pk,
            "course": course.slug,
            "module": lesson.module.title,
            "title": lesson.title,
            "body": lesson.body,
            "video_embed_url": embeds.video_embed_url(lesson.video_url)
            if lesson.video_url
            else None,
            "estimated_minutes": lesson.estimated_minutes,
            "attachments": [
                {
                    "title": a.title,
                    "url": reverse("courses:attachment", args=[course.slug, lesson.pk, a.pk]),
                }
                for a in lesson.attachments.all()
            ],
            "quiz": quiz_data,
        }
        return Response(LessonOutputSerializer(data).data)


class LessonCompleteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: ProgressSerializer})
    def post(self, request: Request, lesson_id: int) -> Response:
        lesson = selectors.get_lesson_by_id_for_user(user=request.user, lesson_id=lesson_id)
        enrolment = services.complete_lesson(lesson=lesson, user=request.user)
        return Response(_progress_data(enrolment))


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    response = serializers.ListField(
        child=serializers.CharField(max_length=300, allow_blank=True),
        max_length=50,
        help_text="Choice ids for choice questions; one string for number and short text.",
    )


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    is_correct = serializers.BooleanField()
    problem = serializers.CharField()
    feedback = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField(
        help_text="Only once the quiz is passed or attempts are used up"
    )


class AttemptOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    is_passed = serializers.BooleanField()
    pass_mark = serializers.IntegerField()
    attempts_left = serializers.IntegerField(allow_null=True)
    results = QuestionResultSerializer(many=True)
    course_completed = serializers.BooleanField()
    certificate = serializers.CharField(allow_null=True)


class QuizAttemptApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        answers = AnswerInputSerializer(many=True, max_length=200)

    @extend_schema(request=InputSerializer, responses={201: AttemptOutputSerializer})
    def post(self, request: Request, quiz_id: int) -> Response:
        quiz = selectors.get_quiz_for_user(user=request.user, quiz_id=quiz_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        answers = {a["question"]: a["response"] for a in payload.validated_data["answers"]}
        result = services.submit_attempt(quiz=quiz, user=request.user, answers=answers)
        enrolment = result["attempt"].enrolment
        enrolment.refresh_from_db(fields=["completed_at"])
        cert = Certificate.objects.filter(enrolment=enrolment, revoked_at__isnull=True).first()
        data = {
            "number": result["attempt"].number,
            "score": result["score"],
            "is_passed": result["is_passed"],
            "pass_mark": result["pass_mark"],
            "attempts_left": result["attempts_left"],
            "results": result["results"],
            "course_completed": enrolment.completed_at is not None,
            "certificate": cert.public_id if cert else None,
        }
        return Response(AttemptOutputSerializer(data).data, status=status.HTTP_201_CREATED)


class CompetencyRecordSerializer(serializers.Serializer):
    topic = serializers.CharField()
    name_en = serializers.CharField()
    name_zh = serializers.CharField()
    level = serializers.IntegerField()


class CertificateSerializer(serializers.Serializer):
    public_id = serializers.CharField()
    holder_name = serializers.CharField()
    course = serializers.CharField(source="course.title")
    course_slug = serializers.CharField(source="course.slug")
    issued_at = serializers.DateTimeField()
    competencies = CompetencyRecordSerializer(many=True)
    verification_url = serializers.CharField(source="get_absolute_url")


class CertificateListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: CertificateSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = selectors.certificates_of(user=request.user)[:200]
        return Response(CertificateSerializer(rows, many=True).data)


class CertificateVerifyApi(APIView):
    """Public: a valid certificate, or 404 for forged and revoked ids alike."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: CertificateSerializer})
    def get(self, request: Request, public_id: str) -> Response:
        cert = selectors.get_certificate_for_verification(public_id=public_id)
        return Response(CertificateSerializer(cert).data)
