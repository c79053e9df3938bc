from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.core.models import Topic
from aitalent.people.models import Profile, ProfileSkill

pytestmark = pytest.mark.django_db


def test_public_profile_shows_skills(client, alice, django_assert_max_num_queries) -> None:
    for slug in ["pytorch", "transformers", "python"]:
        ProfileSkill.objects.create(
            profile=alice.profile, topic=Topic.objects.get(slug=slug), level=4
        )
    # profile, skills, domains, endorsements (evidence and list), connections, session, and one
    # or two per pillar section (competitions with medals, projects, certificates)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("people:profile", args=["alice"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alice Liddell" in body and "PyTorch" in body and "Advanced" in body


@pytest.mark.parametrize(
    "visibility, anonymous, member, owner",
    [
        ("public", 200, 200, 200),
        ("members", 404, 200, 200),
        ("connections", 404, 404, 200),
        ("private", 404, 404, 200),
    ],
)
def test_profile_visibility(client, alice, mallory, visibility, anonymous, member, owner) -> None:
    Profile.objects.filter(user=alice).update(visibility=visibility)
    url = reverse("people:profile", args=["alice"])
    assert client.get(url).status_code == anonymous
    client.force_login(mallory)
    assert client.get(url).status_code == member
    client.force_login(alice)
    assert client.get(url).status_code == owner


def test_unknown_and_inactive_members_are_404(client, alice) -> None:
    assert client.get(reverse("people:profile", args=["nobody"])).status_code == 404
    alice.is_active = False
    alice.save()
    assert client.get(reverse("people:profile", args=["alice"])).status_code == 404


def test_profile_is_read_only(client, alice) -> None:
    assert client.post(reverse("people:profile", args=["alice"])).status_code == 405
