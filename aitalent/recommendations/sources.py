"""The item-source registry: what each app contributes to the "for you" feed and similar items.

One adapter per item type ("knowledge.resource", "forum.thread", ...). An adapter answers, with
read-only queries on its app's models (imported lazily, so this module imports no app):

* `candidates()`: every item that ANY signed-in member may see — published, public or
  members-only, not hidden, not in the past. Private, draft, invite-only and group-only items are
  never candidates, so a stored list can never carry one.
* `valid_ids(ids)`: which of these ids still pass the same rule (serving drops the rest).
* `joined()`: (member id, item id) pairs of items a member already authored, joined or enrolled in
  (the Interaction log adds everything viewed, liked, registered ... on top).

Adapters for apps whose models are missing (an app still being built, or removed) are skipped:
`available_sources()` only returns adapters whose model loads and whose queries run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

# Difficulty words mapped to the 1..5 skill-level scale of profiles.
LEVELS = {"beginner": 1.5, "intermediate": 3.0, "advanced": 4.5}


@dataclass
class Candidate:
    item_type: str
    item_id: int
    title: str
    url: str
    topic_ids: list[int]
    level: float | None
    fresh_at: datetime
    text: str
    popularity: float = 0.0
    is_learning: bool = False  # a course, tutorial or practice competition: "learning next steps"


@dataclass
class Source:
    item_type: str
    label: Any  # lazy translated type label shown on cards ("Resource", "Event" ...)
    model: str  # "app_label.ModelName"
    candidates: Callable[[], list[Candidate]]
    valid_ids: Callable[[set[int]], set[int]]
    joined: Callable[[], Iterable[tuple[int, int]]] = field(default=lambda: [])
    participation_verbs: tuple[str, ...] = ()  # verbs that make two members co-participants


_registry: dict[str, Source] = {}


def register(source: Source) -> None:
    _registry[source.item_type] = source


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def available_sources() -> list[Source]:
    return [s for s in _registry.values() if _model(s.model) is not None]


def get_source(item_type: str) -> Source | None:
    source = _registry.get(item_type)
    if source is None or _model(source.model) is None:
        return None
    return source


def label_for(item_type: str) -> Any:
    source = _registry.get(item_type)
    return source.label if source else item_type


def all_candidates() -> list[Candidate]:
    """Every registered source's candidates; a failing source is logged and skipped."""
    found: list[Candidate] = []
    for source in available_sources():
        try:
            found.extend(source.candidates())
        except Exception:  # noqa: BLE001 - one broken app must not stop every member's feed
            log.exception("recommendation source %s failed", source.item_type)
    return found


def valid_ids(item_type: str, ids: set[int]) -> set[int]:
    source = get_source(item_type)
    if source is None or not ids:
        return set()
    try:
        return source.valid_ids(ids)
    except Exception:  # noqa: BLE001
        log.exception("recommendation source %s failed", item_type)
        return set()


def _text(*parts: Any, limit: int = 3000) -> str:
    return " ".join(str(p) for p in parts if p)[:limit]


def _topic_ids(obj: Any, attr: str = "topics") -> list[int]:
    return [t.id for t in getattr(obj, attr).all()]


def _topic_names(obj: Any, attr: str = "topics") -> str:
    return " ".join(f"{t.name_en} {t.name_zh}" for t in getattr(obj, attr).all())


def _ids(rows: QuerySet[Any], ids: set[int]) -> set[int]:
    return set(rows.filter(pk__in=ids).values_list("pk", flat=True))


# Knowledge -------------------------------------------------------------------------------------


def _resources_visible() -> QuerySet[Any]:
    from aitalent.knowledge.models import Resource

    return Resource.objects.filter(status=Resource.Status.PUBLISHED)


def _resource_candidates() -> list[Candidate]:
    from aitalent.knowledge.models import Resource

    learning = {Resource.Kind.TUTORIAL, Resource.Kind.NOTEBOOK, Resource.Kind.VIDEO}
    return [
        Candidate(
            item_type="knowledge.resource",
            item_id=r.id,
            title=r.title,
            url=r.get_absolute_url(),
            topic_ids=_topic_ids(r),
            level=LEVELS.get(r.difficulty or ""),
            fresh_at=r.published_at or r.created_at,
            text=_text(r.title, r.summary, _topic_names(r), r.body[:2000]),
            popularity=float(r.like_count + 2 * r.bookmark_count) + 0.05 * r.view_count,
            is_learning=r.kind in learning or bool(r.difficulty),
        )
        for r in _resources_visible().prefetch_related("topics")
    ]


