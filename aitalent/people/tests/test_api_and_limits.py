"""The people API (graph, endorsements, directory filters) and rate limits (429 + Retry-After)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from aitalent.core.models import Topic
from aitalent.people import selectors, services
from aitalent.people.models import ConnectionRequest, Endorsement, Follow, Profile
from aitalent.people.tests.factories import connect, member, skill

pytestmark = pytest.mark.django_db


def test_connection_requests_through_the_api(api_client, alice, mallory) -> None:
    api_client.force_authenticate(mallory)
    url = reverse("people-api:requests")
    response = api_client.post(
        url, {"to": "alice", "note": "hi", "status": "accepted"}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"
    request_id = response.json()["id"]
    assert (
        api_client.post(
            reverse("people-api:request-action", args=[request_id, "accept"])
        ).status_code
        == 403
    )  # only the invited member accepts
    api_client.force_authenticate(alice)
    incoming = api_client.get(url).json()["results"]
    assert incoming[0]["from_member"]["handle"] == "mallory"
    answer = api_client.post(reverse("people-api:request-action", args=[request_id, "accept"]))
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    handles = [
        m["handle"] for m in api_client.get(reverse("people-api:my-connections")).json()["results"]
    ]
    assert handles == ["mallory"]
    assert api_client.delete(reverse("people-api:connections", args=["mallory"])).status_code == 204


def test_api_refuses_unknown_members_and_anonymous(api_client, alice) -> None:
    assert api_client.post(reverse("people-api:requests"), {"to": "alice"}).status_code in (
        401,
        403,
    )
    api_client.force_authenticate(alice)
    assert api_client.post(reverse("people-api:requests"), {"to": "ghost"}).status_code == 404


def test_follows_and_blocks_through_the_api(api_client, alice, mallory) -> None:
    api_client.force_authenticate(alice)
    url = reverse("people-api:follows")
    assert api_client.post(url, {"member": "mallory"}, format="json").status_code == 201
    assert api_client.post(url, {"topic": "healthcare"}, format="json").status_code == 201
    assert api_client.post(url, {"topic": "no-such"}, format="json").status_code == 404
    assert api_client.post(url, {}, format="json").status_code == 400
    data = api_client.get(url).json()
    assert [m["handle"] for m in data["members"]] == ["mallory"]
    assert [t["slug"] for t in data["topics"]] == ["healthcare"]
    assert api_client.delete(url + "?topic=healthcare").status_code == 204
    assert api_client.post(reverse("people-api:blocks"), {"member": "mallory"}).status_code == 204
    assert not Follow.objects.filter(followee=mallory).exists()
    api_client.force_authenticate(mallory)
    assert api_client.get(reverse("people-api:detail", args=["alice"])).status_code == 404


def test_endorsements_through_the_api(api_client, alice, mallory) -> None:
    skill(alice, "pytorch", 4)
    connect(alice, mallory)
    api_client.force_authenticate(mallory)
    url = reverse("people-api:endorse", args=["alice", "pytorch"])
    response = api_client.post(url, {"context": "ASR project", "endorser": "alice"}, format="json")
    assert response.status_code == 201 and response.json()["endorser"]["handle"] == "mallory"
    assert api_client.post(url, {}, format="json").status_code == 400  # once only
    listed = api_client.get(url).json()
    assert listed["evidenced_level"] == 1 and listed["results"][0]["context"] == "ASR project"
    endorsement = Endorsement.objects.get()
    detail = reverse("people-api:endorsement", args=[endorsement.id])
    assert api_client.patch(detail, {"is_hidden": True}, format="json").status_code == 403
    api_client.force_authenticate(alice)
    assert api_client.patch(detail, {"is_hidden": True}, format="json").status_code == 200
    unknown = reverse("people-api:endorse", args=["alice", "no-such-skill"])
    assert api_client.post(unknown, {}, format="json").status_code == 404


@pytest.fixture
def tiny_limits(settings):
    settings.PEOPLE_RATE_LIMITS = {
        "connection_request": "2/h",
        "follow": "2/h",
        "endorsement": "1/h",
        "message": "3/m",
        "message_stranger": "1/h",
    }


def test_connection_requests_are_rate_limited(client, api_client, alice, tiny_limits) -> None:
    others = [member(f"p{i}") for i in range(4)]
    client.force_login(alice)
    for other in others[:2]:
        assert client.post(reverse("people:connect", args=[other.handle])).status_code == 302
    response = client.post(reverse("people:connect", args=[others[2].handle]))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    api_client.force_authenticate(alice)
    api = api_client.post(reverse("people-api:requests"), {"to": others[3].handle})
    assert api.status_code == 429 and int(api["Retry-After"]) > 0
    assert ConnectionRequest.objects.count() == 2


def test_follows_and_endorsements_are_rate_limited(api_client, alice, tiny_limits) -> None:
    others = [member(f"f{i}") for i in range(3)]
    api_client.force_authenticate(alice)
    url = reverse("people-api:follows")
    assert api_client.post(url, {"member": "f0"}).status_code == 201
    assert api_client.post(url, {"member": "f1"}).status_code == 201
    response = api_client.post(url, {"member": "f2"})
    assert response.status_code == 429 and response["Retry-After"]
    for other in others[:2]:
        skill(other, "python", 3)
        connect(alice, other)
    assert api_client.post(reverse("people-api:endorse", args=["f0", "python"])).status_code == 201
    response = api_client.post(reverse("people-api:endorse", args=["f1", "python"]))
    assert response.status_code == 429 and response["Retry-After"]


def test_messages_to_strangers_are_limited_more_tightly(api_client, alice, tiny_limits) -> None:
    friend, stranger = member("friend"), member("stranger2")
    connect(alice, friend)
    Profile.objects.filter(user=stranger).update(message_policy="anyone")
    api_client.force_authenticate(alice)
    url = reverse("messaging-api:conversations")
    assert (
        api_client.post(
            url, {"participants": ["stranger2"], "body": "1"}, format="json"
        ).status_code
        == 201
    )
    response = api_client.post(url, {"participants": ["stranger2"], "body": "2"}, format="json")
    assert response.status_code == 429 and response["Retry-After"]
    # Connections are only under the general limit (3/m; the refused message did not count).
    for _ in range(2):
        ok = api_client.post(url, {"participants": ["friend"], "body": "hi"}, format="json")
        assert ok.status_code == 201
    again = api_client.post(url, {"participants": ["friend"], "body": "hi"}, format="json")
    assert again.status_code == 429


def _directory_world():
    pytorch, healthcare = Topic.objects.get(slug="pytorch"), Topic.objects.get(slug="healthcare")
    people = {}
    for handle, level, country, domain, tz in [
        ("ana", 4, "ES", True, "Europe/Madrid"),
        ("wei", 5, "CN", True, "Asia/Shanghai"),
        ("lena", 2, "DE", True, "Europe/Berlin"),
        ("raj", 4, "ES", False, "Europe/Madrid"),
    ]:
        user = member(handle, country=country)
        services.update_profile(
            profile=user.profile, by=user, timezone_name=tz, languages=["en"], is_open_to_work=True
        )
        skill(user, "pytorch", level)
        if domain:
            user.profile.domains.add(healthcare)
        people[handle] = user
    return pytorch, healthcare, people


def test_directory_filters_by_skill_level_domain_country(client, api_client, alice) -> None:
    _directory_world()
    api_client.force_authenticate(alice)
    url = reverse("people-api:list")
    found = api_client.get(url, {"skill": "pytorch", "min_level": 3, "domain": "healthcare"}).json()
    assert sorted(p["handle"] for p in found["results"]) == ["ana", "wei"]
    found = api_client.get(url, {"skill": "pytorch", "min_level": 3, "country": "ES"}).json()
    assert sorted(p["handle"] for p in found["results"]) == ["ana", "raj"]
    alice.timezone = "Europe/Paris"
    alice.save()
    found = api_client.get(url, {"tz_window": 1, "skill": "pytorch"}).json()
    assert sorted(p["handle"] for p in found["results"]) == ["ana", "lena", "raj"]
    found = api_client.get(
        url, {"skill": "pytorch", "min_level": 1, "level_kind": "evidenced"}
    ).json()
    assert found["results"] == []
    bad = api_client.get(url, {"skill": "no-such-skill"})
    assert bad.status_code == 400 and "skill" in bad.json()["error"]["fields"]
    page = client.get(
        reverse("people:directory"), {"skill": "pytorch", "min_level": 4, "country": "ES"}
    )
    body = page.content.decode()
    assert "Ana" in body and "Raj" in body and "Lena" not in body


def test_search_works_for_chinese(api_client, alice) -> None:
    wei = member("weizh")
    services.update_profile(
        profile=wei.profile, by=wei, display_name="王伟", headline="做机器学习研究的工程师"
    )
    api_client.force_authenticate(alice)
    for query in ["机器学习", "王伟", "工程师", "weizh"]:
        found = api_client.get(reverse("people-api:list"), {"q": query}).json()["results"]
        assert [p["handle"] for p in found] == ["weizh"], query


def test_directory_query_budget(client, alice, django_assert_max_num_queries) -> None:
    _directory_world()
    client.force_login(alice)
    client.get(reverse("people:directory"))
    # Fixed, whatever the number of results: session, user, topics, page, skills, domains,
    # the viewer's connections among the page, allauth's session tracking, and the id lists
    # of the skill's and the words' matches.
    with django_assert_max_num_queries(17):
        response = client.get(
            reverse("people:directory"), {"skill": "pytorch", "min_level": 2, "q": "ana"}
        )
    assert response.status_code == 200


def test_a_common_word_still_finds_members_passing_other_filters(alice, monkeypatch) -> None:
    # A common word ranks a bounded window of matches; the window is taken after the other
    # filters, so the one German engineer is not crowded out by more active engineers elsewhere.
    monkeypatch.setattr(selectors, "TEXT_ID_LIMIT", 3)
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    for i in range(6):
        member(f"eng{i}", headline="ML engineer", country="FR", last_active_at=timezone.now())
    member("engde", headline="ML engineer", country="DE")
    for sort in ("relevance", "activity"):
        filters = selectors.DirectoryFilters(q="engineer", country="DE", sort=sort)
        page = selectors.directory_page(viewer=alice, filters=filters, page=1)
        assert [p.user.handle for p in page["results"]] == ["engde"]


def test_directory_is_paginated_with_shareable_urls(client, alice) -> None:
    for i in range(25):
        member(f"m{i:02d}")
    response = client.get(reverse("people:directory"), {"sort": "newest"})
    body = response.content.decode()
    assert "?sort=newest&page=2" in body
    second = client.get(reverse("people:directory"), {"sort": "newest", "page": 2})
    assert second.status_code == 200 and "Page 2" in second.content.decode()


def test_directory_htmx_returns_the_results_fragment(client) -> None:
    response = client.get(reverse("people:directory"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
