from django.urls import URLPattern, path

from aitalent.recommendations import api, views

app_name = "recommendations"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("dismiss/", views.dismiss, name="dismiss"),
    path("go/", views.go, name="go"),
    path("stats/", views.stats, name="stats"),
    path("similar/<str:item_type>/<int:item_id>/", views.similar, name="similar"),
]

api_urlpatterns: list[URLPattern] = [
    path("dismiss/", api.RecommendationDismissApi.as_view(), name="dismiss"),
    path("<str:surface>/", api.RecommendationListApi.as_view(), name="list"),
]
