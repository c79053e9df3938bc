from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from aitalent.notifications import services
from aitalent.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def poke(alice, mallory, n=1):
    for i in range(n):
        services.notify(
            recipients=[alice],
            verb="tests.poked",
            actor=mallory,
            url="/topics/pytorch/",
            context={"title": f"item {i}"},
            key=f"p{i}",
        )


def test_bell_shows_the_unread_count(client, alice, mallory) -> None:
    poke(alice, mallory, 3)
    client.force_login(alice)
    body = client.get("/").content.decode()
    assert 'data-testid="bell-count">3<' in body


def test_list_filters_and_pagination(client, alice, mallory, django_assert_max_num_queries) -> None:
    poke(alice, mallory, 35)
    services.notify(recipients=[alice], verb="tests.mentioned", actor=mallory)
    client.force_login(alice)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 30
    mentions = client.get(reverse("notifications:list") + "?filter=mentions")
    assert [row.verb for row in mentions.context["rows"]] == ["tests.mentioned"]
    page2 = client.get(reverse("notifications:list") + "?page=2")
    assert len(page2.context["rows"]) == 6


def test_list_query_count_does_not_grow(
    client, alice, mallory, django_assert_max_num_queries
) -> None:
    poke(alice, mallory, 5)
    client.force_login(alice)
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:list"))
    poke(alice, mallory, 60)
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:list"))


def test_open_marks_read_and_lands_on_the_item(client, alice, mallory) -> None:
    poke(alice, mallory)
    row = Notification.objects.get()
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == "/topics/pytorch/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_strangers_get_404_for_someone_elses_notification(client, alice, mallory) -> None:
    poke(alice, mallory)
    row = Notification.objects.get()
    client.force_login(mallory)
    assert client.get(reverse("notifications:open", args=[row.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_anonymous_is_sent_to_login(client) -> None:
    for name in ["notifications:list", "notifications:preferences", "notifications:dropdown"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_mark_read_htmx_returns_the_row(client, alice, mallory) -> None:
    poke(alice, mallory)
    row = Notification.objects.get()
    client.force_login(alice)
    response = client.post(reverse("notifications:read", args=[row.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="notification-{row.pk}"' in response.content.decode()
    assert client.get(reverse("notifications:read", args=[row.pk])).status_code == 405


def test_dropdown_lists_the_latest(client, alice, mallory) -> None:
    poke(alice, mallory, 10)
    client.force_login(alice)
    body = client.get(reverse("notifications:dropdown")).content.decode()
    assert body.count("list-group-item-action") == 8


def test_preferences_page_saves_every_channel(client, alice) -> None:
    client.force_login(alice)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200 and "Pokes" in page.content.decode()
    data = {f"email__{row['verb']}": row["email"] for row in services.preferences_for(user=alice)}
    data.update({f"in_app__{row['verb']}": "on" for row in services.preferences_for(user=alice)})
    data["email__tests.poked"] = "weekly"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert Preference.objects.get(user=alice, verb="tests.poked").email == "weekly"


def test_preferences_reject_bad_input_and_keep_data(client, alice) -> None:
    services.set_preference(user=alice, verb="tests.poked", email="daily")
    client.force_login(alice)
    response = client.post(reverse("notifications:preferences"), {"email__tests.poked": "hourly"})
    assert response.status_code == 200
    assert "email__tests.poked" in response.context["form"].errors
    assert Preference.objects.get(user=alice, verb="tests.poked").email == "daily"


def test_unsubscribe_link_works_without_login_and_cannot_be_forged(client, alice, mallory) -> None:
    poke(alice, mallory)
    services.send_instant_email(notification_id=Notification.objects.get().pk)
    url = (
        mail.outbox[0]
        .extra_headers["List-Unsubscribe"]
        .strip("<>")
        .replace("http://127.0.0.1:8000", "")
    )
    page = client.get(url)
    assert page.status_code == 200 and "Pokes" in page.content.decode()
    assert client.post(url).status_code == 200  # one click, no session, no CSRF token
    assert Preference.objects.get(user=alice, verb="tests.poked").email == "off"
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert client.post(reverse("notifications:unsubscribe", args=[forged])).status_code == 400
    other = services.unsubscribe_token(user=mallory, verb="tests.poked")
    client.post(reverse("notifications:unsubscribe", args=[other]))
    # a token only ever changes the settings of the member it was made for
    assert Preference.objects.filter(user=alice).count() == 1
    assert Preference.objects.get(user=mallory).email == "off"


def test_watch_control_on_topic_page(client, alice) -> None:
    from aitalent.core.models import Topic

    topic = Topic.objects.get(slug="pytorch")
    client.force_login(alice)
    assert "Watching: every new item" in client.get(topic.get_absolute_url()).content.decode()
    response = client.post(
        reverse("notifications:watch"),
        {
            "target_type": "core.topic",
            "target_id": topic.pk,
            "level": "watching",
            "next": topic.get_absolute_url(),
        },
    )
    assert response.status_code == 302
    assert (
        services.get_watch_level(user=alice, target_type="core.topic", target_id=topic.pk)
        == "watching"
    )
    bad = client.post(
        reverse("notifications:watch"),
        {"target_type": "core.secret", "target_id": 1, "level": "watching"},
    )
    assert bad.status_code == 302
    assert alice.watches.count() == 1
