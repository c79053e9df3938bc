"""A block hides both ways, in group conversations too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aitalent.messaging import services
from aitalent.people import services as people

pytestmark = pytest.mark.django_db


def test_blocked_members_messages_are_hidden_from_the_blocker(
    client, api_client, alice, olivia, mallory
) -> None:
    from aitalent.people.models import Profile

    Profile.objects.filter(user__in=[alice, mallory, olivia]).update(message_policy="anyone")
    conversation = services.start_conversation(
        creator=olivia, recipients=[alice, mallory], body="Welcome to the reading group"
    )
    services.send_message(conversation=conversation, sender=mallory, body="CANARY from mallory")
    people.block_member(blocker=alice, blocked=mallory)
    client.force_login(alice)
    page = client.get(reverse("messaging:detail", args=[conversation.pk])).content.decode()
    assert "Welcome to the reading group" in page and "CANARY" not in page
    api_client.force_authenticate(alice)
    body = api_client.get(f"/api/v1/messages/{conversation.pk}/messages/").json()
    assert all("CANARY" not in m["body"] for m in body["results"])
    client.force_login(olivia)  # others still see it
    assert (
        "CANARY" in client.get(reverse("messaging:detail", args=[conversation.pk])).content.decode()
    )
