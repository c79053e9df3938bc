from django.urls import path

from aitalent.search import api, views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="results"),
    path("instant/", views.search_instant, name="instant"),
]

api_urlpatterns = [
    path("", api.SearchApi.as_view(), name="search"),
]
