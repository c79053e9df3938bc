"""Reads of the talent network. Every profile that leaves this module went through one access
check (`get_profile_for_viewer` / `visible_profiles`) and one field mask (`mask_profile`)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aitalent.accounts.models import User
from aitalent.core.models import Topic
from aitalent.core.visibility import Visibility, can_view
from aitalent.people import evidence, search
from aitalent.people.countries import country_name
from aitalent.people.models import (
    Block,
    Connection,
    ConnectionRequest,
    Endorsement,
    Follow,
    Profile,
    ProfileSkill,
)

LINK_FIELDS = ["website", "github", "huggingface", "google_scholar", "orcid", "linkedin"]
# field group -> (visibility attribute, profile attributes it hides)
FIELD_GROUPS = {
    "location": ("location_visibility", ["country", "city"]),
    "organisation": ("organisation_visibility", ["organisation", "role"]),
    "links": ("links_visibility", LINK_FIELDS),
}


def _is_member(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


@dataclass
class Relation:
    """How the viewer stands to a member; `is_blocked` is true in either direction."""

    is_self: bool = False
    is_connection: bool = False
    is_blocked: bool = False
    blocked_by_viewer: bool = False
    degree: int | None = None
    mutual_count: int = 0
    mutual: list[User] = field(default_factory=list)
    request_sent: ConnectionRequest | None = None
    request_received: ConnectionRequest | None = None
    is_following: bool = False


def connection_ids_q(viewer: Any) -> QuerySet[Connection]:
    return Connection.objects.filter(user_id=viewer.pk).values("other_id")


def blocked_q(viewer: Any, *, user_field: str = "user_id") -> Q:
    """Q that excludes members the viewer blocked or was blocked by (apply with ~)."""
    if not _is_member(viewer):
        return Q(pk__in=[])
    return Q(
        **{f"{user_field}__in": Block.objects.filter(blocker_id=viewer.pk).values("blocked_id")}
    ) | Q(**{f"{user_field}__in": Block.objects.filter(blocked_id=viewer.pk).values("blocker_id")})


def is_blocked_between(a_id: int, b_id: int) -> bool:
    return Block.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def are_connected(a_id: int, b_id: int) -> bool:
    return Connection.objects.filter(user_id=a_id, other_id=b_id).exists()


def relation_between(*, viewer: Any, owner: Any, detail: bool = False) -> Relation:
    if not _is_member(viewer):
        return Relation()
    if viewer.pk == owner.pk:
        return Relation(is_self=True, degree=0)
    blocks = list(
        Block.objects.filter(
            Q(blocker_id=viewer.pk, blocked_id=owner.pk)
            | Q(blocker_id=owner.pk, blocked_id=viewer.pk)
        ).values_list("blocker_id", flat=True)
    )
    if blocks:
        return Relation(is_blocked=True, blocked_by_viewer=viewer.pk in blocks)
    relation = Relation(is_connection=are_connected(viewer.pk, owner.pk))
    if relation.is_connection:
        relation.degree = 1
    if not detail:
        return relation
    mutual = (
        User.objects.filter(
            is_active=True,
            pk__in=Connection.objects.filter(user_id=viewer.pk).values("other_id"),
        )
        .filter(pk__in=Connection.objects.filter(user_id=owner.pk).values("other_id"))
        .order_by("handle")
    )
    relation.mutual = list(mutual[:6])
    relation.mutual_count = len(relation.mutual) if len(relation.mutual) < 6 else mutual.count()
    if relation.degree is None and relation.mutual_count:
        relation.degree = 2
    for request in ConnectionRequest.objects.filter(
        Q(from_user_id=viewer.pk, to_user_id=owner.pk)
        | Q(from_user_id=owner.pk, to_user_id=viewer.pk),
        status=ConnectionRequest.Status.PENDING,
    ):
        if request.from_user_id == viewer.pk:
            relation.request_sent = request
        else:
            relation.request_received = request
    relation.is_following = Follow.objects.filter(
        follower_id=viewer.pk, followee_id=owner.pk
    ).exists()
    return relation


def mask_profile(profile: Profile, *, viewer: Any, is_connection: bool) -> Profile:
    """A copy of `profile` (and its user) with every field the viewer may not see blanked.

    Templates and serializers only ever get this copy, so a hidden value cannot leak by a
    forgotten `if` in a template. `profile.shown` says which groups are visible.
    """
    masked = copy.copy(profile)
    user = copy.copy(profile.user)
    shown: dict[str, bool] = {}

    def visible(level: str) -> bool:
        return can_view(
            viewer=viewer, owner_id=profile.user_id, visibility=level, is_connection=is_connection
        )

    for group, (attr, names) in FIELD_GROUPS.items():
        shown[group] = visible(getattr(profile, attr))
        if not shown[group]:
            for name in names:
                setattr(masked, name, "")
    shown["email"] = visible(profile.email_visibility)
    if not shown["email"]:
        user.email = ""
    shown["connections"] = visible(profile.connections_visibility)
    shown["activity"] = visible(profile.activity_visibility)
    if not shown["location"]:
        user.timezone = ""
    if not shown["activity"]:
        masked.last_active_at = None
    masked.user = user
    masked.shown = shown  # type: ignore[attr-defined]
    masked.country_name = country_name(masked.country)  # type: ignore[attr-defined]
    return masked


def _profile_queryset() -> QuerySet[Profile]:
    return Profile.objects.select_related("user").prefetch_related(
        Prefetch("skills", queryset=ProfileSkill.objects.select_related("topic")),
        Prefetch("domains", queryset=Topic.objects.order_by("name_en")),
    )


def get_profile_for_viewer(*, viewer: Any, handle: str) -> Profile:
    """The one access check for a profile: hidden or blocked profiles answer 404.

    Returns the *masked* profile with `.relation` attached.
    """
    profile = _profile_queryset().filter(user__handle__iexact=handle, user__is_active=True).first()
    if profile is None:
        raise Http404
    relation = relation_between(viewer=viewer, owner=profile.user, detail=True)
    if relation.is_blocked or not can_view(
        viewer=viewer,
        owner_id=profile.user_id,
        visibility=profile.visibility,
        is_connection=relation.is_connection,
    ):
        raise Http404
    masked = mask_profile(profile, viewer=viewer, is_connection=relation.is_connection)
    masked.relation = relation  # type: ignore[attr-defined]
    return masked


def get_own_profile(*, user: Any) -> Profile:
    profile = _profile_queryset().filter(user=user).first()
    if profile is None:
        raise Http404
    return profile


def visible_profiles(*, viewer: Any) -> QuerySet[Profile]:
    """Profiles the viewer may see at all (the list form of `get_profile_for_viewer`)."""
    return (
        Profile.objects.filter(user__is_active=True)
        .filter(_field_visible_q(viewer, "visibility"))
        .exclude(blocked_q(viewer))
    )


def _field_visible_q(viewer: Any, attr: str, *, user_field: str = "user_id") -> Q:
    """Q for rows whose `attr` visibility lets the viewer see them; `user_field` names the
    member's id from where the query starts (`user_id` on profiles, `pk` on users)."""
    if not _is_member(viewer):
        return Q(**{attr: Visibility.PUBLIC})
    return (
        Q(**{f"{attr}__in": [Visibility.PUBLIC, Visibility.MEMBERS]})
        | Q(**{attr: Visibility.CONNECTIONS, f"{user_field}__in": connection_ids_q(viewer)})
        | Q(**{user_field: viewer.pk})
    )


