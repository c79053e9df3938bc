from django.urls import path

from aitalent.competitions import api, views

app_name = "competitions"

urlpatterns = [
    path("", views.competition_list, name="index"),
    path("new/", views.competition_create, name="create"),
    path("submissions/<str:public_id>/row/", views.submission_row, name="submission-row"),
    path("<slug:slug>/", views.competition_detail, name="detail"),
    path("<slug:slug>/edit/", views.competition_edit, name="edit"),
    path("<slug:slug>/join/", views.competition_join, name="join"),
    path("<slug:slug>/host/", views.host, name="host"),
    path("<slug:slug>/data/<int:file_id>/", views.file_download, name="file"),
    path("<slug:slug>/submissions/", views.submission_list, name="submissions"),
    path("<slug:slug>/finals/", views.finals_select, name="finals"),
    path("<slug:slug>/leaderboard/", views.leaderboard, name="leaderboard"),
    path("<slug:slug>/team/", views.team, name="team"),
]

api_urlpatterns = [
    path("", api.CompetitionListApi.as_view(), name="competition-list"),
    path(
        "submissions/<str:public_id>/", api.SubmissionDetailApi.as_view(), name="submission-detail"
    ),
    path("<slug:slug>/", api.CompetitionDetailApi.as_view(), name="competition-detail"),
    path("<slug:slug>/join/", api.CompetitionJoinApi.as_view(), name="join"),
    path("<slug:slug>/files/", api.FileListApi.as_view(), name="file-list"),
    path("<slug:slug>/files/<int:file_id>/", api.FileDownloadApi.as_view(), name="file-download"),
    path("<slug:slug>/submissions/", api.SubmissionListApi.as_view(), name="submission-list"),
    path("<slug:slug>/leaderboard/", api.LeaderboardApi.as_view(), name="leaderboard"),
    path("<slug:slug>/finals/", api.FinalsApi.as_view(), name="finals"),
    path("<slug:slug>/team/", api.TeamApi.as_view(), name="team"),
    path("<slug:slug>/team/merge/", api.TeamMergeApi.as_view(), name="team-merge"),
    path("<slug:slug>/team/leave/", api.TeamLeaveApi.as_view(), name="team-leave"),
    path(
        "<slug:slug>/merges/<int:request_id>/", api.MergeRespondApi.as_view(), name="merge-respond"
    ),
    path("<slug:slug>/end/", api.CompetitionEndApi.as_view(), name="end"),
]
