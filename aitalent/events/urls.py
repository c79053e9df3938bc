from django.urls import path

from aitalent.events import api, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="index"),
    path("calendar/", views.event_calendar, name="calendar"),
    path("new/", views.event_create, name="create"),
    path("feed/", views.calendar_feed_settings, name="feed-settings"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<slug:slug>/", views.group_detail, name="group-detail"),
    path("groups/<slug:slug>/action/", views.group_action, name="group-action"),
    path("groups/<slug:slug>/edit/", views.group_edit, name="group-edit"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/rsvp/", views.event_rsvp, name="rsvp"),
    path("<slug:slug>/offer/", views.event_offer, name="offer"),
    path("<slug:slug>/listed/", views.event_listed, name="listed"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/manage/", views.event_manage, name="manage"),
    path("<slug:slug>/copy/", views.event_copy, name="copy"),
    path("<slug:slug>/repeat/", views.event_repeat, name="repeat"),
    path("<slug:slug>/checkin/", views.event_checkin, name="checkin"),
]

api_urlpatterns = [
    path("", api.EventListApi.as_view(), name="event-list"),
    path("groups/", api.GroupListApi.as_view(), name="group-list"),
    path("groups/<slug:slug>/", api.GroupDetailApi.as_view(), name="group-detail"),
    path("groups/<slug:slug>/join/", api.GroupJoinApi.as_view(), name="group-join"),
    path("<int:event_id>/", api.EventDetailApi.as_view(), name="event-detail"),
    path("<int:event_id>/rsvp/", api.EventRsvpApi.as_view(), name="event-rsvp"),
    path("<int:event_id>/offer/", api.EventOfferApi.as_view(), name="event-offer"),
    path("<int:event_id>/attendees/", api.EventAttendeesApi.as_view(), name="event-attendees"),
    path("<int:event_id>/checkin/", api.EventCheckinApi.as_view(), name="event-checkin"),
    path("<int:event_id>/ics/", api.EventIcsApi.as_view(), name="event-ics"),
]