def mask_many(profiles: list[Profile], *, viewer: Any) -> list[Profile]:
    """Mask a page of profiles with one query for the viewer's connections among them."""
    connected: set[int] = set()
    if _is_member(viewer) and profiles:
        connected = set(
            Connection.objects.filter(
                user_id=viewer.pk, other_id__in=[p.user_id for p in profiles]
            ).values_list("other_id", flat=True)
        )
    return [mask_profile(p, viewer=viewer, is_connection=p.user_id in connected) for p in profiles]


def list_recent_members(*, viewer: Any, limit: int = 8) -> QuerySet[User]:
    """Newest visible members in the directory: the rules of `visible_profiles`, applied from the
    user side so PostgreSQL walks the date_joined index and stops after `limit` rows (an IN over
    every visible profile cost ~60 ms at 100k members)."""
    return (
        User.objects.filter(is_active=True, profile__in_directory=True)
        .filter(_field_visible_q(viewer, "profile__visibility", user_field="pk"))
        .exclude(blocked_q(viewer, user_field="id"))
        .select_related("profile")
        .order_by("-date_joined")[:limit]
    )


# Skills and evidence -------------------------------------------------------------------------


def skills_with_evidence(*, profile: Profile, viewer: Any) -> list[ProfileSkill]:
    """The profile's skills, each with `.evidence` and `.endorsement_list` for the viewer."""
    skills = list(profile.skills.all())
    found = evidence.collect(skills)
    is_owner = _is_member(viewer) and viewer.pk == profile.user_id
    endorsements = Endorsement.objects.filter(skill__in=skills).select_related("endorser")
    if not is_owner:
        endorsements = endorsements.filter(is_hidden=False).exclude(
            blocked_q(viewer, user_field="endorser_id")
        )
    endorsements = endorsements.filter(endorser__is_active=True)
    by_skill: dict[int, list[Endorsement]] = {}
    mine: set[int] = set()
    for endorsement in endorsements:
        by_skill.setdefault(endorsement.skill_id, []).append(endorsement)
        if _is_member(viewer) and endorsement.endorser_id == viewer.pk:
            mine.add(endorsement.skill_id)
    for skill in skills:
        skill.evidence = found.get(skill.id, [])  # type: ignore[attr-defined]
        skill.endorsement_list = by_skill.get(skill.id, [])  # type: ignore[attr-defined]
        skill.endorsed_by_viewer = skill.id in mine  # type: ignore[attr-defined]
    return skills


