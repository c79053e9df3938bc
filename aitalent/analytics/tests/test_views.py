"""Pages, CSV and API: staff only (the public page is aggregates only), filters, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from aitalent.analytics import aggregation
from aitalent.analytics.tests.factories import MONDAY, TODAY, act, at, crowd

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "analytics:staff",
    "analytics:staff-questions",
    "analytics:staff-funnels",
    "analytics:staff-retention",
    "analytics:staff-skills",
    "analytics:staff-network",
]
RANGE = {
    "from": MONDAY.isoformat(),
    "to": (MONDAY + timedelta(days=20)).isoformat(),
    "interval": "week",
}


@pytest.fixture
def history():
    users = crowd(7, joined=MONDAY - timedelta(days=30))
    for user in users:
        act(user, "view", at(MONDAY))
    for user in users[:3]:  # a group of three: must never show
        act(user, "view", at(MONDAY + timedelta(days=7)))
    aggregation.recompute(date_from=MONDAY, date_to=MONDAY + timedelta(days=20), today=TODAY)
    return users


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_render_for_staff(client, olivia, history, name, django_assert_max_num_queries):
    client.force_login(olivia)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name), RANGE)
    assert response.status_code == 200
    assert b"Community analytics" in response.content


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_refuse_members(client, mallory, name):
    client.force_login(mallory)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_send_visitors_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_pages_refuse_post(client, olivia):
    client.force_login(olivia)
    assert client.post(reverse("analytics:staff")).status_code == 405


def test_overview_shows_values_and_hides_small_groups(client, olivia, history):
    client.force_login(olivia)
    response = client.get(reverse("analytics:staff"), RANGE)
    charts = {c["slug"]: c for c in response.context["charts"]}
    active = charts["active"]["datasets"][0]
    assert active["data"][0] == 7.0  # week 1: seven members
    assert active["data"][1] is None and active["suppressed"][1]  # week 2: three members
    assert active["data"][2] == 0.0  # nobody: zero reveals nobody
    assert b"&lt;5" in response.content  # the table says so


def test_bad_filters_show_errors_and_fall_back(client, olivia, history):
    client.force_login(olivia)
    response = client.get(
        reverse("analytics:staff"), {"from": "2026-05-01", "to": "2026-04-01", "domain": "nope"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "from_" in form.errors and "domain" in form.errors
    assert response.context["rng"].interval == "week"


def test_too_long_range_for_daily_interval(client, olivia):
    client.force_login(olivia)
    response = client.get(
        reverse("analytics:staff"), {"from": "2020-01-01", "to": "2026-01-01", "interval": "day"}
    )
    assert "interval" in response.context["form"].errors


def test_chart_csv_for_staff_suppresses_small_groups(client, olivia, history):
    client.force_login(olivia)
    response = client.get(reverse("analytics:csv", args=["active"]), RANGE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[1] == f"{MONDAY.isoformat()},7.0"
    assert lines[2] == f"{(MONDAY + timedelta(days=7)).isoformat()},<5"


@pytest.mark.parametrize("table", ["funnels", "retention", "skills", "flow"])
def test_table_csvs_are_staff_only(client, olivia, mallory, history, table):
    url = reverse("analytics:csv", args=[table])
    client.force_login(mallory)
    assert client.get(url).status_code == 403
    client.force_login(olivia)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_unknown_csv_is_404_for_staff(client, olivia):
    client.force_login(olivia)
    assert client.get(reverse("analytics:csv", args=["nope"])).status_code == 404


def test_public_csv_ignores_filters_and_refuses_staff_charts(client, history):
    response = client.get(reverse("analytics:csv", args=["active"]), {"interval": "day"})
    assert response.status_code == 200
    assert "-month-" in response["Content-Disposition"]
    assert client.get(reverse("analytics:csv", args=["stickiness"])).status_code == 403


def test_public_page_has_aggregates_and_no_names(client, alice, olivia, history):
    response = client.get(reverse("analytics:index"))
    assert response.status_code == 200
    assert b"Our community in numbers" in response.content
    assert b"Staff dashboard" not in response.content
    # Member names appear nowhere (the network lists are staff-only).
    for user in history:
        assert user.display_name.encode() not in response.content
    assert "connectors" not in (response.context["network"] or {})
    client.force_login(olivia)
    assert b"Staff dashboard" in client.get(reverse("analytics:index")).content


def test_public_page_query_count(client, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(reverse("analytics:index")).status_code == 200


def test_api_refuses_visitors_and_members(api_client, mallory):
    url = reverse("analytics-api:metric-series", args=["active_members"])
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(mallory)
    assert api_client.get(url).status_code == 403
    assert api_client.get(reverse("analytics-api:metric-list")).status_code == 403


def test_api_series_matches_and_suppresses(api_client, olivia, history):
    api_client.force_authenticate(olivia)
    response = api_client.get(
        reverse("analytics-api:metric-series", args=["active_members"]), RANGE
    )
    assert response.status_code == 200
    body = response.json()
    assert body["metric"]["good_direction"] == "up"
    points = body["points"]
    assert points[0] == {"period": MONDAY.isoformat(), "value": 7.0, "suppressed": False}
    assert points[1]["value"] is None and points[1]["suppressed"] is True


def test_api_bad_input_names_the_field(api_client, olivia):
    api_client.force_authenticate(olivia)
    url = reverse("analytics-api:metric-series", args=["active_members"])
    response = api_client.get(url, {"from": "not-a-date", "interval": "year"})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "from" in fields and "interval" in fields
    assert api_client.get(reverse("analytics-api:metric-series", args=["nope"])).status_code == 404


def test_api_lists_metrics(api_client, olivia):
    api_client.force_authenticate(olivia)
    response = api_client.get(reverse("analytics-api:metric-list"))
    slugs = {m["slug"] for m in response.json()}
    assert {"active_members", "interactions", "participants", "first_response_hours"} <= slugs
    assert next(m for m in response.json() if m["slug"] == "unanswered")["good_direction"] == "down"


def test_topic_filter_on_questions_page_and_api(client, api_client, olivia, history):
    from aitalent.core.models import Topic

    Topic.objects.get_or_create(slug="nlp-test", defaults={"name_en": "NLP", "name_zh": "NLP"})
    client.force_login(olivia)
    response = client.get(reverse("analytics:staff-questions"), {**RANGE, "topic": "nlp-test"})
    assert response.status_code == 200
    assert response.context["rng"].dimension == "topic:nlp-test"
    charts = {c["slug"]: c for c in response.context["charts"]}
    assert not charts["questions"]["unfiltered"]
    assert charts["crossdomain"]["unfiltered"]  # no topic slice: shows everyone, says so
    both = client.get(
        reverse("analytics:staff-questions"), {**RANGE, "topic": "nlp-test", "domain": "x"}
    )
    assert "topic" in both.context["form"].errors or "domain" in both.context["form"].errors
    api_client.force_authenticate(olivia)
    url = reverse("analytics-api:metric-series", args=["stickiness"])
    response = api_client.get(url, {"topic": "nlp-test"})
    assert response.status_code == 400
    assert "topic" in response.json()["error"]["fields"]
    ok = api_client.get(
        reverse("analytics-api:metric-series", args=["questions"]), {"topic": "nlp-test"}
    )
    assert ok.status_code == 200 and ok.json()["topic"] == "nlp-test"
