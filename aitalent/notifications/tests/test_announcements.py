"""Announcements travel the whole path: job, bell, instant e-mail, digest."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from aitalent.notifications import services
from aitalent.notifications.models import Announcement, Notification

pytestmark = pytest.mark.django_db


def test_staff_announce_to_all_members_through_every_channel(
    client, alice, olivia, mallory, django_capture_on_commit_callbacks
) -> None:
    services.set_preference(user=mallory, verb="notifications.announcement", email="daily")
    client.force_login(olivia)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("notifications:announcement-create"),
            {
                "title": "Meetup on Friday",
                "body": "We meet at **6pm**. $E=mc^2$",
                "audience": "all",
            },
        )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert len(callbacks) == 1  # the job is deferred after commit
    services.send_announcement(announcement_id=announcement.pk)
    services.send_announcement(announcement_id=announcement.pk)  # a retried job adds nothing
    recipients = set(Notification.objects.values_list("recipient__handle", flat=True))
    assert recipients == {"alice", "mallory"}  # the author is not notified
    alice_row = Notification.objects.get(recipient=alice)
    assert alice_row.email_channel == "instant"
    assert Notification.objects.get(recipient=mallory).email_channel == "daily"
    services.send_instant_email(notification_id=alice_row.pk)
    assert "Meetup on Friday" in mail.outbox[0].subject
    client.force_login(alice)
    page = client.get(reverse("notifications:announcement-detail", args=[announcement.pk]))
    assert "<strong>6pm</strong>" in page.content.decode()
    announcement.refresh_from_db()
    assert announcement.recipient_count == 2 and announcement.sent_at


def test_topic_followers_audience(client, alice, olivia, mallory) -> None:
    from aitalent.core.models import Topic

    topic = Topic.objects.get(slug="healthcare")
    services.set_watch_level(
        user=alice, target_type="core.topic", target_id=topic.pk, level="watching"
    )
    announcement = services.create_announcement(
        author=olivia,
        title="Health AI call",
        body="Apply now",
        audience="topic",
        audience_id=topic.pk,
    )
    services.send_announcement(announcement_id=announcement.pk)
    assert list(Notification.objects.values_list("recipient__handle", flat=True)) == ["alice"]


def test_members_cannot_announce_and_strangers_cannot_read(client, alice, olivia, mallory) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("notifications:announcement-create"),
        {"title": "Spam", "body": "x", "audience": "all"},
    )
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Announcement.objects.exists()
    announcement = services.create_announcement(
        author=olivia,
        title="Staff only",
        body="x",
        audience="topic",
        audience_id=__import__("aitalent.core.models", fromlist=["Topic"]).Topic.objects.first().pk,
    )
    services.send_announcement(announcement_id=announcement.pk)
    assert (
        client.get(reverse("notifications:announcement-detail", args=[announcement.pk])).status_code
        == 404
    )


def test_announcement_form_names_the_missing_field(client, olivia) -> None:
    client.force_login(olivia)
    response = client.post(
        reverse("notifications:announcement-create"),
        {"title": "", "body": "x", "audience": "topic"},
    )
    assert response.status_code == 200
    assert {"title", "topic"} <= set(response.context["form"].errors)