def get_skill_for_endorsement(*, viewer: Any, handle: str, slug: str) -> ProfileSkill:
    skill = (
        ProfileSkill.objects.select_related("profile__user", "topic")
        .filter(
            profile__user__handle__iexact=handle, topic__slug=slug, profile__user__is_active=True
        )
        .first()
    )
    if skill is None or relation_between(viewer=viewer, owner=skill.profile.user).is_blocked:
        raise Http404
    profile = skill.profile
    if not can_view(
        viewer=viewer,
        owner_id=profile.user_id,
        visibility=profile.visibility,
        is_connection=are_connected(viewer.pk, profile.user_id),
    ):
        raise Http404
    return skill


def get_endorsement(*, viewer: Any, endorsement_id: int) -> Endorsement:
    """Endorsements are reachable by their skill's owner and their endorser only."""
    endorsement = (
        Endorsement.objects.select_related("skill__profile__user", "skill__topic", "endorser")
        .filter(pk=endorsement_id)
        .filter(Q(endorser_id=viewer.pk) | Q(skill__profile__user_id=viewer.pk))
        .first()
    )
    if endorsement is None:
        raise Http404
    return endorsement


# Graph lists ---------------------------------------------------------------------------------


def get_member(*, viewer: Any, handle: str) -> User:
    """A member the viewer may act on (connect, follow, block, report, message): visible, active."""
    profile = get_profile_for_viewer(viewer=viewer, handle=handle)
    return User.objects.get(pk=profile.user_id)


def list_connections(*, profile: Profile, viewer: Any, limit: int = 60) -> list[User]:
    """Connections of a (masked) profile, if its owner shows them to the viewer."""
    if not getattr(profile, "shown", {}).get("connections", False):
        return []
    qs = (
        User.objects.filter(
            is_active=True,
            pk__in=Connection.objects.filter(user_id=profile.user_id).values("other_id"),
        )
        .select_related("profile")
        .order_by("handle")
    )
    if _is_member(viewer):
        qs = qs.exclude(blocked_q(viewer, user_field="pk"))
    return list(qs[:limit])


def my_connections(*, user: Any) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, pk__in=Connection.objects.filter(user_id=user.pk).values("other_id")
        )
        .select_related("profile")
        .order_by("handle")
    )


def incoming_requests(*, user: Any) -> QuerySet[ConnectionRequest]:
    return (
        ConnectionRequest.objects.filter(
            to_user=user, status=ConnectionRequest.Status.PENDING, from_user__is_active=True
        )
        .select_related("from_user__profile")
        .order_by("-created_at")
    )


def outgoing_requests(*, user: Any) -> QuerySet[ConnectionRequest]:
    return (
        ConnectionRequest.objects.filter(from_user=user, status=ConnectionRequest.Status.PENDING)
        .select_related("to_user__profile")
        .order_by("-created_at")
    )


def get_request(*, viewer: Any, request_id: int) -> ConnectionRequest:
    """A connection request is visible to its two members only; anyone else gets 404."""
    found = (
        ConnectionRequest.objects.select_related("from_user", "to_user")
        .filter(pk=request_id)
        .filter(Q(from_user_id=viewer.pk) | Q(to_user_id=viewer.pk))
        .first()
    )
    if found is None:
        raise Http404
    return found


def followed_topics(*, user: Any) -> QuerySet[Topic]:
    return Topic.objects.filter(followers__follower=user).order_by("kind", "name_en")


