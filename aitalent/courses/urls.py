from django.urls import URLPattern, path

from aitalent.courses import api, views

app_name = "courses"

urlpatterns: list[URLPattern] = [
    path("", views.course_list, name="index"),
    path("mine/", views.my_learning, name="mine"),
    path("new/", views.course_create, name="create"),
    path("paths/", views.path_list, name="paths"),
    path("paths/new/", views.path_create, name="path-create"),
    path("paths/<slug:slug>/", views.path_detail, name="path"),
    path("certificates/<str:public_id>/", views.certificate_detail, name="certificate"),
    path("certificates/<str:public_id>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path(
        "certificates/<str:public_id>/assertion.json",
        views.certificate_assertion,
        name="certificate-assertion",
    ),
    path(
        "certificates/<str:public_id>/revoke/",
        views.certificate_revoke,
        name="certificate-revoke",
    ),
    path("badges/issuer.json", views.badge_issuer, name="badge-issuer"),
    path("badges/<slug:slug>.json", views.badge_class, name="badge-class"),
    path("badges/<slug:slug>.svg", views.badge_image, name="badge-image"),
    path("<slug:slug>/", views.course_detail, name="detail"),
    path("<slug:slug>/enroll/", views.course_enroll, name="enroll"),
    path("<slug:slug>/edit/", views.course_edit, name="edit"),
    path("<slug:slug>/status/", views.course_status, name="status"),
    path("<slug:slug>/manage/", views.course_manage, name="manage"),
    path("<slug:slug>/modules/", views.module_add, name="module-add"),
    path("<slug:slug>/modules/<int:module_id>/move/", views.module_move, name="module-move"),
    path("<slug:slug>/modules/<int:module_id>/delete/", views.module_delete, name="module-delete"),
    path("<slug:slug>/modules/<int:module_id>/lessons/", views.lesson_add, name="lesson-add"),
    path("<slug:slug>/lessons/<int:lesson_id>/", views.lesson_detail, name="lesson"),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/complete/",
        views.lesson_complete,
        name="lesson-complete",
    ),
    path("<slug:slug>/lessons/<int:lesson_id>/quiz/", views.quiz_submit, name="quiz-submit"),
    path("<slug:slug>/lessons/<int:lesson_id>/edit/", views.lesson_edit, name="lesson-edit"),
    path("<slug:slug>/lessons/<int:lesson_id>/move/", views.lesson_move, name="lesson-move"),
    path("<slug:slug>/lessons/<int:lesson_id>/delete/", views.lesson_delete, name="lesson-delete"),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/attachments/",
        views.attachment_add,
        name="attachment-add",
    ),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("<slug:slug>/lessons/<int:lesson_id>/quiz/edit/", views.quiz_edit, name="quiz-edit"),
    path("<slug:slug>/lessons/<int:lesson_id>/questions/", views.question_add, name="question-add"),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question-delete",
    ),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/posts/<int:post_id>/endorse/",
        views.post_endorse,
        name="post-endorse",
    ),
]

api_urlpatterns: list[URLPattern] = [
    path("", api.CourseListApi.as_view(), name="list"),
    path("mine/", api.EnrolmentListApi.as_view(), name="mine"),
    path("certificates/", api.CertificateListApi.as_view(), name="certificates"),
    path(
        "certificates/<str:public_id>/",
        api.CertificateVerifyApi.as_view(),
        name="certificate-verify",
    ),
    path("lessons/<int:lesson_id>/", api.LessonDetailApi.as_view(), name="lesson"),
    path(
        "lessons/<int:lesson_id>/complete/", api.LessonCompleteApi.as_view(), name="lesson-complete"
    ),
    path("quizzes/<int:quiz_id>/attempts/", api.QuizAttemptApi.as_view(), name="quiz-attempts"),
    path("<slug:slug>/", api.CourseDetailApi.as_view(), name="detail"),
    path("<slug:slug>/enroll/", api.CourseEnrollApi.as_view(), name="enroll"),
    path("<slug:slug>/progress/", api.CourseProgressApi.as_view(), name="progress"),
]
