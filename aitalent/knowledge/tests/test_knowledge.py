from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from aitalent.activity import reputation
from aitalent.core.models import Topic
from aitalent.knowledge import services
from aitalent.knowledge.embeds import video_embed_url
from aitalent.knowledge.models import Resource
from aitalent.search import services as search

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Retrieval-augmented generation grounds a language model in documents fetched at "
    "query time. Evaluate retrieval (recall@k) and generation (faithfulness) separately."
)


def article(author, **fields):
    defaults = {
        "kind": "article",
        "title": "Evaluating RAG systems",
        "summary": "How to measure it",
        "body": ARTICLE,
        "difficulty": "intermediate",
    }
    defaults.update(fields)
    publish = defaults.pop("publish", True)
    return services.create_resource(
        author=author,
        publish=publish,
        topics=[Topic.objects.get(slug="retrieval-augmented-generation")],
        **defaults,
    )


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "https://www.youtube.com/watch?v=kCc8FmEb1nY",
            "https://www.youtube-nocookie.com/embed/kCc8FmEb1nY",
        ),
        ("https://youtu.be/kCc8FmEb1nY?t=10", "https://www.youtube-nocookie.com/embed/kCc8FmEb1nY"),
        (
            "https://www.bilibili.com/video/BV1GJ411x7h7",
            "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&autoplay=0",
        ),
        ("https://vimeo.com/123", None),
        ("javascript:alert(1)", None),
        ("https://www.youtube.com/watch?v=<script>", None),
    ],
)
def test_video_embeds(url, expected) -> None:
    assert video_embed_url(url) == expected


@given(st.text(max_size=200))
def test_embed_never_returns_foreign_hosts(url: str) -> None:
    result = video_embed_url(url)
    assert result is None or result.startswith(
        ("https://www.youtube-nocookie.com/embed/", "https://player.bilibili.com/player.html?bvid=")
    )


def test_each_kind_validates_its_fields(alice) -> None:
    cases = [
        ({"kind": "article", "body": "too short"}, "body"),
        ({"kind": "video", "body": "", "url": "https://vimeo.com/1"}, "url"),
        ({"kind": "paper", "body": "", "arxiv_id": "not-an-id"}, "arxiv_id"),
        ({"kind": "paper", "body": "", "doi": "doi:xyz", "arxiv_id": ""}, "doi"),
        ({"kind": "dataset", "body": ""}, "url"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as excinfo:
            article(alice, **fields)
        assert field in excinfo.value.message_dict, fields
    assert not Resource.objects.exists()
    paper = article(alice, kind="paper", body="", arxiv_id="1706.03762", title="Attention")
    assert paper.is_published


def test_drafts_are_private_everywhere(client, alice, mallory) -> None:
    draft = article(alice, publish=False, title="Secret draft about RAG")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(mallory)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get(reverse("knowledge:index")).content.decode()
    assert search.search(query="Secret draft", viewer=mallory).hits == []
    client.force_login(alice)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_publishing_indexes_and_likes_give_reputation(
    alice, mallory, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        resource = article(alice)
    assert [h.title for h in search.search(query="faithfulness", viewer=None).hits] == [
        "Evaluating RAG systems"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.set_like(resource=resource, user=mallory, liked=True)
        services.set_like(resource=resource, user=mallory, liked=True)
    resource.refresh_from_db()
    assert resource.like_count == 1 and reputation.total(user=alice) == 5
    services.set_like(resource=resource, user=mallory, liked=False)
    resource.refresh_from_db()
    assert resource.like_count == 0 and reputation.total(user=alice) == 0
    with pytest.raises(PermissionDenied):
        services.set_like(resource=resource, user=alice, liked=True)


def test_resource_pages(client, alice, mallory, django_assert_max_num_queries) -> None:
    resource = article(alice)
    for i in range(10):
        article(alice, title=f"Another article {i}")
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("knowledge:index") + "?kind=article&sort=popular").status_code == 200
        )
    client.force_login(mallory)
    page = client.get(resource.get_absolute_url())
    assert page.status_code == 200 and "Discussion" in page.content.decode()
    response = client.post(
        reverse("knowledge:like", args=[resource.slug]), {"liked": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    client.post(reverse("knowledge:bookmark", args=[resource.slug]), {"bookmarked": "1"})
    assert resource.title in client.get(reverse("knowledge:bookmarks")).content.decode()


def test_discussion_lives_in_the_forum_and_links_back(client, alice, mallory) -> None:
    resource = article(alice)
    client.force_login(mallory)
    client.get(resource.get_absolute_url())
    thread = services.discussion_thread(resource=resource)
    response = client.post(
        reverse("forum:post-create", args=[thread.slug]), {"body": "Great overview, thanks!"}
    )
    assert response["Location"].startswith(resource.get_absolute_url() + "#discussion")
    assert "Great overview" in client.get(resource.get_absolute_url()).content.decode()


def test_create_form_and_edit_history(client, alice, mallory) -> None:
    client.force_login(alice)
    topic = Topic.objects.get(slug="pytorch")
    response = client.post(
        reverse("knowledge:create"),
        {
            "kind": "tutorial",
            "title": "PyTorch DataLoader tips",
            "body": ARTICLE,
            "topics": [topic.pk],
            "difficulty": "beginner",
            "language": "en",
            "publish": "on",
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302 and resource.is_published
    client.post(
        reverse("knowledge:edit", args=[resource.slug]),
        {
            "kind": "tutorial",
            "title": "PyTorch DataLoader tips (2026)",
            "body": ARTICLE + " More.",
            "topics": [topic.pk],
            "difficulty": "beginner",
            "language": "en",
            "publish": "on",
        },
    )
    assert (
        "PyTorch DataLoader tips"
        in client.get(reverse("knowledge:history", args=[resource.slug])).content.decode()
    )
    client.force_login(mallory)
    assert client.get(reverse("knowledge:edit", args=[resource.slug])).status_code == 403
    bad = client.post(
        reverse("knowledge:create"),
        {
            "kind": "video",
            "title": "A talk",
            "url": "https://example.com/x",
            "difficulty": "beginner",
            "language": "en",
        },
    )
    assert bad.status_code == 200 and "url" in bad.context["form"].errors


def test_collections_private_and_public(client, alice, mallory) -> None:
    resource = article(alice)
    private = services.create_collection(owner=alice, title="My RAG reading", is_public=False)
    services.add_to_collection(collection=private, by=alice, resource=resource)
    with pytest.raises(ValidationError):
        services.add_to_collection(collection=private, by=alice, resource=resource)
    with pytest.raises(PermissionDenied):
        services.add_to_collection(collection=private, by=mallory, resource=resource)
    assert client.get(private.get_absolute_url()).status_code == 404
    client.force_login(alice)
    assert resource.title in client.get(private.get_absolute_url()).content.decode()


def test_resource_api(api_client, alice) -> None:
    api_client.force_authenticate(alice)
    created = api_client.post(
        "/api/v1/knowledge/resources/",
        {
            "kind": "paper",
            "title": "Attention Is All You Need",
            "arxiv_id": "1706.03762",
            "year": 2017,
            "topics": ["transformers"],
            "difficulty": "advanced",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    bad = api_client.post(
        "/api/v1/knowledge/resources/", {"kind": "paper", "title": "No id"}, format="json"
    )
    assert bad.status_code == 400 and "arxiv_id" in bad.json()["error"]["fields"]
    api_client.force_authenticate(None)
    listing = api_client.get("/api/v1/knowledge/resources/?kind=paper").json()
    assert [r["title"] for r in listing["results"]] == ["Attention Is All You Need"]
