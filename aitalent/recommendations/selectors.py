"""Reads: serving stored lists (one indexed query + validity checks), similar items, CTR."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from pgvector.django import CosineDistance

from aitalent.recommendations import reasons, sources
from aitalent.recommendations.models import (
    Click,
    Impression,
    ItemEmbedding,
    SuggestionList,
    Surface,
)

PERSON = "accounts.user"
PEOPLE_SURFACES = {Surface.PEOPLE, Surface.MENTORS, Surface.COLLABORATORS}


@dataclass
class Suggestion:
    surface: str
    item_type: str
    item_id: int
    score: float
    reason_code: str
    params: dict[str, Any]
    title: str
    url: str
    label: str

    @property
    def reason(self) -> str:
        return reasons.render(self.reason_code, self.params)

    @property
    def type_label(self) -> Any:
        return self.label or sources.label_for(self.item_type)

    @property
    def is_person(self) -> bool:
        return self.item_type == PERSON


def _valid_people(viewer: Any, ids: set[int], *, mentors: bool = False) -> set[int]:
    """Members still suggestable to the viewer: active, opted in, profile visible to members,
    no block either way (and, for mentors, still open to mentoring with capacity)."""
    from aitalent.people import selectors as people
    from aitalent.people.models import Profile

    rows = Profile.objects.filter(
        user_id__in=ids,
        user__is_active=True,
        in_suggestions=True,
        visibility__in=["public", "members"],
    ).exclude(people.blocked_q(viewer))
    if mentors:
        rows = rows.filter(is_open_to_mentoring=True, mentoring_capacity__gt=0)
    return set(rows.values_list("user_id", flat=True))


def _validate(viewer: Any, surface: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop entries that became invalid since the job ran: one query per item type present."""
    by_type: dict[str, set[int]] = defaultdict(set)
    for e in entries:
        by_type[e["type"]].add(int(e["id"]))
    valid: dict[str, set[int]] = {}
    for item_type, ids in by_type.items():
        if item_type == PERSON:
            valid[item_type] = _valid_people(viewer, ids, mentors=surface == Surface.MENTORS)
        else:
            valid[item_type] = sources.valid_ids(item_type, ids)
    return [e for e in entries if int(e["id"]) in valid.get(e["type"], set())]


def _as_suggestions(surface: str, entries: list[dict[str, Any]]) -> list[Suggestion]:
    return [
        Suggestion(
            surface=surface,
            item_type=e["type"],
            item_id=int(e["id"]),
            score=float(e.get("score", 0.0)),
            reason_code=e.get("reason", ""),
            params=e.get("params") or {},
            title=e.get("title", ""),
            url=e.get("url", ""),
            label=e.get("label", ""),
        )
        for e in entries
    ]


def stored_list(*, user: Any, surface: str) -> SuggestionList | None:
    return SuggestionList.objects.filter(user=user, surface=surface).first()


def suggestions(*, user: Any, surface: str, limit: int = 10) -> list[Suggestion] | None:
    """The member's stored list for a surface, still-valid entries only; None if never computed."""
    row = stored_list(user=user, surface=surface)
    if row is None:
        return None
    return _as_suggestions(surface, _validate(user, surface, row.entries)[:limit])


def all_surfaces(*, user: Any, limit: int = 8) -> dict[str, list[Suggestion]] | None:
    """Every stored surface in one query (the /recommendations/ page)."""
    rows = {r.surface: r for r in SuggestionList.objects.filter(user=user)}
    if not rows:
        return None
    found: dict[str, list[Suggestion]] = {}
    for surface in [
        Surface.FEED,
        Surface.PEOPLE,
        Surface.MENTORS,
        Surface.COLLABORATORS,
        Surface.LEARNING,
    ]:
        row = rows.get(surface)
        entries = _validate(user, surface, row.entries)[:limit] if row else []
        found[surface] = _as_suggestions(surface, entries)
    return found


def similar_items(*, viewer: Any, item_type: str, item_id: int, limit: int = 5) -> list[Suggestion]:
    """Nearest neighbours of one item by text vector (pgvector HNSW), visible ones only."""
    anchor = ItemEmbedding.objects.filter(item_type=item_type, item_id=item_id).first()
    if anchor is None:
        return []
    rows = list(
        ItemEmbedding.objects.exclude(pk=anchor.pk)
        .annotate(distance=CosineDistance("embedding", anchor.embedding))
        .order_by("distance")[: limit * 3]
    )
    entries = [
        {
            "type": r.item_type,
            "id": r.item_id,
            "score": round(1 - float(r.distance), 4),
            "reason": "shared_topics"
            if set(r.topic_ids) & set(anchor.topic_ids)
            else "similar_text",
            "params": {"topic_id": min(set(r.topic_ids) & set(anchor.topic_ids), default=None)},
            "title": r.title,
            "url": r.url,
        }
        for r in rows
        if r.distance is not None and r.distance < 0.95
    ]
    entries = _validate(viewer, Surface.SIMILAR, entries)[:limit]
    topic_ids = {e["params"]["topic_id"] for e in entries if e["params"]["topic_id"]}
    if topic_ids:
        from aitalent.core.models import Topic

        names = {
            pk: {"en": en, "zh": zh or en}
            for pk, en, zh in Topic.objects.filter(pk__in=topic_ids).values_list(
                "pk", "name_en", "name_zh"
            )
        }
        for e in entries:
            if e["params"]["topic_id"] in names:
                e["params"] = {"topic": names[e["params"]["topic_id"]]}
    return _as_suggestions(Surface.SIMILAR, entries)


