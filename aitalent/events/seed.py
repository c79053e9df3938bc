"""Demo groups and events: past and upcoming, several cities and online, English and Chinese."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aitalent.core.models import Topic
from aitalent.events import services
from aitalent.events.models import RSVP, Event, Group, GroupMembership

SEED_ORDER = 600  # after people, whose seed creates the demo members

GROUPS = [
    ("Berlin NLP Meetup", "Berlin", False, "open", ["natural-language-processing"], "en"),
    ("LLM Evaluation Reading Group", "", True, "open", ["large-language-models"], "en"),
    ("Shanghai AI Builders", "Shanghai", False, "open", ["computer-vision"], "zh-hans"),
    ("北京机器学习读书会", "Beijing", False, "approval", ["machine-learning"], "zh-hans"),
    ("London MLOps Circle", "London", False, "open", ["mlops"], "en"),
    ("Women in AI Online", "", True, "approval", ["deep-learning"], "en"),
]
TITLES_EN = [
    "LLM evaluation: benchmarks, judges and pitfalls",
    "Paper night: scaling laws revisited",
    "Hands-on: fine-tuning small language models",
    "RAG in production: lessons learned",
    "Lightning talks: what we shipped this quarter",
    "Reading group: evaluation of reasoning models",
    "Workshop: reproducible training pipelines",
    "Meet the builders: computer vision on the edge",
]
TITLES_ZH = [
    "大模型评测实践分享",
    "论文精读：扩散模型",
    "动手实践：小模型微调",
    "检索增强生成落地经验",
    "闪电演讲：本季度成果",
]
VENUES = {
    "Berlin": ("Factory Görlitzer Park", "Lohmühlenstraße 65", "Europe/Berlin"),
    "Shanghai": ("AI Tower, Xuhui", "701 Yunjin Road", "Asia/Shanghai"),
    "Beijing": ("中关村创业大街", "海淀区中关村大街", "Asia/Shanghai"),
    "London": ("Newspeak House", "133 Bethnal Green Road", "Europe/London"),
    "San Francisco": ("Mission Hall", "2000 Mission Street", "America/Los_Angeles"),
}


def _topics(slugs: list[str]) -> list[Topic]:
    rows = list(Topic.objects.filter(slug__in=slugs))
    return rows or list(Topic.objects.order_by("pk")[:1])


def _start(day: date, hour: int, zone: str) -> Any:
    return services.local_to_utc(day=day, at=time(hour), tz_name=zone)


@transaction.atomic
def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    if Group.objects.exists():
        return
    rng = random.Random(seed)
    members = list(get_user_model().objects.filter(is_active=True).order_by("pk"))
    if len(members) < 40:
        return
    demo = next((m for m in members if m.email == "demo@example.com"), members[0])
    others = [m for m in members if m.pk != demo.pk]
    groups = []
    for name, city, online, policy, topic_slugs, _language in GROUPS:
        organizer = rng.choice(others)
        group = services.create_group(
            creator=organizer,
            name=name,
            description=f"{name}: talks, paper discussions and hands-on sessions.",
            city=city,
            is_online=online,
            join_policy=policy,
            topics=_topics(topic_slugs),
        )
        co = rng.choice([m for m in others if m.pk != organizer.pk])
        joiners = rng.sample(others, k=rng.randint(15, 40))
        rows = [GroupMembership(group=group, user=co, role=GroupMembership.Role.ORGANIZER)]
        rows += [
            GroupMembership(group=group, user=u)
            for u in joiners
            if u.pk not in (organizer.pk, co.pk)
        ]
        GroupMembership.objects.bulk_create(rows, ignore_conflicts=True)
        services._refresh_member_count(group)
        groups.append((group, organizer, topic_slugs))
    today = timezone.now().date()
    events: list[Event] = []
    for i in range(30):
        group, organizer, topic_slugs = groups[i % len(groups)]
        chinese = i % 5 == 2
        title = rng.choice(TITLES_ZH if chinese else TITLES_EN)
        online = group.is_online or i % 4 == 0
        city = group.city or rng.choice(list(VENUES))
        venue, address, zone = VENUES.get(city, VENUES["Berlin"])
        if online and group.is_online:
            zone = rng.choice(["UTC", "America/New_York", "Europe/Berlin", "Asia/Shanghai"])
        offset = (i - 12) * 4 + rng.randint(0, 3)  # about 12 past, 18 upcoming
        start = _start(today + timedelta(days=offset), rng.choice([10, 14, 18, 19]), zone)
        event = services.create_event(
            organizer=organizer,
            group=group,
            title=title,
            description=(
                "我们一起讨论最新进展，欢迎所有人参加。"
                if chinese
                else "Talks and discussion. **Bring questions**; slides are shared afterwards."
            ),  # fmt: skip
            language="zh-hans" if chinese else "en",
            format=Event.Format.ONLINE
            if online and group.is_online
            else (Event.Format.HYBRID if online else Event.Format.IN_PERSON),
            venue="" if group.is_online else venue,
            address="" if group.is_online else address,
            city="" if group.is_online else city,
            online_url=f"https://meet.example.com/demo-{i}" if online else "",
            timezone=zone,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=rng.choice([None, 30, 50, 80]),
            max_guests=1 if i % 3 == 0 else 0,
            topics=_topics(topic_slugs),
            questions=[{"label": "What do you work on?", "kind": "text"}] if i % 4 == 1 else [],
            notify_group=False,
        )
        events.append(event)
    now = timezone.now()
    rsvps = []
    for event in events:
        past = event.ends_at < now
        limit = event.capacity or 60
        attendees = rng.sample(others, k=min(rng.randint(5, 35), limit))
        for user in attendees:
            rsvps.append(
                RSVP(
                    event=event,
                    user=user,
                    status=RSVP.Status.GOING,
                    is_listed=rng.random() < 0.6,
                    checked_in_at=event.starts_at + timedelta(minutes=rng.randint(0, 20))
                    if past and rng.random() < 0.8
                    else None,
                )
            )
    RSVP.objects.bulk_create(rsvps, ignore_conflicts=True)
    # One full upcoming online event about LLM evaluation, with a waitlist.
    full_start = _start(today + timedelta(days=9), 18, "UTC")
    full = services.create_event(
        organizer=groups[1][1],
        group=groups[1][0],
        title="Online meetup: LLM evaluation in practice",
        description="Judges, benchmarks and human review. Limited seats for the live Q&A.",
        format=Event.Format.ONLINE,
        online_url="https://meet.example.com/llm-eval-live",
        timezone="UTC",
        starts_at=full_start,
        ends_at=full_start + timedelta(hours=1, minutes=30),
        capacity=12,
        topics=_topics(["large-language-models"]),
        notify_group=False,
    )
    crowd = rng.sample([m for m in others if m.pk != groups[1][1].pk], k=18)
    for user in crowd:
        services.rsvp(event=full, user=user, status="going", is_listed=rng.random() < 0.5)
    out.write(
        f"Created {len(groups)} groups and {len(events) + 1} events "
        f"({full.rsvps.filter(status='waitlisted').count()} on the waitlist of a full event).\n"
    )
