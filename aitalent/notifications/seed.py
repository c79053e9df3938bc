"""Demo: a welcome announcement in every member's bell, and a few watched topics."""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth import get_user_model

from aitalent.core.models import Topic
from aitalent.notifications import services
from aitalent.notifications.models import Announcement, Notification, Watch

SEED_ORDER = 900  # after the apps that create members

WELCOME = """Welcome to **AI Talent Exchange**, our community's home!

- Complete your profile with your skills and the domains you work in.
- Watch the topics you care about (open a topic and choose *Watching*) to hear about new posts.
- Choose how you want to be notified under **Settings → Notifications**: instant e-mail, a daily or
  weekly digest, or nothing at all.

欢迎来到 AI 人才交流平台！完善你的个人资料，关注感兴趣的主题，并在“设置 → 通知”中选择通知方式。
"""


def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    if Announcement.objects.filter(title="Welcome to AI Talent Exchange").exists():
        return
    user_model = get_user_model()
    admin = user_model.objects.filter(email="admin@example.com").first()
    if admin is None:
        return
    announcement = Announcement.objects.create(
        author=admin, title="Welcome to AI Talent Exchange", body=WELCOME, audience="all"
    )
    # Synchronously: the demo must look alive on the first page load, before any worker runs.
    count = services.send_announcement(announcement_id=announcement.pk)
    # Demo members are not real people: keep the console free of hundreds of welcome e-mails.
    Notification.objects.filter(
        target_type="notifications.announcement", target_id=announcement.pk
    ).update(email_channel="off")
    demo = user_model.objects.filter(email="demo@example.com").first()
    if demo is not None:
        for slug in ("machine-learning", "forecasting", "mlops"):
            topic = Topic.objects.filter(slug=slug).first()
            if topic:
                Watch.objects.get_or_create(
                    user=demo,
                    target_type="core.topic",
                    target_id=topic.pk,
                    defaults={"level": "watching"},
                )
    out.write(f"Sent the welcome announcement to {count} members.\n")
