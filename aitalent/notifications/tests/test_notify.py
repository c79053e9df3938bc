from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from aitalent.notifications import registry, services
from aitalent.notifications.models import Notification, Preference, Watch

pytestmark = pytest.mark.django_db


def poke(recipients, actor, **kwargs):
    return services.notify(
        recipients=recipients,
        verb="tests.poked",
        actor=actor,
        url="/topics/",
        context={"title": "transformers"},
        **kwargs,
    )


def test_it_stores_one_row_per_recipient_and_skips_the_actor(alice, olivia, mallory) -> None:
    rows = poke([alice, olivia, mallory], actor=mallory)
    assert {row.recipient_id for row in rows} == {alice.pk, olivia.pk}
    row = Notification.objects.get(recipient=alice)
    assert services.describe(row) == "Mallory Stranger poked you about transformers"
    assert row.email_channel == "instant"


def test_the_same_key_never_notifies_twice(alice, mallory) -> None:
    poke([alice], actor=mallory, key="poke-1")
    assert poke([alice], actor=mallory, key="poke-1") == []
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_repeats_with_a_group_key_merge(alice, olivia, mallory) -> None:
    for actor in (mallory, olivia, mallory):
        services.notify(
            recipients=[alice],
            verb="tests.replied",
            actor=actor,
            context={"title": "RAG tips"},
            group_key="thread-7",
        )
    row = Notification.objects.get(recipient=alice)
    assert row.count == 3
    assert services.describe(row) == "Mallory Stranger and 1 other replied in RAG tips"
    services.mark_read(user=alice, notification=row)
    services.notify(
        recipients=[alice],
        verb="tests.replied",
        actor=olivia,
        context={"title": "RAG tips"},
        group_key="thread-7",
    )
    assert Notification.objects.filter(recipient=alice).count() == 2  # read rows stay as they were


def test_a_blocked_member_never_causes_a_notification(alice, mallory) -> None:
    def alice_blocked_mallory(recipient_id: int, actor_id: int) -> bool:
        return {recipient_id, actor_id} == {alice.pk, mallory.pk}

    registry.register_block_checker(alice_blocked_mallory)
    try:
        assert poke([alice], actor=mallory) == []
    finally:
        registry._block_checkers.remove(alice_blocked_mallory)
    assert not Notification.objects.exists()


def test_muting_a_target_stops_everything_from_it(alice, mallory) -> None:
    from aitalent.core.models import Topic

    topic = Topic.objects.get(slug="transformers")
    Watch.objects.create(user=alice, target_type="core.topic", target_id=topic.pk, level="muted")
    assert (
        services.notify(
            recipients=[alice],
            verb="tests.poked",
            actor=mallory,
            target=topic,
            context={"title": "x"},
        )
        == []
    )


def test_notify_watchers_reaches_watching_members_only(alice, olivia, mallory) -> None:
    from aitalent.core.models import Topic

    topic = Topic.objects.get(slug="pytorch")
    services.set_watch_level(
        user=alice, target_type="core.topic", target_id=topic.pk, level="watching"
    )
    services.set_watch_level(
        user=olivia, target_type="core.topic", target_id=topic.pk, level="tracking"
    )
    rows = services.notify_watchers(
        target=topic, verb="tests.poked", actor=mallory, context={"title": "PyTorch 3"}
    )
    assert [row.recipient_id for row in rows] == [alice.pk]


def test_preferences_choose_the_channel(alice, mallory) -> None:
    services.set_preference(user=alice, verb="tests.poked", email="off", in_app=True)
    row = poke([alice], actor=mallory)[0]
    assert row.email_channel == "off" and row.read_at is None
    services.set_preference(user=alice, verb="tests.poked", email="off", in_app=False)
    assert poke([alice], actor=mallory, key="k2") == []


def test_in_app_off_but_email_on_keeps_the_bell_quiet(alice, mallory) -> None:
    services.set_preference(user=alice, verb="tests.poked", email="daily", in_app=False)
    row = poke([alice], actor=mallory)[0]
    assert row.read_at is not None and row.email_channel == "daily"
    assert services.unread_count(user=alice) == 0


def test_unknown_types_and_bad_preferences_are_refused(alice) -> None:
    with pytest.raises(LookupError):
        services.notify(recipients=[alice], verb="tests.nope")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.set_preference(user=alice, verb="tests.poked", email="hourly")
    with pytest.raises(ValidationError):
        services.set_preference(user=alice, verb="tests.nope", email="off")
    assert not Preference.objects.exists()


def test_instant_email_is_sent_once_in_the_members_language(
    alice, mallory, django_capture_on_commit_callbacks
) -> None:
    alice.language = "zh-hans"
    alice.save()
    row = poke([alice], actor=mallory)[0]
    assert services.send_instant_email(notification_id=row.pk)
    assert not services.send_instant_email(notification_id=row.pk)  # a retried job sends nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert "List-Unsubscribe" in message.extra_headers
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "打开" in message.body  # rendered in Alice's language
    assert message.alternatives[0][1] == "text/html"


def test_read_before_sending_means_no_email(alice, mallory) -> None:
    row = poke([alice], actor=mallory)[0]
    services.mark_read(user=alice, notification=row)
    assert not services.send_instant_email(notification_id=row.pk)
    assert mail.outbox == []


def test_one_email_per_group_and_interval(alice, olivia, mallory) -> None:
    services.set_preference(user=alice, verb="tests.replied", email="instant")
    first = services.notify(
        recipients=[alice],
        verb="tests.replied",
        actor=mallory,
        context={"title": "t"},
        group_key="conv-1",
    )[0]
    assert services.send_instant_email(notification_id=first.pk)
    services.mark_read(user=alice, notification=first)
    second = services.notify(
        recipients=[alice],
        verb="tests.replied",
        actor=olivia,
        context={"title": "t"},
        group_key="conv-1",
    )[0]
    assert not services.send_instant_email(notification_id=second.pk)
    assert len(mail.outbox) == 1


def test_describe_follows_the_active_language(alice, mallory) -> None:
    row = services.notify(
        recipients=[alice],
        verb="notifications.announcement",
        actor=mallory,
        context={"title": "Hello"},
    )[0]
    with translation.override("zh-hans"):
        assert services.describe(row) == "公告：Hello"


def test_unread_count_is_capped_and_cheap(alice, mallory, django_assert_num_queries) -> None:
    for i in range(105):
        poke([alice], actor=mallory, key=f"k{i}")
    with django_assert_num_queries(1):
        assert services.unread_count(user=alice) == 100
    assert services.mark_all_read(user=alice) == 105
    assert services.unread_count(user=alice) == 0
