"""Small builders for project tests (the taxonomy comes from the migration)."""

from __future__ import annotations

from typing import Any

from aitalent.core.models import Topic
from aitalent.people.models import Profile, ProfileSkill
from aitalent.projects import services
from aitalent.projects.models import Project, Role


def topic(slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


def give_skills(
    user: Any, utc_offset_minutes: int = 0, weekly_hours: int | None = 20, **levels: int
) -> None:
    profile = Profile.objects.get(user=user)
    Profile.objects.filter(pk=profile.pk).update(
        utc_offset_minutes=utc_offset_minutes, weekly_hours=weekly_hours
    )
    for slug, level in levels.items():
        ProfileSkill.objects.update_or_create(
            profile=profile, topic=topic(slug.replace("_", "-")), defaults={"level": level}
        )


def make_project(
    owner: Any, *, visibility: str = "public", name: str = "Triage assistant", **fields: Any
) -> Project:
    return services.create_project(
        creator=owner,
        name=name,
        pitch="Flags urgent chest X-rays for radiologists.",
        visibility=visibility,
        domains=[topic("medical-imaging")],
        topics=[topic("pytorch"), topic("computer-vision")],
        **fields,
    )


def make_role(project: Project, owner: Any, title: str = "ML engineer", **skills: int) -> Role:
    skills = skills or {"pytorch": 4, "mlops": 3}
    return services.create_role(
        project=project,
        by=owner,
        title=title,
        skills=[(topic(slug.replace("_", "-")), level) for slug, level in skills.items()],
        hours_per_week=10,
    )
