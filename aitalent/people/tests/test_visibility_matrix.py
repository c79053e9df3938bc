"""{public, members, connections, only me} × {visitor, member, connection, blocked, owner, staff}
over every surface that shows a member: profile page, API detail and list, directory, search and
@-mention lookups. Hidden fields carry canary strings that must never appear."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from aitalent.people import services
from aitalent.people.models import Profile
from aitalent.people.tests.factories import connect, member

pytestmark = pytest.mark.django_db

LEVELS = ["public", "members", "connections", "private"]
VIEWERS = ["visitor", "member", "connection", "blocked", "owner", "staff"]
SEES = {
    "public": {"visitor", "member", "connection", "owner", "staff"},
    "members": {"member", "connection", "owner", "staff"},
    "connections": {"connection", "owner"},
    "private": {"owner"},
}
CANARIES = {
    "location": ["Canarycity"],
    "organisation": ["Canaryorg", "Canaryrole"],
    "links": ["canarylinks"],
    "email": ["canarymail@example.com"],
    "connections": ["canaryfriend"],
}


@pytest.fixture
def world(olivia):
    owner = member("owner")
    owner.email = "canarymail@example.com"
    owner.save()
    Profile.objects.filter(user=owner).update(
        headline="Owner headline",
        country="DE",
        city="Canarycity",
        organisation="Canaryorg",
        role="Canaryrole",
        github="https://github.com/canarylinks",
        last_active_at=timezone.now(),
    )
    services.refresh_search_vector(profile=Profile.objects.select_related("user").get(user=owner))
    friend = member("canaryfriend")
    connection = member("conn")
    stranger = member("stranger")
    blocked = member("blocked")
    connect(owner, friend)
    connect(owner, connection)
    services.block_member(blocker=owner, blocked=blocked)
    return {
        "owner": owner,
        "visitor": None,
        "member": stranger,
        "connection": connection,
        "blocked": blocked,
        "staff": olivia,
    }


def set_all(owner, level: str) -> None:
    Profile.objects.filter(user=owner).update(
        email_visibility=level,
        location_visibility=level,
        organisation_visibility=level,
        links_visibility=level,
        connections_visibility=level,
        activity_visibility=level,
    )


def login(client, api_client, user) -> None:
    if user is not None:
        client.force_login(user)
        api_client.force_authenticate(user)


def assert_canaries(body: str, *, visible: bool, groups=CANARIES) -> None:
    for group, canaries in groups.items():
        for canary in canaries:
            if visible:
                assert canary in body, (group, canary)
            else:
                assert canary not in body, (group, canary)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_profile_page_and_api_detail(client, api_client, world, level, viewer) -> None:
    owner = world["owner"]
    set_all(owner, level)
    login(client, api_client, world[viewer])
    page = client.get(reverse("people:profile", args=["owner"]))
    detail = api_client.get(reverse("people-api:detail", args=["owner"]))
    connections = api_client.get(reverse("people-api:connections", args=["owner"]))
    if viewer == "blocked":
        assert page.status_code == detail.status_code == connections.status_code == 404
        assert_canaries(page.content.decode() + detail.content.decode(), visible=False)
        return
    assert page.status_code == detail.status_code == connections.status_code == 200
    visible = viewer in SEES[level]
    assert_canaries(page.content.decode(), visible=visible)
    assert_canaries(detail.content.decode() + connections.content.decode(), visible=visible)
    assert (detail.json()["last_active_at"] is not None) == visible


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_lists_directory_search_and_mentions(client, api_client, world, level, viewer) -> None:
    owner = world["owner"]
    set_all(owner, level)
    login(client, api_client, world[viewer])
    list_groups = {k: CANARIES[k] for k in ("location", "organisation")}
    bodies = {
        "directory": client.get(reverse("people:directory")),
        "search": client.get(reverse("people:directory"), {"q": "owner headline"}),
        "api list": api_client.get(reverse("people-api:list")),
        "api search": api_client.get(reverse("people-api:list"), {"q": "owner"}),
    }
    for name, response in bodies.items():
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "canarymail" not in body and "canarylinks" not in body, name
        if viewer == "blocked":
            assert "@owner" not in body and '"owner"' not in body, name
            assert_canaries(body, visible=False, groups=list_groups)
        else:
            assert "owner" in body, name
            assert_canaries(body, visible=viewer in SEES[level], groups=list_groups)
    # A hidden location cannot be probed with the country filter.
    found = api_client.get(reverse("people-api:list"), {"country": "DE"}).json()["results"]
    handles = [p["handle"] for p in found]
    assert ("owner" in handles) == (viewer in SEES[level] and viewer != "blocked")
    if world[viewer] is not None:
        mentions = client.get(reverse("people:mentions"), {"q": "own"}).json()["results"]
        api_mentions = api_client.get(reverse("people-api:mentions"), {"q": "own"}).json()
        expected = viewer != "blocked"
        assert any(m["handle"] == "owner" for m in mentions) == expected
        assert any(m["handle"] == "owner" for m in api_mentions["results"]) == expected
        assert "Canary" not in str(mentions) + str(api_mentions)


@pytest.mark.parametrize(
    "visibility, visitor, member_, connection",
    [
        ("public", 200, 200, 200),
        ("members", 404, 200, 200),
        ("connections", 404, 404, 200),
        ("private", 404, 404, 404),
    ],
)
def test_whole_profile_visibility(
    client, api_client, world, visibility, visitor, member_, connection
) -> None:
    Profile.objects.filter(user=world["owner"]).update(visibility=visibility)
    url = reverse("people:profile", args=["owner"])
    api_url = reverse("people-api:detail", args=["owner"])
    assert client.get(url).status_code == api_client.get(api_url).status_code == visitor
    for persona, expected in [("member", member_), ("connection", connection), ("owner", 200)]:
        login(client, api_client, world[persona])
        assert client.get(url).status_code == expected, persona
        assert api_client.get(api_url).status_code == expected, persona
        listed = "owner" in [
            p["handle"] for p in api_client.get(reverse("people-api:list")).json()["results"]
        ]
        assert listed == (expected == 200), persona


def test_directory_opt_out_and_noindex(client, world) -> None:
    owner = world["owner"]
    Profile.objects.filter(user=owner).update(in_directory=False, allow_indexing=False)
    assert "owner" not in client.get(reverse("people:directory")).content.decode()
    page = client.get(reverse("people:profile", args=["owner"]))
    assert page.status_code == 200  # opting out of the directory does not hide the profile
    assert page["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in page.content.decode()
