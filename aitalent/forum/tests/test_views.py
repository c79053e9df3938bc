from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.forum import services
from aitalent.forum.models import Category, Post, Thread
from aitalent.forum.tests.factories import category, question

pytestmark = pytest.mark.django_db


def test_index_and_category_lists(client, alice, mallory, django_assert_max_num_queries) -> None:
    cat = category()
    for i in range(30):
        question(alice, cat, title=f"Question number {i} about transformers")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("forum:index"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 25
    with django_assert_max_num_queries(12):
        assert (
            client.get(cat.get_absolute_url() + "?state=unanswered&sort=votes").status_code == 200
        )


def test_thread_page_query_budget_independent_of_length(
    client, alice, mallory, django_assert_max_num_queries
) -> None:
    thread = question(alice)
    for i in range(3):
        services.reply(thread=thread, author=mallory, body=f"Answer {i} with `code`.")
    client.force_login(alice)
    with django_assert_max_num_queries(20) as short:
        client.get(thread.get_absolute_url())
    for i in range(20):
        services.reply(thread=thread, author=mallory, body=f"More {i}")
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200


def test_ask_through_the_form(client, alice) -> None:
    cat = category()
    client.force_login(alice)
    assert client.get(reverse("forum:thread-create")).status_code == 200
    response = client.post(
        reverse("forum:thread-create"),
        {
            "category": cat.pk,
            "title": "Why does my loss become NaN with fp16?",
            "body": "```python\nloss = model(x)\n```\nNaN after step 300. $\\nabla L$ explodes?",
            "language": "en",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert '<pre class="highlight">' in page and 'class="math inline"' in page


def test_form_errors_name_fields(client, alice) -> None:
    category()
    client.force_login(alice)
    response = client.post(reverse("forum:thread-create"), {"title": "x", "body": ""})
    assert response.status_code == 200
    assert {"category", "title", "body"} <= set(response.context["form"].errors)


def test_anonymous_can_read_but_not_write(client, alice) -> None:
    thread = question(alice)
    assert client.get(thread.get_absolute_url()).status_code == 200
    response = client.post(reverse("forum:post-create", args=[thread.slug]), {"body": "hello"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert Post.objects.count() == 1


def test_members_only_categories_are_404_for_visitors(client, alice) -> None:
    secret = category(slug="staff-room", name_en="Staff room", is_members_only=True)
    thread = question(alice, secret, title="Members only discussion here")
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert "Members only discussion" not in client.get(reverse("forum:index")).content.decode()
    client.force_login(alice)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_vote_with_htmx_and_errors(client, alice, mallory) -> None:
    thread = question(alice)
    answer = services.reply(thread=thread, author=mallory, body="A helpful answer.")
    client.force_login(alice)
    response = client.post(
        reverse("forum:post-vote", args=[answer.pk]), {"value": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and f'id="vote-{answer.pk}"' in response.content.decode()
    assert Post.objects.get(pk=answer.pk).score == 1
    own = client.post(
        reverse("forum:post-vote", args=[thread.posts.first().pk]),
        {"value": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert own.status_code == 400
    assert client.get(reverse("forum:post-vote", args=[answer.pk])).status_code == 405


def test_accept_view_refuses_strangers(client, alice, mallory) -> None:
    thread = question(alice)
    answer = services.reply(thread=thread, author=mallory, body="A helpful answer.")
    client.force_login(mallory)
    assert client.post(reverse("forum:post-accept", args=[answer.pk])).status_code == 403
    client.force_login(alice)
    client.post(reverse("forum:post-accept", args=[answer.pk]))
    assert Post.objects.get(pk=answer.pk).is_accepted


def test_edit_and_history_pages(client, alice, mallory) -> None:
    thread = question(alice)
    opening = thread.posts.get()
    client.force_login(mallory)
    assert client.get(reverse("forum:post-edit", args=[opening.pk])).status_code == 403
    client.force_login(alice)
    client.post(reverse("forum:post-edit", args=[opening.pk]), {"body": "Edited question text."})
    history = client.get(reverse("forum:post-history", args=[opening.pk])).content.decode()
    assert "Edited question text." in history and "I have 200 labelled" in history


def test_posting_is_rate_limited_with_retry_after(client, alice) -> None:
    thread = question(alice)
    from django.utils import timezone

    alice.date_joined = timezone.now()  # a first-day member
    alice.save()
    client.force_login(alice)
    codes = [
        client.post(
            reverse("forum:post-create", args=[thread.slug]), {"body": f"reply number {i}"}
        ).status_code
        for i in range(7)
    ]
    assert codes[:5] == [302] * 5 and codes[-1] == 429
    response = client.post(reverse("forum:post-create", args=[thread.slug]), {"body": "again"})
    assert response["Retry-After"] == "60"


def test_api_thread_flow(api_client, alice, mallory) -> None:
    cat = category()
    api_client.force_authenticate(alice)
    created = api_client.post(
        "/api/v1/forum/threads/",
        {
            "category": cat.slug,
            "title": "How to pick a vector index?",
            "body": "FAISS or pgvector?",
            "topics": ["mlops"],
        },
        format="json",
    )
    assert created.status_code == 201
    slug = created.json()["slug"]
    api_client.force_authenticate(mallory)
    answer = api_client.post(
        f"/api/v1/forum/threads/{slug}/posts/",
        {"body": "pgvector until 10M vectors."},
        format="json",
    )
    assert answer.status_code == 201
    api_client.force_authenticate(alice)
    assert api_client.post(
        f"/api/v1/forum/posts/{answer.json()['id']}/vote/", {"value": 1}, format="json"
    ).json() == {"score": 1, "my_vote": 1}
    assert api_client.post(f"/api/v1/forum/posts/{answer.json()['id']}/accept/").status_code == 200
    detail = api_client.get(f"/api/v1/forum/threads/{slug}/").json()
    assert detail["is_solved"] and detail["posts"][1]["is_accepted"]
    bad = api_client.post(
        "/api/v1/forum/threads/", {"category": "nope", "title": "x"}, format="json"
    )
    assert bad.status_code == 400 and {"category", "body"} <= set(bad.json()["error"]["fields"])
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/forum/threads/").status_code == 200
    assert (
        api_client.post(
            f"/api/v1/forum/threads/{slug}/posts/", {"body": "x"}, format="json"
        ).status_code
        == 401
    )


def test_unknown_category_and_thread_are_404(client) -> None:
    assert client.get("/forum/c/nope/").status_code == 404
    assert client.get("/forum/t/nope/").status_code == 404
    assert Category.objects.count() == 0
