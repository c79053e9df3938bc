from django.urls import path

from aitalent.notifications import api, views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("dropdown/", views.notification_dropdown, name="dropdown"),
    path("<int:notification_id>/open/", views.notification_open, name="open"),
    path("<int:notification_id>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read-all"),
    path("preferences/", views.preferences_edit, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("watch/", views.watch_set, name="watch"),
    path("announcements/new/", views.announcement_create, name="announcement-create"),
    path(
        "announcements/<int:announcement_id>/",
        views.announcement_detail,
        name="announcement-detail",
    ),
]

api_urlpatterns = [
    path("", api.NotificationListApi.as_view(), name="list"),
    path("unread-count/", api.UnreadCountApi.as_view(), name="unread-count"),
    path("<int:notification_id>/read/", api.NotificationReadApi.as_view(), name="read"),
    path("read-all/", api.NotificationReadAllApi.as_view(), name="read-all"),
    path("preferences/", api.PreferenceApi.as_view(), name="preferences"),
    path("watches/", api.WatchSetApi.as_view(), name="watch"),
]