def _resource_joined() -> Iterable[tuple[int, int]]:
    return _resources_visible().filter(author__isnull=False).values_list("author_id", "id")


register(
    Source(
        item_type="knowledge.resource",
        label=_("Resource"),
        model="knowledge.Resource",
        candidates=_resource_candidates,
        valid_ids=lambda ids: _ids(_resources_visible(), ids),
        joined=_resource_joined,
    )
)


# Forum -----------------------------------------------------------------------------------------


def _threads_visible() -> QuerySet[Any]:
    from aitalent.forum.models import Thread

    # Context threads belong to their page (resource, event ...); closed duplicates are noise.
    return Thread.objects.filter(context_type="", category__is_context=False).exclude(
        status=Thread.Status.DUPLICATE
    )


def _thread_candidates() -> list[Candidate]:
    from aitalent.forum.models import Post

    rows = _threads_visible().select_related("category").prefetch_related("topics")
    threads = list(rows.order_by("-last_activity_at")[:5000])
    openings = dict(
        Post.objects.filter(
            thread__in=[t.id for t in threads], is_opening=True, is_deleted=False
        ).values_list("thread_id", "body")
    )
    found = []
    for t in threads:
        opening = (openings.get(t.id) or "")[:2000]
        found.append(
            Candidate(
                item_type="forum.thread",
                item_id=t.id,
                title=t.title,
                url=t.get_absolute_url(),
                topic_ids=_topic_ids(t),
                level=None,
                fresh_at=t.last_activity_at,
                text=_text(t.title, t.category.name_en, _topic_names(t), opening),
                popularity=float(max(t.score, 0) + t.reply_count) + 0.02 * t.view_count,
            )
        )
    return found


def _thread_joined() -> Iterable[tuple[int, int]]:
    return _threads_visible().filter(author__isnull=False).values_list("author_id", "id")


register(
    Source(
        item_type="forum.thread",
        label=_("Discussion"),
        model="forum.Thread",
        candidates=_thread_candidates,
        valid_ids=lambda ids: _ids(_threads_visible(), ids),
        joined=_thread_joined,
        participation_verbs=("answer", "post", "comment"),
    )
)


# Events ----------------------------------------------------------------------------------------


def _events_visible() -> QuerySet[Any]:
    from aitalent.events.models import Event

    # Group-only events are private to their group: never candidates for anyone.
    return Event.objects.filter(
        visibility__in=[Event.Visibility.PUBLIC, Event.Visibility.MEMBERS],
        status=Event.Status.SCHEDULED,
        ends_at__gt=timezone.now(),
    )


def _event_candidates() -> list[Candidate]:
    now = timezone.now()
    found = []
    for e in _events_visible().prefetch_related("topics"):
        # An upcoming event is "fresh" as it approaches: freshness counts from a week before.
        fresh = min(now, e.starts_at - timezone.timedelta(days=7))
        found.append(
            Candidate(
                item_type="events.event",
                item_id=e.id,
                title=e.title,
                url=e.get_absolute_url(),
                topic_ids=_topic_ids(e),
                level=None,
                fresh_at=max(fresh, e.created_at),
                text=_text(e.title, e.city, _topic_names(e), e.description[:2000]),
            )
        )
    return found


def _event_joined() -> Iterable[tuple[int, int]]:
    from aitalent.events.models import RSVP

    return (
        RSVP.objects.filter(event__in=_events_visible())
        .exclude(status=RSVP.Status.NOT_GOING)
        .values_list("user_id", "event_id")
    )


register(
    Source(
        item_type="events.event",
        label=_("Event"),
        model="events.Event",
        candidates=_event_candidates,
        valid_ids=lambda ids: _ids(_events_visible(), ids),
        joined=_event_joined,
        participation_verbs=("register", "attend"),
    )
)


