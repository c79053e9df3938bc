from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.core.models import Topic
from aitalent.people.models import Profile, ProfileSkill

pytestmark = pytest.mark.django_db


def test_visitor_sees_pitch_numbers_and_members(
    client, alice, django_assert_max_num_queries
) -> None:
    ProfileSkill.objects.create(
        profile=alice.profile, topic=Topic.objects.get(slug="pytorch"), level=4
    )
    with django_assert_max_num_queries(24):
        response = client.get(reverse("core:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Join the community" in body
    assert "Alice Liddell" in body
    assert "PyTorch" in body


def test_home_query_count_does_not_grow_with_members(client, django_assert_max_num_queries) -> None:
    from conftest import make_member

    for i in range(30):
        make_member(f"m{i}@example.com", f"member{i}", f"Member {i}")
    with django_assert_max_num_queries(24):
        assert client.get(reverse("core:home")).status_code == 200


def test_member_sees_welcome(client, alice) -> None:
    client.force_login(alice)
    body = client.get(reverse("core:home")).content.decode()
    assert "Welcome back, Alice Liddell" in body
    assert reverse("people:profile", args=["alice"]) in body


def test_private_profiles_are_not_listed_to_visitors(client, alice, mallory) -> None:
    Profile.objects.filter(user=mallory).update(visibility="private")
    Profile.objects.filter(user=alice).update(visibility="members")
    body = client.get(reverse("core:home")).content.decode()
    assert "Mallory" not in body and "Alice Liddell" not in body


def test_home_in_chinese(client) -> None:
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = response.content.decode()
    assert '<html lang="zh-hans"' in body
    assert "加入社区" in body


def test_unknown_page_is_a_friendly_404(client) -> None:
    response = client.get("/this/does/not/exist/")
    assert response.status_code == 404
    assert "Go to the home page" in response.content.decode()
