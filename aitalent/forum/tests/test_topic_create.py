"""Creating topics is a reputation privilege (Stack Overflow's "create tags")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.activity import reputation
from aitalent.core import member_data
from aitalent.core.models import Topic

pytestmark = pytest.mark.django_db


def _privileged(user) -> None:
    reputation.award(
        user=user,
        reason="answer_accepted",
        category="discussion",
        source="test:privilege",
        points=reputation.PRIVILEGES["suggest_topic"],
        capped=False,
    )


def test_it_creates_a_topic_with_the_privilege(client, alice, topics) -> None:
    _privileged(alice)
    client.force_login(alice)
    parent = Topic.objects.filter(kind=Topic.Kind.SKILL).first()
    response = client.post(
        reverse("forum:topic-create"),
        {
            "name_en": "Hyperdimensional  computing",
            "name_zh": "超维计算",
            "kind": "skill",
            "parent": parent.slug,
            "aliases": "HDC, VSA",
        },
    )
    topic = Topic.objects.get(slug="hyperdimensional-computing")
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert topic.name_en == "Hyperdimensional computing" and topic.parent == parent
    assert topic.depth == parent.depth + 1 and topic.aliases == ["hdc", "vsa"]
    assert topic.created_by == alice
    # The new topic is at once on the (cached) topic list and usable for threads.
    assert "Hyperdimensional computing" in client.get(reverse("core:topic-list")).content.decode()
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_it_refuses_without_the_privilege(client, alice, topics) -> None:
    client.force_login(alice)
    page = client.get(reverse("forum:topic-create"))
    assert page.status_code == 403 and "250" in page.content.decode()
    response = client.post(reverse("forum:topic-create"), {"name_en": "Sneaky topic"})
    assert response.status_code == 403
    assert not Topic.objects.filter(slug="sneaky-topic").exists()


def test_it_sends_visitors_to_log_in(client) -> None:
    response = client.post(reverse("forum:topic-create"), {"name_en": "Anything"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_names_the_field_for_duplicates_and_bad_names(client, alice, topics) -> None:
    _privileged(alice)
    client.force_login(alice)
    existing = Topic.objects.filter(kind=Topic.Kind.SKILL).first()
    count = Topic.objects.count()
    response = client.post(
        reverse("forum:topic-create"), {"name_en": existing.name_en.upper(), "kind": "skill"}
    )
    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors["name_en"])
    response = client.post(reverse("forum:topic-create"), {"name_en": "!!!", "kind": "skill"})
    assert "name_en" in response.context["form"].errors
    response = client.post(
        reverse("forum:topic-create"),
        {"name_en": "Fine name", "kind": "skill", "aliases": ",".join("a" * 11)},
    )
    assert "aliases" in response.context["form"].errors
    assert Topic.objects.count() == count


def test_the_api_creates_and_refuses(api_client, alice, mallory, topics) -> None:
    url = reverse("forum-api:topic-create")
    api_client.force_authenticate(mallory)
    refused = api_client.post(url, {"name_en": "Mallory topic"}, format="json")
    assert refused.status_code == 403 and "250" in refused.json()["error"]["message"]
    _privileged(alice)
    api_client.force_authenticate(alice)
    bad = api_client.post(
        url, {"name_en": "Liquid neural networks", "parent": "no-such-topic"}, format="json"
    )
    assert bad.status_code == 400 and "parent" in bad.json()["error"]["fields"]
    created = api_client.post(
        url, {"name_en": "Liquid neural networks", "aliases": ["LNN"]}, format="json"
    )
    assert created.status_code == 201 and created.json()["slug"] == "liquid-neural-networks"
    api_client.force_authenticate(None)
    assert api_client.post(url, {"name_en": "Anon topic"}, format="json").status_code in (401, 403)


def test_export_and_erasure_keep_the_topic(alice, topics) -> None:
    from aitalent.core import services

    topic = services.create_topic(name_en="Neural radiance fields", created_by=alice)
    assert member_data.export_all(alice)["topics"]["created_topics"][0]["slug"] == topic.slug
    member_data.erase_all(alice)
    topic.refresh_from_db()
    assert topic.created_by is None