def experts_for_thread(*, viewer: Any, thread_id: int, limit: int = 3) -> list[Suggestion]:
    """ "Ask this expert" on an unanswered question: members at level ≥ 4 in its topics who are
    open to mentoring and opted in to suggestions (one query)."""
    from aitalent.forum.models import Thread
    from aitalent.people import selectors as people
    from aitalent.people.models import ProfileSkill

    thread = Thread.objects.filter(pk=thread_id, reply_count=0).only("author_id").first()
    if thread is None:
        return []
    rows = (
        ProfileSkill.objects.filter(
            topic__forum_threads=thread_id,
            profile__in_suggestions=True,
            profile__is_open_to_mentoring=True,
            profile__visibility__in=["public", "members"],
            profile__user__is_active=True,
        )
        .filter(Q(level__gte=4) | Q(evidenced_level__gte=4))
        .exclude(profile__user_id__in=[viewer.pk, thread.author_id])
        .exclude(people.blocked_q(viewer, user_field="profile__user_id"))
        .select_related("profile__user", "topic")
        .order_by("-evidenced_level", "-level", "-profile__last_active_at")[: limit * 3]
    )
    found: dict[int, Suggestion] = {}
    for row in rows:
        member = row.profile.user
        if member.pk in found:
            continue
        found[member.pk] = Suggestion(
            surface=Surface.MENTORS,
            item_type=PERSON,
            item_id=member.pk,
            score=float(max(row.level, row.evidenced_level)),
            reason_code="expert",
            params={
                "level": max(row.level, row.evidenced_level),
                "topic": {"en": row.topic.name_en, "zh": row.topic.name_zh or row.topic.name_en},
            },
            title=member.name,
            url=member.get_absolute_url(),
            label=row.profile.headline,
        )
    return list(found.values())[:limit]


def teammates_for_competition(
    *, viewer: Any, competition_id: int, limit: int = 5
) -> list[Suggestion]:
    """Teammates for a participant before the entry/merge deadline: other active participants
    whose team still has room (or who have none), opted in, not blocked, ranked by the skills
    they bring that the viewer lacks (a few queries; nothing when the app is missing)."""
    from django.apps import apps

    try:
        participant_model = apps.get_model("competitions", "Participant")
    except LookupError:
        return []
    from aitalent.people import selectors as people
    from aitalent.people.models import ProfileSkill

    mine = participant_model.objects.filter(
        competition_id=competition_id,
        user_id=viewer.pk,
        status="active",
        competition__entry_deadline_at__gt=timezone.now(),
    ).select_related("competition", "team")
    me = mine.first()
    if me is None or (me.team and me.team.member_count >= me.competition.max_team_size):
        return []
    others = (
        participant_model.objects.filter(competition_id=competition_id, status="active")
        .exclude(user_id=viewer.pk)
        .exclude(team_id__isnull=False, team_id=me.team_id)
        .filter(
            user__profile__in_suggestions=True,
            user__profile__visibility__in=["public", "members"],
            user__is_active=True,
        )
        .exclude(people.blocked_q(viewer))
        .select_related("user__profile", "team")[:200]
    )
    room = [
        p for p in others if p.team is None or p.team.member_count < me.competition.max_team_size
    ]
    my_topics = set(
        ProfileSkill.objects.filter(profile__user=viewer).values_list("topic_id", flat=True)
    )
    skills: dict[int, list[Any]] = defaultdict(list)
    for row in ProfileSkill.objects.filter(
        profile__user_id__in=[p.user_id for p in room], level__gte=3
    ).select_related("topic", "profile"):
        if row.topic_id not in my_topics:
            skills[row.profile.user_id].append(row.topic)
    ranked = sorted(room, key=lambda p: -len(skills.get(p.user_id, [])))[:limit]
    return [
        Suggestion(
            surface=Surface.COLLABORATORS,
            item_type=PERSON,
            item_id=p.user_id,
            score=float(len(skills.get(p.user_id, []))),
            reason_code="teammate",
            params={
                "skills": [
                    {"en": t.name_en, "zh": t.name_zh or t.name_en}
                    for t in skills.get(p.user_id, [])[:3]
                ]
            },
            title=p.user.name,
            url=p.user.get_absolute_url(),
            label=p.user.profile.headline,
        )
        for p in ranked
        if skills.get(p.user_id)
    ]


def click_through(*, days: int = 30) -> list[dict[str, Any]]:
    """Impressions (suggestions shown), clicks and click-through per surface (admin page)."""
    since = timezone.now() - timezone.timedelta(days=days)
    shown = dict(
        Impression.objects.filter(created_at__gte=since)
        .values_list("surface")
        .annotate(n=Sum("shown"))
        .values_list("surface", "n")
    )
    clicks = dict(
        Click.objects.filter(created_at__gte=since)
        .values_list("surface")
        .annotate(n=Count("id"))
        .values_list("surface", "n")
    )
    return [
        {
            "surface": surface,
            "label": label,
            "shown": shown.get(surface, 0) or 0,
            "clicks": clicks.get(surface, 0),
            "ctr": (clicks.get(surface, 0) / shown[surface]) if shown.get(surface) else None,
        }
        for surface, label in Surface.choices
    ]


def click_target(*, viewer: Any, item_type: str, item_id: int) -> str | None:
    """Where a suggestion link leads, if the item is still visible (no open redirects)."""
    if item_type == PERSON:
        from aitalent.accounts.models import User

        if not _valid_people(viewer, {item_id}):
            return None
        member = User.objects.filter(pk=item_id).only("handle").first()
        return member.get_absolute_url() if member else None
    if item_id not in sources.valid_ids(item_type, {item_id}):
        return None
    row = ItemEmbedding.objects.filter(item_type=item_type, item_id=item_id).only("url").first()
    return row.url if row else None
