"""Detail pages record a member's view in the signal log (recommendations and analytics read it)."""

from __future__ import annotations

import pytest

from aitalent.activity.models import Interaction
from aitalent.events.tests.factories import make_event
from aitalent.forum.tests.factories import question

pytestmark = pytest.mark.django_db


def test_members_views_are_recorded_and_visitors_are_not(
    client, olivia, alice, django_capture_on_commit_callbacks
) -> None:
    event = make_event(olivia, title="Views meetup")
    thread = question(olivia)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(event.get_absolute_url())
        client.get(thread.get_absolute_url())
    assert not Interaction.objects.filter(verb="view").exists()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(event.get_absolute_url()).status_code == 200
        assert client.get(thread.get_absolute_url()).status_code == 200
    assert set(
        Interaction.objects.filter(actor=alice, verb="view").values_list("target_type", flat=True)
    ) == {"events.event", "forum.thread"}
