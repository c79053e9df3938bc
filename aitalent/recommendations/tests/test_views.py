"""Pages, partials and API of the recommendations app."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from aitalent.recommendations import refresh
from aitalent.recommendations.models import Click, Impression, SuggestionList, Surface
from aitalent.recommendations.tests import factories as f
from aitalent.recommendations.tests.test_refresh import community  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(alice: Any, community: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    refresh.run()
    return community


def test_it_shows_every_surface_with_reasons(client, alice, computed):
    client.force_login(alice)
    response = client.get(reverse("recommendations:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tokenizers explained" in body
    assert "2 mutual connections" in body
    assert "Level 5 in" in body  # dave, the mentor
    assert Impression.objects.filter(user=alice).count() == 5


def test_it_speaks_chinese(client, alice, computed):
    client.force_login(alice)
    response = client.get(reverse("recommendations:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "自然语言处理" in response.content.decode()  # the topic name in a reason


def test_it_sends_visitors_to_log_in(client):
    response = client.get(reverse("recommendations:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_index_query_budget(client, alice, computed, django_assert_max_num_queries):
    client.force_login(alice)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("recommendations:index")).status_code == 200


def test_home_feed_is_per_viewer_with_reasons(client, alice, computed):
    client.force_login(alice)
    body = client.get("/").content.decode()
    assert 'id="for-you"' in body
    assert "Tokenizers explained" in body
    assert "Matches your interest in" in body or "Members with interests" in body
    client.force_login(computed["bob"])
    bob_body = client.get("/").content.decode()
    assert "Tokenizers explained" not in bob_body.split('id="for-you"')[1].split("</section>")[0]


def test_home_feed_query_budget(client, alice, computed, django_assert_max_num_queries):
    client.force_login(alice)
    client.get("/")  # warm the cached home sections
    # The feed adds: its list (1), item checks per type (≤ 2 here), the impression (1).
    with django_assert_max_num_queries(30):
        assert client.get("/").status_code == 200


def test_home_feed_starts_cold_for_a_new_member(client, computed):
    newbie = f.member("newbie", ("natural-language-processing", 1))
    client.force_login(newbie)
    body = client.get("/").content.decode()
    assert "Tokenizers explained" in body
    assert SuggestionList.objects.filter(user=newbie, is_cold_start=True).exists()


def test_home_hides_the_feed_from_visitors(client, computed):
    assert 'id="for-you"' not in client.get("/").content.decode()


def test_dismiss_by_htmx_removes_the_card(client, alice, computed):
    client.force_login(alice)
    nlp = computed["nlp"]
    response = client.post(
        reverse("recommendations:dismiss"),
        {"surface": "feed", "type": "knowledge.resource", "id": nlp.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response.content == b""
    assert nlp.pk not in f.ids(alice, Surface.FEED, "knowledge.resource")


def test_dismiss_without_htmx_redirects(client, alice, computed):
    client.force_login(alice)
    response = client.post(
        reverse("recommendations:dismiss"),
        {"surface": "people", "type": "accounts.user", "id": computed["carol"].pk},
    )
    assert response.status_code == 302
    assert computed["carol"].pk not in f.ids(alice, Surface.PEOPLE)


def test_dismiss_refuses_bad_input_wrong_method_and_visitors(client, alice, computed):
    url = reverse("recommendations:dismiss")
    assert client.post(url, {"surface": "feed", "type": "x", "id": 1}).status_code == 302
    client.force_login(alice)
    assert client.get(url).status_code == 405
    response = client.post(url, {"surface": "feed", "type": "knowledge.resource", "id": "x"})
    assert response.status_code == 400 and b"id" in response.content
    response = client.post(url, {"surface": "nope", "type": "knowledge.resource", "id": 1})
    assert response.status_code == 400


def test_a_click_is_logged_and_followed(client, alice, computed):
    client.force_login(alice)
    nlp = computed["nlp"]
    response = client.get(
        reverse("recommendations:go"), {"s": "feed", "t": "knowledge.resource", "i": nlp.pk}
    )
    assert response.status_code == 302 and response["Location"] == nlp.get_absolute_url()
    assert Click.objects.filter(user=alice, surface="feed", item_id=nlp.pk).exists()


def test_a_click_never_leads_to_a_hidden_item(client, alice, computed):
    draft = f.resource(computed["bob"], "Secret draft", "pytorch", status="draft")
    client.force_login(alice)
    url = reverse("recommendations:go")
    assert (
        client.get(url, {"s": "feed", "t": "knowledge.resource", "i": draft.pk}).status_code == 404
    )
    assert client.get(url, {"s": "feed", "t": "knowledge.resource", "i": "x"}).status_code == 400
    assert client.get(url, {"s": "zz", "t": "knowledge.resource", "i": 1}).status_code == 400
    assert not Click.objects.exists()


def test_similar_items_partial(client, alice, computed):
    url = reverse("recommendations:similar", args=["knowledge.resource", computed["nlp"].pk])
    assert client.get(url).content == b""  # visitors: nothing
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert b"NLP meetup Berlin" in response.content
    unknown = reverse("recommendations:similar", args=["nope.nope", 1])
    assert client.get(unknown).status_code == 200


def test_similar_slot_renders_a_lazy_loader(alice, rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = alice
    html = render_to_string(
        "recommendations/partials/similar_slot.html",
        {"item_type": "knowledge.resource", "item_id": 7, "user": alice},
        request=request,
    )
    assert 'hx-get="/recommendations/similar/knowledge.resource/7/"' in html


def test_ask_an_expert_on_an_unanswered_question(client, alice, computed):
    from aitalent.forum.tests.factories import question

    thread = question(computed["bob"])
    thread.topics.set(f.Topic.objects.filter(slug="pytorch"))
    client.force_login(alice)
    response = client.get(reverse("recommendations:similar", args=["forum.thread", thread.pk]))
    assert "Ask an expert" in response.content.decode()
    assert "Dave" in response.content.decode()


def test_stats_page_is_for_staff(client, alice, olivia, computed):
    url = reverse("recommendations:stats")
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(olivia)
    response = client.get(url)
    assert response.status_code == 200 and "People you may know" in response.content.decode()


def test_own_profile_shows_people_you_may_know(client, alice, computed):
    client.force_login(alice)
    body = client.get(reverse("people:profile", args=["alice"])).content.decode()
    assert 'id="people-you-may-know"' in body and "Carol" in body
    other = client.get(reverse("people:profile", args=["bob"])).content.decode()
    assert 'id="people-you-may-know"' not in other


# API -------------------------------------------------------------------------------------------


def test_api_lists_a_surface_with_scores_and_reasons(api_client, alice, computed):
    api_client.force_authenticate(alice)
    response = api_client.get(reverse("recommendations-api:list", args=["people"]))
    assert response.status_code == 200
    data = response.json()
    assert data["surface"] == "people"
    carol = next(i for i in data["items"] if i["id"] == computed["carol"].pk)
    assert carol["reason"] == "2 mutual connections"
    assert carol["reason_code"] == "mutual" and isinstance(carol["score"], float)


def test_api_refuses_visitors_unknown_surfaces_and_bad_limits(api_client, alice, computed):
    url = reverse("recommendations-api:list", args=["feed"])
    assert api_client.get(url).status_code in (401, 403)
    api_client.force_authenticate(alice)
    assert api_client.get(reverse("recommendations-api:list", args=["nope"])).status_code == 404
    response = api_client.get(url, {"limit": "many"})
    assert response.status_code == 400 and "limit" in response.json()["error"]["fields"]


def test_api_dismiss(api_client, alice, computed):
    url = reverse("recommendations-api:dismiss")
    assert api_client.post(url, {}, format="json").status_code in (401, 403)
    api_client.force_authenticate(alice)
    response = api_client.post(
        url,
        {"surface": "feed", "type": "knowledge.resource", "id": computed["nlp"].pk},
        format="json",
    )
    assert response.status_code == 204
    assert computed["nlp"].pk not in f.ids(alice, Surface.FEED, "knowledge.resource")
    bad = api_client.post(url, {"surface": "feed", "type": "x.y", "id": 0}, format="json")
    assert bad.status_code == 400 and "id" in bad.json()["error"]["fields"]
    bad = api_client.post(url, {"surface": "feed", "type": "x.y", "id": 3}, format="json")
    assert bad.status_code == 400 and "item_type" in bad.json()["error"]["fields"]