def followed_members(*, user: Any) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, followers__follower=user)
        .select_related("profile")
        .order_by("handle")
    )


def is_following_topic(*, user: Any, topic: Topic) -> bool:
    return _is_member(user) and Follow.objects.filter(follower=user, topic=topic).exists()


def blocked_members(*, user: Any) -> QuerySet[User]:
    return User.objects.filter(blocked_by__blocker=user).order_by("handle")


# Messaging rules (read by messaging.services) -----------------------------------------------


def is_trusted(user: Any) -> bool:
    """Trust until reputation lands: joined ≥ 7 days ago and has at least one connection."""
    if user.date_joined > timezone.now() - timezone.timedelta(days=7):
        return False
    return Connection.objects.filter(user_id=user.pk).exists()


def may_message(*, sender: Any, recipient: Any) -> bool:
    if not recipient.is_active or is_blocked_between(sender.pk, recipient.pk):
        return False
    if are_connected(sender.pk, recipient.pk):
        return True
    policy = (
        Profile.objects.filter(user_id=recipient.pk)
        .values_list("message_policy", flat=True)
        .first()
        or Profile.MessagePolicy.TRUSTED
    )
    if policy == Profile.MessagePolicy.ANYONE:
        return True
    if policy == Profile.MessagePolicy.TRUSTED:
        return is_trusted(sender)
    return False


# Completeness --------------------------------------------------------------------------------

CHECKLIST = [
    ("display_name", _("Add your name")),
    ("headline", _("Write a headline")),
    ("bio", _("Tell people about yourself")),
    ("avatar", _("Upload a photo")),
    ("location", _("Add your country and city")),
    ("organisation", _("Add your organisation and role")),
    ("skills", _("List at least three skills with levels")),
    ("domains", _("Choose your application domains")),
    ("languages", _("Add the languages you speak")),
    ("links", _("Link your GitHub, Hugging Face, Scholar or website")),
]


def completeness(*, profile: Profile) -> dict[str, Any]:
    done = {
        "display_name": bool(profile.user.display_name),
        "headline": bool(profile.headline),
        "bio": len(profile.bio) >= 40,
        "avatar": bool(profile.avatar_path),
        "location": bool(profile.country and profile.city),
        "organisation": bool(profile.organisation),
        "skills": len(profile.skills.all()) >= 3,
        "domains": len(profile.domains.all()) >= 1,
        "languages": bool(profile.languages),
        "links": any(getattr(profile, name) for name in LINK_FIELDS),
    }
    items = [{"key": key, "label": label, "done": done[key]} for key, label in CHECKLIST]
    percent = round(100 * sum(done.values()) / len(done))
    return {"items": items, "percent": percent, "complete": percent == 100}


# Directory -----------------------------------------------------------------------------------


RANK_WINDOW = 500
SKILL_ID_LIMIT = 20_000
TEXT_ID_LIMIT = 5_000


@dataclass
class DirectoryFilters:
    q: str = ""
    skill: Topic | None = None
    min_level: int = 1
    level_kind: str = "self"  # "self" | "evidenced"
    domain: Topic | None = None
    country: str = ""
    tz_center_minutes: int | None = None
    tz_window_hours: int | None = None
    open_to_work: bool = False
    mentoring: bool = False
    collaborators: bool = False
    team: bool = False
    language: str = ""
    sort: str = "relevance"  # "relevance" | "activity" | "newest"


