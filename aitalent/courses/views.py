from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent.courses import badges, certificates, forms, selectors, services
from aitalent.courses.models import Course, LearningPath, Module, Question
from aitalent.forum import forms as forum_forms
from aitalent.forum import selectors as forum_selectors

PAGE_SIZE = 12


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _messages_from(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


# --- catalog and learning ----------


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET)
    params = form.cleaned_data if form.is_valid() else {}
    filters = selectors.CatalogFilters(
        q=params.get("q", ""),
        topic=params.get("topic", ""),
        level=params.get("level", ""),
        language=params.get("language", ""),
    )
    page = Paginator(
        selectors.list_courses(viewer=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    next_steps = selectors.next_steps(user=request.user)
    return render(
        request,
        "courses/list.html",
        {
            "page": page,
            "params": {k: params.get(k, "") for k in ("q", "topic", "level", "language")},
            "level_choices": Course.Level.choices,
            "language_choices": Course.Language.choices,
            "next_steps": next_steps,
            "next_ids": {c.pk for c in next_steps},
            "can_teach": selectors.can_teach(request.user),
            "paths": LearningPath.objects.filter(is_published=True)[:6],
        },
    )


@login_required
@require_GET
def my_learning(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "courses/my_learning.html",
        {
            "enrolments": list(selectors.my_learning(user=request.user)[:100]),
            "taught": list(selectors.courses_taught(user=request.user)[:50]),
            "can_teach": selectors.can_teach(request.user),
        },
    )


@require_GET
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.get_course_for_user(user=request.user, slug=slug)
    services.count_view(course=course, viewer=request.user)
    modules = selectors.outline(course=course)
    enrolment = selectors.viewer_enrolment(course=course, user=request.user)
    return render(
        request,
        "courses/detail.html",
        {
            "course": course,
            "modules": modules,
            "enrolment": enrolment,
            "progress": selectors.progress_for(enrolment=enrolment, modules=modules),
            "needs": selectors.missing_requirements(course=course, user=request.user)
            if request.user.is_authenticated and enrolment is None
            else [],
            "is_instructor": selectors.is_instructor(course=course, user=request.user),
            "certificate": getattr(enrolment, "certificate", None) if enrolment else None,
        },
    )


@login_required
@require_POST
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def course_enroll(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.get_course_for_user(user=request.user, slug=slug)
    try:
        services.enroll(course=course, user=request.user)
    except ValidationError as exc:
        _messages_from(request, exc)
        return redirect(course.get_absolute_url())
    messages.success(request, _("You are enrolled. Start with the first lesson."))
    modules = selectors.outline(course=course)
    lessons = selectors.all_lessons(modules)
    return redirect(lessons[0].get_absolute_url() if lessons else course.get_absolute_url())


def _lesson_context(request: HttpRequest, lesson: Any) -> dict[str, Any]:
    from aitalent.knowledge import embeds

    course = lesson.module.course
    modules = selectors.outline(course=course)
    lessons = selectors.all_lessons(modules)
    index = next(i for i, x in enumerate(lessons) if x.pk == lesson.pk)
    enrolment = selectors.viewer_enrolment(course=course, user=request.user)
    quiz = getattr(lesson, "quiz", None) if hasattr(lesson, "quiz") else None
    attempts = selectors.attempts_for(quiz=quiz, enrolment=enrolment) if quiz else []
    thread = services.discussion_thread(lesson=lesson)
    return {
        "course": course,
        "lesson": lesson,
        "modules": modules,
        "enrolment": enrolment,
        "progress": selectors.progress_for(enrolment=enrolment, modules=modules),
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
        "embed_url": embeds.video_embed_url(lesson.video_url) if lesson.video_url else None,
        "quiz": quiz,
        "questions": selectors.learner_questions(
            quiz=quiz, user=request.user, attempt_number=len(attempts) + 1
        )
        if quiz
        else [],
        "attempts": attempts,
        "attempts_left": services.attempts_left(quiz=quiz, used=len(attempts)) if quiz else None,
        "has_passed": any(a.is_passed for a in attempts),
        "is_instructor": selectors.is_instructor(course=course, user=request.user),
        "thread": thread,
        "posts": forum_selectors.thread_posts(thread=thread, viewer=request.user),
        "endorsed": selectors.endorsed_post_ids(lesson=lesson),
        "reply_form": forum_forms.ReplyForm(),
    }


@require_GET
def lesson_detail(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(user=request.user, slug=slug, lesson_id=lesson_id)
    services.visit_lesson(lesson=lesson, user=request.user)
    return render(request, "courses/lesson.html", _lesson_context(request, lesson))


@login_required
@require_POST
@ratelimit(key="user", rate="300/h", method="POST", block=True)
def lesson_complete(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(user=request.user, slug=slug, lesson_id=lesson_id)
    try:
        enrolment = services.complete_lesson(lesson=lesson, user=request.user)
    except ValidationError as exc:
        _messages_from(request, exc)
        return redirect(lesson.get_absolute_url())
    if enrolment.completed_at:
        messages.success(request, _("Course complete: your certificate is ready."))
        return redirect(lesson.module.course.get_absolute_url())
    context = _lesson_context(request, lesson)
    if context["next"] is not None:
        return redirect(context["next"].get_absolute_url())
    return redirect(lesson.module.course.get_absolute_url())


def _answers_from(request: HttpRequest, questions: list[Any]) -> dict[int, Any]:
    answers: dict[int, Any] = {}
    for question in questions:
        values = [v for v in request.POST.getlist(f"q-{question.id}") if v.strip()]
        if values:
            answers[question.id] = values
    return answers


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def quiz_submit(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(user=request.user, slug=slug, lesson_id=lesson_id)
    quiz = getattr(lesson, "quiz", None) if hasattr(lesson, "quiz") else None
    if quiz is None:
        raise Http404
    questions = selectors.learner_questions(quiz=quiz, user=request.user, attempt_number=1)
    try:
        result = services.submit_attempt(
            quiz=quiz, user=request.user, answers=_answers_from(request, questions)
        )
    except ValidationError as exc:
        _messages_from(request, exc)
        return redirect(lesson.get_absolute_url() + "#quiz")
    context = _lesson_context(request, lesson)
    context["result"] = result
    context["result_by_question"] = {r["question"]: r for r in result["results"]}
    context["submitted"] = {q.id: request.POST.getlist(f"q-{q.id}") for q in questions}
    template = "courses/partials/quiz.html" if request.htmx else "courses/lesson.html"
    return render(request, template, context)


@require_GET
def path_list(request: HttpRequest) -> HttpResponse:
    paths = LearningPath.objects.filter(is_published=True).prefetch_related("topics")
    page = Paginator(paths, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/paths.html",
        {"page": page, "can_teach": selectors.can_teach(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def path_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_teach(request.user):
        raise PermissionDenied
    form = forms.PathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            path = services.create_path(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Learning path created."))
            return redirect(path.get_absolute_url())
    return render(request, "courses/path_form.html", {"form": form})


@require_GET
def path_detail(request: HttpRequest, slug: str) -> HttpResponse:
    path = selectors.get_path(slug=slug)
    completed = selectors.completed_course_ids(user=request.user)
    steps = [step for step in path.steps.all() if step.course is None or step.course.is_published]
    return render(
        request, "courses/path.html", {"path": path, "steps": steps, "completed": completed}
    )


# --- certificates ----------


@require_GET
def certificate_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    cert = selectors.get_certificate_for_verification(public_id=public_id)
    return render(
        request,
        "courses/certificate.html",
        {
            "cert": cert,
            "is_holder": request.user.is_authenticated and request.user.pk == cert.user_id,
            "revoke_form": forms.RevokeForm() if request.user.is_staff else None,
        },
    )


@require_GET
def certificate_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    cert = selectors.get_certificate_for_verification(public_id=public_id)
    data = certificates.render_pdf(
        cert=cert, verify_url=request.build_absolute_uri(cert.get_absolute_url())
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{cert.public_id[:12]}.pdf"'
    )
    return response


@require_GET
def certificate_assertion(request: HttpRequest, public_id: str) -> JsonResponse:
    return badges.assertion_response(request, public_id=public_id)


@require_GET
def badge_class(request: HttpRequest, slug: str) -> JsonResponse:
    course = get_object_or_404(Course, slug=slug, status=Course.Status.PUBLISHED)
    return JsonResponse(
        badges.badge_class(request, course), json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def badge_issuer(request: HttpRequest) -> JsonResponse:
    return JsonResponse(badges.issuer(request), json_dumps_params={"ensure_ascii": False})


@require_GET
def badge_image(request: HttpRequest, slug: str) -> HttpResponse:
    get_object_or_404(Course, slug=slug, status=Course.Status.PUBLISHED)
    return HttpResponse(badges.badge_svg(), content_type="image/svg+xml")


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def certificate_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    cert = selectors.get_certificate_for_staff(user=request.user, public_id=public_id)
    form = forms.RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the certificate is revoked."))
        return redirect(cert.get_absolute_url())
    services.revoke_certificate(
        certificate=cert, by=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("The certificate is revoked; its page no longer verifies."))
    return redirect("courses:index")


# --- authoring ----------


def _save_course(request: HttpRequest, form: forms.CourseForm, course: Course | None) -> Course:
    data = dict(form.cleaned_data)
    competencies = data.pop("competencies")
    requirements = data.pop("requirements")
    prerequisites = list(data.pop("prerequisite_courses"))
    co_instructors = data.pop("co_instructors")
    topics = [t.slug for t in data.pop("topics")]
    if course is None:
        course = services.create_course(
            by=request.user, topics=topics, instructors=co_instructors, **data
        )
    else:
        course = services.update_course(
            course=course, by=request.user, topics=topics, instructors=co_instructors, **data
        )
    services.set_competencies(course=course, by=request.user, items=competencies)
    services.set_requirements(
        course=course, by=request.user, courses=prerequisites, topics=requirements
    )
    return course


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def course_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_teach(request.user):
        raise PermissionDenied
    form = forms.CourseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = _save_course(request, form, None)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Course created as a draft. Add modules and lessons."))
            return redirect("courses:manage", slug=course.slug)
    return render(request, "courses/form.html", {"form": form, "course": None})


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def course_edit(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.get_course_for_user(user=request.user, slug=slug, write=True)
    form = forms.CourseForm(
        request.POST or None, request.FILES or None, initial=forms.CourseForm.initial_for(course)
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_course(request, form, course)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Course saved."))
            return redirect("courses:manage", slug=course.slug)
    return render(request, "courses/form.html", {"form": form, "course": course})


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def course_status(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.get_course_for_user(user=request.user, slug=slug, write=True)
    try:
        services.set_status(course=course, by=request.user, status=request.POST.get("status", ""))
    except ValidationError as exc:
        _messages_from(request, exc)
    return redirect("courses:manage", slug=course.slug)


@login_required
@require_GET
def course_manage(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.get_course_for_user(user=request.user, slug=slug, write=True)
    modules = selectors.outline(course=course)
    enrolments = Paginator(selectors.enrolments_of(course=course), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/manage.html",
        {
            "course": course,
            "modules": modules,
            "enrolments": enrolments,
            "funnel": selectors.funnel(course=course, modules=modules),
            "stats": selectors.question_stats(course=course)[:20],
            "unanswered": selectors.unanswered_questions(course=course),
            "module_form": forms.ModuleForm(),
            "lesson_form": forms.LessonForm(),
        },
    )


def _module_for(request: HttpRequest, slug: str, module_id: int) -> Module:
    course = selectors.get_course_for_user(user=request.user, slug=slug, write=True)
    module = get_object_or_404(Module, pk=module_id, course=course)
    module.course = course
    return module


@login_required
@require_POST
@ratelimit(key="user", rate="120/h", method="POST", block=True)
def module_add(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.get_course_for_user(user=request.user, slug=slug, write=True)
    form = forms.ModuleForm(request.POST)
    if form.is_valid():
        services.add_module(course=course, by=request.user, title=form.cleaned_data["title"])
    else:
        messages.error(request, _("Give the module a title."))
    return redirect("courses:manage", slug=course.slug)


@login_required
@require_POST
@ratelimit(key="user", rate="300/h", method="POST", block=True)
def module_move(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    module = _module_for(request, slug, module_id)
    services.move_module(
        module=module, by=request.user, direction=-1 if request.POST.get("dir") == "up" else 1
    )
    return redirect("courses:manage", slug=slug)


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def module_delete(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    services.delete_module(module=_module_for(request, slug, module_id), by=request.user)
    return redirect("courses:manage", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="120/h", method="POST", block=True)
def lesson_add(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    module = _module_for(request, slug, module_id)
    form = forms.LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.add_lesson(module=module, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("courses:lesson-edit", slug=slug, lesson_id=lesson.pk)
    return render(
        request, "courses/lesson_form.html", {"form": form, "course": module.course, "lesson": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="300/h", method="POST", block=True)
def lesson_edit(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(
        user=request.user, slug=slug, lesson_id=lesson_id, write=True
    )
    initial = {
        "title": lesson.title,
        "body": lesson.body,
        "video_url": lesson.video_url,
        "estimated_minutes": lesson.estimated_minutes,
    }
    form = forms.LessonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_lesson(lesson=lesson, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Lesson saved."))
            return redirect("courses:lesson-edit", slug=slug, lesson_id=lesson.pk)
    quiz = getattr(lesson, "quiz", None) if hasattr(lesson, "quiz") else None
    return render(
        request,
        "courses/lesson_form.html",
        {
            "form": form,
            "course": lesson.module.course,
            "lesson": lesson,
            "quiz": quiz,
            "questions": list(quiz.questions.prefetch_related("choices")) if quiz else [],
            "attachment_form": forms.AttachmentForm(),
            "quiz_form": forms.QuizForm(
                initial={
                    "pass_mark": quiz.pass_mark,
                    "max_attempts": quiz.max_attempts,
                    "shuffle": quiz.shuffle,
                }
                if quiz
                else None
            ),
            "question_form": forms.QuestionForm(),
        },
    )


@login_required
@require_POST
@ratelimit(key="user", rate="300/h", method="POST", block=True)
def lesson_move(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(
        user=request.user, slug=slug, lesson_id=lesson_id, write=True
    )
    services.move_lesson(
        lesson=lesson, by=request.user, direction=-1 if request.POST.get("dir") == "up" else 1
    )
    return redirect("courses:manage", slug=slug)


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def lesson_delete(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(
        user=request.user, slug=slug, lesson_id=lesson_id, write=True
    )
    services.delete_lesson(lesson=lesson, by=request.user)
    return redirect("courses:manage", slug=slug)


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def attachment_add(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(
        user=request.user, slug=slug, lesson_id=lesson_id, write=True
    )
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                lesson=lesson,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            _messages_from(request, exc)
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("courses:lesson-edit", slug=slug, lesson_id=lesson.pk)


@require_GET
def attachment_download(request: HttpRequest, slug: str, lesson_id: int, attachment_id: int) -> Any:
    lesson = selectors.get_lesson_for_user(user=request.user, slug=slug, lesson_id=lesson_id)
    attachment = get_object_or_404(lesson.attachments, pk=attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.file.name.rsplit("/", 1)[-1],
    )


@login_required
@require_POST
@ratelimit(key="user", rate="120/h", method="POST", block=True)
def quiz_edit(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(
        user=request.user, slug=slug, lesson_id=lesson_id, write=True
    )
    form = forms.QuizForm(request.POST)
    if form.is_valid():
        services.set_quiz(lesson=lesson, by=request.user, **form.cleaned_data)
        messages.success(request, _("Quiz settings saved."))
    else:
        messages.error(request, _("Pass mark 1–100 and attempts 0–100."))
    return redirect("courses:lesson-edit", slug=slug, lesson_id=lesson.pk)


@login_required
@require_POST
@ratelimit(key="user", rate="300/h", method="POST", block=True)
def question_add(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(
        user=request.user, slug=slug, lesson_id=lesson_id, write=True
    )
    quiz = getattr(lesson, "quiz", None) if hasattr(lesson, "quiz") else None
    if quiz is None:
        quiz = services.set_quiz(lesson=lesson, by=request.user)
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_question(
                quiz=quiz,
                by=request.user,
                kind=data["kind"],
                prompt=data["prompt"],
                choices=services.parse_choices(data["choices"]),
                numeric_answer=data["numeric_answer"] or None,
                tolerance=data["tolerance"] or "0",
                text_answers=data["text_answers"].splitlines(),
                text_mode=data["text_mode"] or "exact",
                case_sensitive=data["case_sensitive"],
                explanation=data["explanation"],
                points=data["points"],
            )
        except ValidationError as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, _("Question added."))
    else:
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label if field in form.fields else ''}: {errors[0]}"
            )
    return redirect(reverse("courses:lesson-edit", args=[slug, lesson.pk]) + "#quiz")


@login_required
@require_POST
@ratelimit(key="user", rate="120/h", method="POST", block=True)
def question_delete(
    request: HttpRequest, slug: str, lesson_id: int, question_id: int
) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(
        user=request.user, slug=slug, lesson_id=lesson_id, write=True
    )
    question = get_object_or_404(Question, pk=question_id, quiz__lesson=lesson)
    services.delete_question(question=question, by=request.user)
    return redirect(reverse("courses:lesson-edit", args=[slug, lesson.pk]) + "#quiz")


@login_required
@require_POST
@ratelimit(key="user", rate="120/h", method="POST", block=True)
def post_endorse(request: HttpRequest, slug: str, lesson_id: int, post_id: int) -> HttpResponse:
    lesson = selectors.get_lesson_for_user(user=request.user, slug=slug, lesson_id=lesson_id)
    try:
        services.endorse_post(
            lesson=lesson,
            post_id=post_id,
            by=request.user,
            endorse=request.POST.get("undo") != "1",
        )
    except ValidationError as exc:
        _messages_from(request, exc)
    return redirect(lesson.get_absolute_url() + f"#post-{post_id}")
