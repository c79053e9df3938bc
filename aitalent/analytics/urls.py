from django.urls import URLPattern, path

from aitalent.analytics import api, views

app_name = "analytics"

urlpatterns: list[URLPattern] = [
    path("", views.community, name="index"),
    path("staff/", views.staff_overview, name="staff"),
    path("staff/questions/", views.staff_questions, name="staff-questions"),
    path("staff/funnels/", views.staff_funnels, name="staff-funnels"),
    path("staff/retention/", views.staff_retention, name="staff-retention"),
    path("staff/skills/", views.staff_skills, name="staff-skills"),
    path("staff/network/", views.staff_network, name="staff-network"),
    path("csv/<slug:chart>/", views.chart_csv, name="csv"),
]

api_urlpatterns: list[URLPattern] = [
    path("", api.MetricListApi.as_view(), name="metric-list"),
    path("<slug:metric>/", api.MetricSeriesApi.as_view(), name="metric-series"),
]
