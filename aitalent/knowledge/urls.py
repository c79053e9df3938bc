from django.urls import path

from aitalent.knowledge import api, views

app_name = "knowledge"

urlpatterns = [
    path("", views.resource_list, name="index"),
    path("new/", views.resource_create, name="create"),
    path("bookmarks/", views.bookmark_list, name="bookmarks"),
    path("collections/", views.collection_list, name="collections"),
    path("collections/new/", views.collection_create, name="collection-create"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
    path("<slug:slug>/edit/", views.resource_edit, name="edit"),
    path("<slug:slug>/history/", views.resource_history, name="history"),
    path("<slug:slug>/like/", views.resource_like, name="like"),
    path("<slug:slug>/bookmark/", views.resource_bookmark, name="bookmark"),
    path("<slug:slug>/collect/", views.collection_add, name="collect"),
]

api_urlpatterns = [
    path("resources/", api.ResourceListApi.as_view(), name="resource-list"),
    path("resources/<slug:slug>/", api.ResourceDetailApi.as_view(), name="resource-detail"),
    path("resources/<slug:slug>/like/", api.ResourceLikeApi.as_view(), name="resource-like"),
    path("collections/", api.CollectionListApi.as_view(), name="collection-list"),
]
