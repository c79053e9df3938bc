from django.urls import path

from aitalent.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("language/", views.language_set, name="language-set"),
]

api_urlpatterns: list = []
