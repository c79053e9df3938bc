from __future__ import annotations

import pytest

from aitalent.notifications import services
from aitalent.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def test_list_and_unread_count(api_client, alice, mallory) -> None:
    for i in range(3):
        services.notify(
            recipients=[alice],
            verb="tests.poked",
            actor=mallory,
            context={"title": f"t{i}"},
            key=f"k{i}",
        )
    services.notify(recipients=[mallory], verb="tests.poked", actor=alice, context={"title": "x"})
    api_client.force_authenticate(alice)
    body = api_client.get("/api/v1/notifications/").json()
    assert len(body["results"]) == 3
    assert body["results"][0]["message"].startswith("Mallory Stranger poked you")
    assert body["results"][0]["actor"] == "mallory"
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}


def test_mark_read_and_read_all(api_client, alice, mallory) -> None:
    rows = [
        services.notify(
            recipients=[alice],
            verb="tests.poked",
            actor=mallory,
            context={"title": "t"},
            key=f"k{i}",
        )[0]
        for i in range(2)
    ]
    api_client.force_authenticate(alice)
    assert api_client.post(f"/api/v1/notifications/{rows[0].pk}/read/").status_code == 204
    assert api_client.post("/api/v1/notifications/read-all/", {}, format="json").json() == {
        "marked": 1
    }
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_others_notifications_are_404(api_client, alice, mallory) -> None:
    row = services.notify(
        recipients=[alice], verb="tests.poked", actor=mallory, context={"title": "t"}
    )[0]
    api_client.force_authenticate(mallory)
    assert api_client.post(f"/api/v1/notifications/{row.pk}/read/").status_code == 404
    assert api_client.get("/api/v1/notifications/").json()["results"] == []


def test_preferences_api_is_all_or_nothing(api_client, alice) -> None:
    api_client.force_authenticate(alice)
    rows = api_client.get("/api/v1/notifications/preferences/").json()
    assert {"verb": "tests.poked", "email": "instant"}.items() <= next(
        r for r in rows if r["verb"] == "tests.poked"
    ).items()
    bad = api_client.put(
        "/api/v1/notifications/preferences/",
        [{"verb": "tests.poked", "email": "daily"}, {"verb": "tests.nope", "email": "off"}],
        format="json",
    )
    assert bad.status_code == 400 and "verb" in bad.json()["error"]["fields"]
    assert not Preference.objects.exists()
    ok = api_client.put(
        "/api/v1/notifications/preferences/",
        [{"verb": "tests.poked", "email": "daily", "in_app": False}],
        format="json",
    )
    assert ok.status_code == 200
    assert Preference.objects.get(user=alice).email == "daily"


def test_watch_api(api_client, alice) -> None:
    from aitalent.core.models import Topic

    topic = Topic.objects.get(slug="mlops")
    api_client.force_authenticate(alice)
    ok = api_client.put(
        "/api/v1/notifications/watches/",
        {"target_type": "core.topic", "target_id": topic.pk, "level": "tracking"},
        format="json",
    )
    assert ok.status_code == 200
    missing = api_client.put(
        "/api/v1/notifications/watches/",
        {"target_type": "core.topic", "target_id": 99999999, "level": "tracking"},
        format="json",
    )
    assert missing.status_code == 404


def test_anonymous_api_is_refused(api_client) -> None:
    assert api_client.get("/api/v1/notifications/").status_code == 401
