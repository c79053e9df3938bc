"""Direct messages: the access matrix, sending rules, unread counts, groups, mute, notifications."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from aitalent.messaging import selectors, services
from aitalent.messaging.models import Conversation, Message, Participant
from aitalent.people import services as people_services
from aitalent.people.models import Profile
from aitalent.people.tests.factories import connect, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat(alice, mallory):
    bob = member("bob")
    connect(alice, bob)
    conversation = services.start_conversation(creator=alice, recipients=[bob], body="Hello *Bob*")
    return {"conversation": conversation, "bob": bob, "message": Message.objects.get()}


HTML_ROUTES = [
    ("messaging:detail", "get"),
    ("messaging:send", "post"),
    ("messaging:leave", "post"),
    ("messaging:mute", "post"),
]
API_ROUTES = [
    ("messaging-api:conversation", "get"),
    ("messaging-api:messages", "get"),
    ("messaging-api:messages", "post"),
    ("messaging-api:read", "post"),
    ("messaging-api:leave", "post"),
    ("messaging-api:mute", "post"),
]


@pytest.mark.parametrize("route, method", HTML_ROUTES)
def test_non_participants_get_404_on_every_page(client, chat, mallory, route, method) -> None:
    client.force_login(mallory)
    url = reverse(route, args=[chat["conversation"].id])
    response = getattr(client, method)(url, {"body": "intrusion", "muted": True})
    assert response.status_code == 404
    assert not Message.objects.filter(body="intrusion").exists()


@pytest.mark.parametrize("route, method", API_ROUTES)
def test_non_participants_get_404_on_every_api_route(api_client, chat, mallory, route, method):
    api_client.force_authenticate(mallory)
    url = reverse(route, args=[chat["conversation"].id])
    response = getattr(api_client, method)(url, {"body": "intrusion", "muted": True}, format="json")
    assert response.status_code == 404
    assert "Hello" not in response.content.decode()


def test_anonymous_is_sent_to_login_or_refused(client, api_client, chat) -> None:
    url = reverse("messaging:detail", args=[chat["conversation"].id])
    assert client.get(url).status_code == 302
    api_url = reverse("messaging-api:messages", args=[chat["conversation"].id])
    assert api_client.get(api_url).status_code in (401, 403)


def test_lists_never_contain_others_conversations(client, api_client, chat, mallory) -> None:
    client.force_login(mallory)
    assert "Bob" not in client.get(reverse("messaging:inbox")).content.decode()
    api_client.force_authenticate(mallory)
    assert api_client.get(reverse("messaging-api:conversations")).json()["results"] == []


def test_mass_assignment_of_sender_and_participants_is_ignored(api_client, chat, alice, mallory):
    api_client.force_authenticate(chat["bob"])
    url = reverse("messaging-api:messages", args=[chat["conversation"].id])
    response = api_client.post(
        url,
        {
            "body": "Reply",
            "sender": alice.handle,
            "sender_id": alice.id,
            "participants": [mallory.handle],
            "conversation": 999,
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["sender"] == "bob"
    message = Message.objects.get(body="Reply")
    assert message.sender == chat["bob"] and message.conversation == chat["conversation"]
    assert not Participant.objects.filter(user=mallory).exists()


def test_it_sends_renders_markdown_and_counts_unread(client, chat, alice) -> None:
    bob, conversation = chat["bob"], chat["conversation"]
    assert selectors.unread_total(user=bob) == 1
    client.force_login(bob)
    badge = client.get(reverse("messaging:badge")).content.decode()
    assert ">1<" in badge
    page = client.get(reverse("messaging:detail", args=[conversation.id])).content.decode()
    assert "<em>Bob</em>" in page
    assert selectors.unread_total(user=bob) == 0  # opening marks it read
    response = client.post(reverse("messaging:send", args=[conversation.id]), {"body": "Hi!"})
    assert response.status_code == 302
    assert selectors.unread_total(user=alice) == 1


def test_badge_is_one_query(client, chat, django_assert_max_num_queries) -> None:
    client.force_login(chat["bob"])
    client.get(reverse("messaging:badge"))
    # Session, user and allauth's session tracking are per request anyway; the badge adds one SUM.
    with django_assert_max_num_queries(8) as captured:
        client.get(reverse("messaging:badge"))
    assert sum("messaging_participant" in q["sql"] for q in captured.captured_queries) == 1


def test_one_to_one_is_reused(alice, chat) -> None:
    again = services.start_conversation(creator=chat["bob"], recipients=[alice], body="Again")
    assert again == chat["conversation"] and Conversation.objects.count() == 1


def test_message_policy_and_blocks(alice, mallory) -> None:
    # mallory is new and not connected: not trusted, so "trusted" (the default) refuses her.
    with pytest.raises(PermissionDenied):
        services.start_conversation(creator=mallory, recipients=[alice], body="hi")
    Profile.objects.filter(user=alice).update(message_policy="anyone")
    conversation = services.start_conversation(creator=mallory, recipients=[alice], body="hi")
    Profile.objects.filter(user=alice).update(message_policy="connections")
    with pytest.raises(PermissionDenied):
        services.send_message(conversation=conversation, sender=mallory, body="again")
    Profile.objects.filter(user=alice).update(message_policy="anyone")
    people_services.block_member(blocker=alice, blocked=mallory)
    with pytest.raises(PermissionDenied):
        services.send_message(conversation=conversation, sender=mallory, body="after block")


def test_trusted_members_may_message(alice, mallory) -> None:
    carol = member("carol")
    connect(mallory, carol)
    type(mallory).objects.filter(pk=mallory.pk).update(
        date_joined=timezone.now() - timezone.timedelta(days=30)
    )
    mallory.refresh_from_db()
    services.start_conversation(creator=mallory, recipients=[alice], body="trusted hello")
    assert Message.objects.filter(body="trusted hello").exists()


def test_groups_up_to_twenty_leave_and_mute(alice) -> None:
    Profile.objects.update(message_policy="anyone")
    others = [member(f"g{i}") for i in range(20)]
    Profile.objects.update(message_policy="anyone")
    with pytest.raises(Exception, match="at most 20"):
        services.start_conversation(creator=alice, recipients=others, body="too many")
    group = services.start_conversation(
        creator=alice, recipients=others[:3], body="Team!", title="Reading group"
    )
    assert group.is_group and group.participants.count() == 4
    services.set_muted(conversation=group, user=others[0], muted=True)
    services.send_message(conversation=group, sender=alice, body="second")
    assert selectors.unread_total(user=others[0]) == 0  # muted conversations do not count
    assert selectors.unread_total(user=others[1]) == 2
    services.leave_conversation(conversation=group, user=others[1])
    with pytest.raises(PermissionDenied):
        services.send_message(conversation=group, sender=others[1], body="still here?")


def test_new_message_notifies_with_conversation_group_key(
    alice, chat, django_capture_on_commit_callbacks
) -> None:
    with (
        mock.patch("aitalent.notifications.services.notify") as notify,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.send_message(conversation=chat["conversation"], sender=alice, body="ping")
    kwargs = notify.call_args.kwargs
    assert kwargs["verb"] == "messaging.message" and kwargs["recipients"] == [chat["bob"]]
    assert kwargs["group_key"] == f"conversation-{chat['conversation'].id}"


def test_new_conversation_page_and_api(client, api_client, alice, chat) -> None:
    client.force_login(alice)
    assert client.get(reverse("messaging:new") + "?to=bob").status_code == 200
    response = client.post(reverse("messaging:new"), {"to": "nobody-here", "body": "x"})
    assert response.status_code == 200 and "No member @nobody-here" in response.content.decode()
    api_client.force_authenticate(alice)
    response = api_client.post(
        reverse("messaging-api:conversations"),
        {"participants": ["bob"], "body": "via API"},
        format="json",
    )
    assert response.status_code == 201
    assert api_client.get(reverse("messaging-api:unread")).json() == {"unread": 0}
    bad = api_client.post(
        reverse("messaging-api:conversations"), {"participants": ["bob"], "body": ""}, format="json"
    )
    assert bad.status_code == 400
