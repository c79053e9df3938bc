from django.urls import path

from aitalent.projects import api, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="index"),
    path("new/", views.project_create, name="create"),
    path("mine/", views.my_projects, name="mine"),
    path("for-you/", views.for_you, name="for-you"),
    path("skills/", views.skill_demand, name="skills"),
    path("formation/", views.formation, name="formation"),
    path("formation/invite/", views.formation_invite, name="formation-invite"),
    path("offers/", views.offer_list, name="offers"),
    path("offers/new/", views.offer_create, name="offer-create"),
    path("offers/<slug:slug>/", views.offer_detail, name="offer-detail"),
    path("offers/<slug:slug>/apply/", views.offer_apply, name="offer-apply"),
    path("offers/<slug:slug>/status/", views.offer_status, name="offer-status"),
    path(
        "offer-applications/<int:application_id>/",
        views.offer_application_decide,
        name="offer-application-decide",
    ),
    path(
        "applications/<int:application_id>/",
        views.application_decide,
        name="application-decide",
    ),
    path(
        "invitations/<int:invitation_id>/",
        views.invitation_respond,
        name="invitation-respond",
    ),
    path("members/<int:membership_id>/", views.member_action, name="member-action"),
    path("milestones/<int:milestone_id>/", views.milestone_status, name="milestone-status"),
    path("tasks/<int:task_id>/move/", views.task_move, name="task-move"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/edit/", views.project_edit, name="edit"),
    path("<slug:slug>/stage/", views.project_stage, name="stage"),
    path("<slug:slug>/updates/", views.update_create, name="update-create"),
    path("<slug:slug>/leave/", views.project_leave, name="leave"),
    path("<slug:slug>/invite/", views.invite_create, name="invite"),
    path("<slug:slug>/roles/new/", views.role_create, name="role-create"),
    path("<slug:slug>/roles/<int:role_id>/", views.role_detail, name="role-detail"),
    path("<slug:slug>/roles/<int:role_id>/apply/", views.role_apply, name="role-apply"),
    path("<slug:slug>/roles/<int:role_id>/status/", views.role_status, name="role-status"),
    path("<slug:slug>/milestones/", views.milestone_create, name="milestone-create"),
    path("<slug:slug>/board/", views.project_board, name="board"),
    path("<slug:slug>/tasks/", views.task_create, name="task-create"),
    path("<slug:slug>/offers/", views.project_offers, name="project-offers"),
]

api_urlpatterns = [
    path("", api.ProjectListApi.as_view(), name="project-list"),
    path("skills/", api.SkillDemandApi.as_view(), name="skill-demand"),
    path("offers/", api.OfferListApi.as_view(), name="offer-list"),
    path("offers/<slug:slug>/", api.OfferDetailApi.as_view(), name="offer-detail"),
    path(
        "offers/<slug:slug>/applications/",
        api.OfferApplicationListApi.as_view(),
        name="offer-applications",
    ),
    path(
        "offer-applications/<int:application_id>/decide/",
        api.OfferApplicationDecideApi.as_view(),
        name="offer-application-decide",
    ),
    path("applications/", api.MyApplicationsApi.as_view(), name="my-applications"),
    path(
        "applications/<int:application_id>/decide/",
        api.ApplicationDecideApi.as_view(),
        name="application-decide",
    ),
    path("invitations/", api.MyInvitationsApi.as_view(), name="my-invitations"),
    path(
        "invitations/<int:invitation_id>/respond/",
        api.InvitationRespondApi.as_view(),
        name="invitation-respond",
    ),
    path("roles/<int:role_id>/", api.RoleDetailApi.as_view(), name="role-detail"),
    path(
        "roles/<int:role_id>/candidates/", api.RoleCandidatesApi.as_view(), name="role-candidates"
    ),
    path("roles/<int:role_id>/apply/", api.RoleApplyApi.as_view(), name="role-apply"),
    path("members/<int:membership_id>/", api.MembershipDetailApi.as_view(), name="membership"),
    path("tasks/<int:task_id>/", api.TaskDetailApi.as_view(), name="task-detail"),
    path("<slug:slug>/", api.ProjectDetailApi.as_view(), name="project-detail"),
    path("<slug:slug>/stage/", api.ProjectStageApi.as_view(), name="project-stage"),
    path("<slug:slug>/roles/", api.RoleListApi.as_view(), name="role-list"),
    path(
        "<slug:slug>/applications/",
        api.ProjectApplicationsApi.as_view(),
        name="project-applications",
    ),
    path("<slug:slug>/invitations/", api.InvitationCreateApi.as_view(), name="invitation-create"),
    path("<slug:slug>/members/", api.MembershipListApi.as_view(), name="membership-list"),
    path("<slug:slug>/milestones/", api.MilestoneListApi.as_view(), name="milestone-list"),
    path("<slug:slug>/tasks/", api.TaskListApi.as_view(), name="task-list"),
    path("<slug:slug>/offers/", api.ProjectOffersApi.as_view(), name="project-offers"),
]