def directory(*, viewer: Any, filters: DirectoryFilters) -> QuerySet[Profile]:
    """Members in the directory the viewer may see, filtered and ordered (not yet sliced).

    Filters on per-field private data (country, timezone) only match members who show that
    field to the viewer, so a filter cannot be used to probe a hidden location.
    """
    qs = visible_profiles(viewer=viewer).filter(in_directory=True)
    if filters.skill is not None:
        level_field = "evidenced_level" if filters.level_kind == "evidenced" else "level"
        # The skill's members come first, from the (topic, level) index, as a literal id list:
        # joined as a subquery, the planner misjudges how rare a high level is and walks every
        # member in activity order probing for the skill (10x slower at 100k members).
        members = ProfileSkill.objects.filter(
            topic_id=filters.skill.pk, **{f"{level_field}__gte": filters.min_level}
        ).values_list("profile_id", flat=True)
        ids = list(members[: SKILL_ID_LIMIT + 1])
        qs = qs.filter(pk__in=ids if len(ids) <= SKILL_ID_LIMIT else members)
    if filters.domain is not None:
        qs = qs.filter(
            Exists(
                Profile.domains.through.objects.filter(
                    profile_id=OuterRef("pk"), topic_id=filters.domain.pk
                )
            )
        )
    if filters.country or filters.tz_window_hours is not None:
        qs = qs.filter(_field_visible_q(viewer, "location_visibility"))
    if filters.country:
        qs = qs.filter(country=filters.country.upper())
    if filters.tz_window_hours is not None:
        center = filters.tz_center_minutes or 0
        window = filters.tz_window_hours * 60
        qs = qs.filter(
            utc_offset_minutes__gte=center - window, utc_offset_minutes__lte=center + window
        )
    if filters.open_to_work:
        qs = qs.filter(is_open_to_work=True)
    if filters.mentoring:
        qs = qs.filter(is_open_to_mentoring=True)
    if filters.collaborators:
        qs = qs.filter(is_open_to_collaboration=True)
    if filters.team:
        qs = qs.filter(is_looking_for_team=True)
    if filters.language:
        qs = qs.filter(languages__contains=[filters.language])
    tsquery = search.tsquery(filters.q) if filters.q else None
    if filters.q and tsquery is None:
        return qs.none()
    if tsquery:
        query = SearchQuery(tsquery, search_type="raw", config="simple")
        # As for skills, the matches come first, from the GIN index, as a literal id list: the
        # planner cannot estimate prefix matches and, guessing hundreds, walks every member in
        # activity order looking for a word nobody uses (70 ms at 100k members).
        matches = Profile.objects.filter(search_vector=query).order_by().values_list("pk")
        text_ids = [pk for (pk,) in matches[: TEXT_ID_LIMIT + 1]]
        common = len(text_ids) > TEXT_ID_LIMIT
        qs = qs.filter(search_vector=query) if common else qs.filter(pk__in=text_ids)
        if filters.sort == "relevance":
            # Ranking is per row: a word most members use ("engineer") would rank 100k rows, and
            # ordering its matches by activity first costs as much. So a common word ranks a
            # bounded candidate set, the first RANK_WINDOW matches passing every filter that the
            # index yields (as search.services does); a rarer word ranks all its matches.
            if common:
                window = list(qs.order_by().values_list("pk", flat=True)[:RANK_WINDOW])
                # These members passed the access check and every filter just now; filtering
                # again would only redo the broad text match.
                qs = Profile.objects.filter(pk__in=window)
            qs = qs.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
                "-rank", F("last_active_at").desc(nulls_last=True), "-id"
            )
    if not tsquery or filters.sort != "relevance":
        if filters.sort == "newest":
            qs = qs.order_by("-created_at", "-id")
        else:
            qs = qs.order_by(F("last_active_at").desc(nulls_last=True), "-id")
    return qs.select_related("user").prefetch_related(
        Prefetch("skills", queryset=ProfileSkill.objects.select_related("topic")),
        Prefetch("domains", queryset=Topic.objects.order_by("name_en")),
    )


def directory_page(
    *, viewer: Any, filters: DirectoryFilters, page: int, per_page: int = 20
) -> dict[str, Any]:
    """One page without COUNT(*): fetch one extra row to know whether a next page exists."""
    page = max(1, min(page, 500))
    start = (page - 1) * per_page
    rows = list(directory(viewer=viewer, filters=filters)[start : start + per_page + 1])
    return {
        "results": mask_many(rows[:per_page], viewer=viewer),
        "page": page,
        "has_next": len(rows) > per_page,
        "has_previous": page > 1,
    }


def mention_lookup(*, viewer: Any, q: str, limit: int = 8) -> list[User]:
    """@-mention suggestions: visible, active members in the directory whose handle or name
    starts with `q`."""
    q = (q or "").lstrip("@").strip()[:30]
    if not q:
        return []
    profiles = (
        visible_profiles(viewer=viewer)
        .filter(in_directory=True)
        .filter(Q(user__handle__istartswith=q) | Q(user__display_name__istartswith=q))
        .select_related("user")
        .order_by("user__handle")[:limit]
    )
    return [p.user for p in profiles]


def home_new_members(request: Any) -> tuple[str, dict[str, Any]]:
    """The home page's "New members" block, per viewer (visibility, connections, blocks)."""
    return (
        "people/partials/section_new_members.html",
        {"members": list(list_recent_members(viewer=request.user, limit=8))},
    )