# Competitions (issue 7) ------------------------------------------------------------------------


def _competitions_visible() -> QuerySet[Any]:
    Competition: Any = _model("competitions.Competition")
    # Invite-only competitions are not listed: only public and approval-based ones, while open.
    return Competition.objects.filter(
        is_published=True,
        visibility__in=["public", "approval"],
        ends_at__gt=timezone.now(),
    )


def _competition_candidates() -> list[Candidate]:
    found = []
    for c in _competitions_visible().prefetch_related("topics"):
        found.append(
            Candidate(
                item_type="competitions.competition",
                item_id=c.id,
                title=c.title,
                url=c.get_absolute_url(),
                topic_ids=_topic_ids(c),
                level=None,
                fresh_at=c.starts_at if c.starts_at <= timezone.now() else c.created_at,
                text=_text(c.title, c.summary, _topic_names(c), c.overview[:2000]),
                popularity=float(c.participant_count),
                is_learning=True,
            )
        )
    return found


def _competition_joined() -> Iterable[tuple[int, int]]:
    Participant: Any = _model("competitions.Participant")
    if Participant is None:
        return []
    return Participant.objects.values_list("user_id", "competition_id")


register(
    Source(
        item_type="competitions.competition",
        label=_("Competition"),
        model="competitions.Competition",
        candidates=_competition_candidates,
        valid_ids=lambda ids: _ids(_competitions_visible(), ids),
        joined=_competition_joined,
        participation_verbs=("join", "submit"),
    )
)


# Projects (issue 9) ----------------------------------------------------------------------------


def _projects_visible() -> QuerySet[Any]:
    Project: Any = _model("projects.Project")
    return Project.objects.filter(visibility__in=["public", "members"])


def _project_candidates() -> list[Candidate]:
    found = []
    for p in _projects_visible().prefetch_related("topics", "domains"):
        found.append(
            Candidate(
                item_type="projects.project",
                item_id=p.id,
                title=p.name,
                url=p.get_absolute_url(),
                topic_ids=_topic_ids(p) + _topic_ids(p, "domains"),
                level=None,
                fresh_at=p.updated_at,
                text=_text(
                    p.name, p.pitch, _topic_names(p), p.problem[:1000], p.description[:1500]
                ),
                popularity=float(p.member_count + p.open_role_count),
            )
        )
    return found


def _project_joined() -> Iterable[tuple[int, int]]:
    Membership: Any = _model("projects.Membership")
    if Membership is None:
        return []
    return Membership.objects.values_list("user_id", "project_id")


register(
    Source(
        item_type="projects.project",
        label=_("Project"),
        model="projects.Project",
        candidates=_project_candidates,
        valid_ids=lambda ids: _ids(_projects_visible(), ids),
        joined=_project_joined,
        participation_verbs=("join", "apply"),
    )
)


# Courses (issue 10) ----------------------------------------------------------------------------


def _courses_visible() -> QuerySet[Any]:
    Course: Any = _model("courses.Course")
    return Course.objects.filter(status="published")


def _course_candidates() -> list[Candidate]:
    found = []
    for c in _courses_visible().prefetch_related("topics"):
        found.append(
            Candidate(
                item_type="courses.course",
                item_id=c.id,
                title=c.title,
                url=c.get_absolute_url(),
                topic_ids=_topic_ids(c),
                level=LEVELS.get(c.level or ""),
                fresh_at=c.published_at or c.created_at,
                text=_text(c.title, c.summary, _topic_names(c), c.description[:2000]),
                popularity=float(c.enrolment_count),
                is_learning=True,
            )
        )
    return found


def _course_joined() -> Iterable[tuple[int, int]]:
    Enrolment: Any = _model("courses.Enrolment")
    if Enrolment is None:
        return []
    return Enrolment.objects.values_list("user_id", "course_id")


register(
    Source(
        item_type="courses.course",
        label=_("Course"),
        model="courses.Course",
        candidates=_course_candidates,
        valid_ids=lambda ids: _ids(_courses_visible(), ids),
        joined=_course_joined,
        participation_verbs=("enroll", "complete"),
    )
)
