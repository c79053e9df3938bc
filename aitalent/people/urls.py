from django.urls import path

from aitalent.people import api, views

app_name = "people"

# Paths under "me/" come first: "me" is a reserved handle, so they never shadow a profile.
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/edit/", views.profile_edit, name="profile-edit"),
    path("me/privacy/", views.privacy_edit, name="privacy"),
    path("me/skills/", views.skill_save, name="skill-save"),
    path("me/skills/<slug:slug>/remove/", views.skill_remove, name="skill-remove"),
    path("me/avatar/", views.avatar_upload, name="avatar"),
    path("me/network/", views.network, name="requests"),
    path("me/mentions/", views.mentions, name="mentions"),
    path("me/requests/<int:request_id>/<str:action>/", views.request_answer, name="request-answer"),
    path("me/topics/<slug:slug>/follow/", views.topic_follow, name="topic-follow"),
    path(
        "me/endorsements/<int:endorsement_id>/<str:action>/",
        views.endorsement_manage,
        name="endorsement-manage",
    ),
    path("<str:handle>/", views.profile, name="profile"),
    path("<str:handle>/avatar-<int:size>.webp", views.avatar_image, name="avatar-image"),
    path("<str:handle>/connect/", views.connect, name="connect"),
    path("<str:handle>/disconnect/", views.disconnect, name="disconnect"),
    path("<str:handle>/follow/", views.follow, name="follow"),
    path("<str:handle>/block/", views.block, name="block"),
    path("<str:handle>/report/", views.report, name="report"),
    path("<str:handle>/skills/<slug:slug>/endorse/", views.endorse, name="endorse"),
]

api_urlpatterns = [
    path("me/profile/", api.MyProfileApi.as_view(), name="my-profile"),
    path("me/profile/avatar/", api.MyAvatarApi.as_view(), name="my-avatar"),
    path("me/connections/", api.MyConnectionsApi.as_view(), name="my-connections"),
    path("me/connection-requests/", api.ConnectionRequestListApi.as_view(), name="requests"),
    path(
        "me/connection-requests/<int:request_id>/<str:action>/",
        api.ConnectionRequestActionApi.as_view(),
        name="request-action",
    ),
    path("me/follows/", api.FollowListApi.as_view(), name="follows"),
    path("me/blocks/", api.BlockListApi.as_view(), name="blocks"),
    path(
        "me/endorsements/<int:endorsement_id>/",
        api.EndorsementDetailApi.as_view(),
        name="endorsement",
    ),
    path("people/", api.PeopleListApi.as_view(), name="list"),
    path("people/mentions/", api.MentionApi.as_view(), name="mentions"),
    path("people/<str:handle>/", api.PersonDetailApi.as_view(), name="detail"),
    path(
        "people/<str:handle>/connections/", api.PersonConnectionsApi.as_view(), name="connections"
    ),
    path("people/<str:handle>/report/", api.ReportApi.as_view(), name="report"),
    path(
        "people/<str:handle>/skills/<slug:slug>/endorsements/",
        api.EndorseApi.as_view(),
        name="endorse",
    ),
]
