from django.urls import path

from aitalent.forum import api, views

app_name = "forum"

urlpatterns = [
    path("", views.forum_index, name="index"),
    path("new/", views.thread_create, name="thread-create"),
    path("topics/new/", views.topic_create, name="topic-create"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("t/<slug:slug>/", views.thread_detail, name="thread"),
    path("t/<slug:slug>/reply/", views.post_create, name="post-create"),
    path("t/<slug:slug>/moderate/", views.thread_moderate, name="thread-moderate"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post-edit"),
    path("posts/<int:post_id>/history/", views.post_history, name="post-history"),
    path("posts/<int:post_id>/vote/", views.post_vote, name="post-vote"),
    path("posts/<int:post_id>/accept/", views.post_accept, name="post-accept"),
]

api_urlpatterns = [
    path("categories/", api.CategoryListApi.as_view(), name="category-list"),
    path("topics/", api.TopicCreateApi.as_view(), name="topic-create"),
    path("threads/", api.ThreadListApi.as_view(), name="thread-list"),
    path("threads/<slug:slug>/", api.ThreadDetailApi.as_view(), name="thread-detail"),
    path("threads/<slug:slug>/posts/", api.PostCreateApi.as_view(), name="post-create"),
    path("posts/<int:post_id>/vote/", api.PostVoteApi.as_view(), name="post-vote"),
    path("posts/<int:post_id>/accept/", api.PostAcceptApi.as_view(), name="post-accept"),
]
