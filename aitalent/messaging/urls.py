from django.urls import path

from aitalent.messaging import api, views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("badge/", views.badge, name="badge"),
    path("new/", views.new, name="new"),
    path("<int:conversation_id>/", views.detail, name="detail"),
    path("<int:conversation_id>/send/", views.send, name="send"),
    path("<int:conversation_id>/leave/", views.leave, name="leave"),
    path("<int:conversation_id>/mute/", views.mute, name="mute"),
]

api_urlpatterns = [
    path("", api.ConversationListApi.as_view(), name="conversations"),
    path("unread/", api.UnreadApi.as_view(), name="unread"),
    path("<int:conversation_id>/", api.ConversationDetailApi.as_view(), name="conversation"),
    path("<int:conversation_id>/messages/", api.MessageListApi.as_view(), name="messages"),
    path("<int:conversation_id>/read/", api.ConversationReadApi.as_view(), name="read"),
    path("<int:conversation_id>/leave/", api.ConversationLeaveApi.as_view(), name="leave"),
    path("<int:conversation_id>/mute/", api.ConversationMuteApi.as_view(), name="mute"),
]
