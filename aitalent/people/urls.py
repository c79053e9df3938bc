from django.urls import path

from aitalent.people import views

app_name = "people"

urlpatterns = [
    path("<str:handle>/", views.profile, name="profile"),
]

api_urlpatterns: list = []
