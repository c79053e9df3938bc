"""Evidenced skill levels: a level computed from what others and the platform can vouch for.

Apps register evidence sources (`register_source`). A source receives a list of ProfileSkill rows
and returns, per skill id, the pieces of evidence it knows about, each with a weight. The summed
weight maps to a level 0–5 through THRESHOLDS. This issue registers endorsements; later issues add
accepted answers, course certificates, competition medals and delivered project roles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

# score needed for levels 1..5: one endorsement by a newcomer gives level 1; an expert-backed
# level 5 needs several independent strong signals.
THRESHOLDS = (1.0, 2.5, 5.0, 9.0, 14.0)


@dataclass(frozen=True)
class Evidence:
    source: str
    label: str
    weight: float
    url: str = ""
    at: datetime | None = field(default=None, compare=False)


Source = Callable[[list[Any]], dict[int, list[Evidence]]]
_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    _sources[name] = source


def registered_sources() -> list[str]:
    return sorted(_sources)


def collect(skills: Iterable[Any]) -> dict[int, list[Evidence]]:
    """Every registered source's evidence for these ProfileSkill rows, strongest first."""
    skills = list(skills)
    found: dict[int, list[Evidence]] = {skill.id: [] for skill in skills}
    if not skills:
        return found
    for name in sorted(_sources):
        for skill_id, items in _sources[name](skills).items():
            found.setdefault(skill_id, []).extend(items)
    for items in found.values():
        items.sort(key=lambda e: -e.weight)
    return found


def level_for(score: float) -> int:
    return sum(1 for threshold in THRESHOLDS if score >= threshold)


def refresh(skills: Iterable[Any]) -> None:
    """Recompute and store evidenced_level / evidence_score for these skills."""
    from aitalent.people.models import ProfileSkill

    skills = list(skills)
    evidence = collect(skills)
    changed = []
    for skill in skills:
        score = round(sum(e.weight for e in evidence.get(skill.id, [])), 3)
        level = level_for(score)
        if (skill.evidence_score, skill.evidenced_level) != (score, level):
            skill.evidence_score, skill.evidenced_level = score, level
            changed.append(skill)
    if changed:
        ProfileSkill.objects.bulk_update(changed, ["evidence_score", "evidenced_level"])


def endorsement_source(skills: list[Any]) -> dict[int, list[Evidence]]:
    """Each visible endorsement counts 1 plus half the endorser's own evidenced level."""
    from aitalent.people.models import Endorsement, ProfileSkill

    by_id = {skill.id: skill for skill in skills}
    endorsements = list(
        Endorsement.objects.filter(skill_id__in=by_id, is_hidden=False, endorser__is_active=True)
        .select_related("endorser")
        .order_by("created_at")
    )
    if not endorsements:
        return {}
    endorser_levels = {
        (user_id, topic_id): level
        for user_id, topic_id, level in ProfileSkill.objects.filter(
            profile__user_id__in={e.endorser_id for e in endorsements},
            topic_id__in={s.topic_id for s in skills},
        ).values_list("profile__user_id", "topic_id", "evidenced_level")
    }
    result: dict[int, list[Evidence]] = {}
    for endorsement in endorsements:
        skill = by_id[endorsement.skill_id]
        own = endorser_levels.get((endorsement.endorser_id, skill.topic_id), 0)
        label = _("Endorsed by %(name)s (evidenced level %(level)s)") % {
            "name": endorsement.endorser.name,
            "level": own,
        }
        if endorsement.context:
            label = f"{label}: {endorsement.context}"
        result.setdefault(skill.id, []).append(
            Evidence(
                source="endorsement",
                label=label,
                weight=1.0 + 0.5 * own,
                url=endorsement.endorser.get_absolute_url(),
                at=endorsement.created_at,
            )
        )
    return result
