"""Every write of the talent network: profiles, skills, connections, follows, blocks, endorsing."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aitalent.accounts.models import User
from aitalent.activity import services as activity
from aitalent.core.models import Topic
from aitalent.people import avatars, evidence, limits, search, validators
from aitalent.people.models import (
    Block,
    Connection,
    ConnectionRequest,
    Endorsement,
    Follow,
    Profile,
    ProfileSkill,
    Report,
)

PROFILE_FIELDS = {
    "headline",
    "bio",
    "country",
    "city",
    "organisation",
    "role",
    "website",
    "github",
    "huggingface",
    "google_scholar",
    "orcid",
    "linkedin",
    "languages",
    "is_open_to_work",
    "is_open_to_mentoring",
    "is_open_to_collaboration",
    "is_looking_for_team",
    "is_looking_for_mentor",
    "mentoring_capacity",
    "weekly_hours",
    "visibility",
    "email_visibility",
    "location_visibility",
    "organisation_visibility",
    "links_visibility",
    "connections_visibility",
    "activity_visibility",
    "in_directory",
    "in_suggestions",
    "allow_indexing",
    "in_analytics",
    "message_policy",
}


def _notify(**kwargs: Any) -> None:
    """Hand over to the notifications service after commit (see notifications.services.notify)."""
    from aitalent.notifications import services as notifications

    transaction.on_commit(lambda: notifications.notify(**kwargs))


# Profiles ------------------------------------------------------------------------------------


def create_profile(*, user: Any, **fields: Any) -> Profile:
    profile, created = Profile.objects.get_or_create(user=user, defaults=fields)
    if created:
        refresh_search_vector(profile=profile)
    return profile


def on_user_signed_up(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    profile = create_profile(user=user)
    _sync_timezone(profile=profile, tz_name=user.timezone)


def utc_offset_minutes(tz_name: str, *, at: datetime | None = None) -> int:
    try:
        zone = zoneinfo.ZoneInfo(tz_name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0
    offset = (at or timezone.now()).astimezone(zone).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _sync_timezone(*, profile: Profile, tz_name: str) -> None:
    offset = utc_offset_minutes(tz_name)
    if profile.utc_offset_minutes != offset:
        profile.utc_offset_minutes = offset
        Profile.objects.filter(pk=profile.pk).update(utc_offset_minutes=offset)


def refresh_search_vector(*, profile: Profile) -> None:
    user = profile.user
    text = search.document(user.display_name, user.handle, profile.headline, profile.bio)
    with db_connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_profile SET search_vector = to_tsvector('simple', %s) WHERE id = %s",
            [text, profile.pk],
        )


def touch_activity(*, user: Any) -> None:
    """Members sorted by activity: refreshed at most every 10 minutes per member."""
    now = timezone.now()
    Profile.objects.filter(user_id=user.pk).filter(
        Q(last_active_at__isnull=True) | Q(last_active_at__lt=now - timezone.timedelta(minutes=10))
    ).update(last_active_at=now)


def _check_owner(profile: Profile, by: Any) -> None:
    if profile.user_id != by.pk:
        raise PermissionDenied(_("Only the owner can change this profile."))


@transaction.atomic
def update_profile(
    *,
    profile: Profile,
    by: Any,
    display_name: str | None = None,
    timezone_name: str | None = None,
    domains: list[str] | None = None,
    **fields: Any,
) -> Profile:
    """Change any editable field; invalid input raises ValidationError and saves nothing."""
    _check_owner(profile, by)
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    errors: dict[str, list[str]] = {}
    if "orcid" in fields:
        fields["orcid"] = validators.normalise_orcid(fields["orcid"] or "")
    if "country" in fields:
        fields["country"] = (fields["country"] or "").upper()
    if "languages" in fields:
        fields["languages"] = list(dict.fromkeys(c.strip().lower() for c in fields["languages"]))
    for name, value in fields.items():
        setattr(profile, name, "" if value is None and name != "weekly_hours" else value)
    user = profile.user
    if display_name is not None:
        user.display_name = display_name.strip()
    if timezone_name is not None:
        user.timezone = timezone_name
    try:
        profile.full_clean(exclude=["user", "search_vector"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(
            {
                ("timezone" if key == "timezone" else key): value
                for key, value in exc.message_dict.items()
                if key in ("display_name", "timezone")
            }
        )
    if timezone_name is not None:
        try:
            zoneinfo.ZoneInfo(timezone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["timezone"] = [_("Unknown time zone: use a name such as Europe/Paris.")]
    domain_topics: list[Topic] = []
    if domains is not None:
        domain_topics = list(Topic.objects.filter(kind=Topic.Kind.DOMAIN, slug__in=domains))
        missing = sorted(set(domains) - {t.slug for t in domain_topics})
        if missing:
            errors["domains"] = [_("Unknown domain: %(slugs)s.") % {"slugs": ", ".join(missing)}]
        elif len(domain_topics) > 10:
            errors["domains"] = [_("Choose at most 10 domains.")]
    if errors:
        raise ValidationError(errors)
    profile.save()
    if display_name is not None or timezone_name is not None:
        user.save(update_fields=["display_name", "timezone"])
    if timezone_name is not None:
        _sync_timezone(profile=profile, tz_name=timezone_name)
    if domains is not None:
        profile.domains.set(domain_topics)
    refresh_search_vector(profile=profile)
    touch_activity(user=by)
    return profile


def _skill_topic(slug: str) -> Topic:
    topic = Topic.objects.filter(kind=Topic.Kind.SKILL, slug=slug).first()
    if topic is None:
        raise ValidationError({"skill": _("Unknown skill %(slug)s.") % {"slug": slug[:60]}})
    return topic


@transaction.atomic
def set_skill(
    *,
    profile: Profile,
    by: Any,
    skill: str,
    level: int,
    years: int | None = None,
    how_used: str = "",
) -> ProfileSkill:
    """Add a skill or change its self-declared level, years and "how I used it"."""
    _check_owner(profile, by)
    topic = _skill_topic(skill)
    row = ProfileSkill.objects.filter(profile=profile, topic=topic).first() or ProfileSkill(
        profile=profile, topic=topic
    )
    row.level, row.years, row.how_used = level, years, how_used or ""
    row.full_clean(exclude=["profile", "topic"], validate_constraints=False)
    if row.pk is None and profile.skills.count() >= 50:
        raise ValidationError({"skill": _("A profile lists at most 50 skills.")})
    row.save()
    touch_activity(user=by)
    return row


@transaction.atomic
def replace_skills(*, profile: Profile, by: Any, skills: list[dict[str, Any]]) -> None:
    """Set the full skill list at once (the API's PATCH); all or nothing."""
    _check_owner(profile, by)
    slugs = [s["skill"] for s in skills]
    topics = {t.slug: t for t in Topic.objects.filter(kind=Topic.Kind.SKILL, slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in topics]
    if missing:
        raise ValidationError(
            {"skills": [_("Unknown skill %(slug)s.") % {"slug": s[:60]} for s in missing[:5]]}
        )
    if len(set(slugs)) != len(slugs):
        raise ValidationError({"skills": [_("Each skill can be listed once.")]})
    if len(slugs) > 50:
        raise ValidationError({"skills": [_("A profile lists at most 50 skills.")]})
    existing = {row.topic_id: row for row in profile.skills.all()}
    keep = set()
    for item in skills:
        topic = topics[item["skill"]]
        row = existing.get(topic.id) or ProfileSkill(profile=profile, topic=topic)
        row.level = item["level"]
        row.years = item.get("years")
        row.how_used = item.get("how_used") or ""
        row.full_clean(exclude=["profile", "topic"], validate_constraints=False)
        row.save()
        keep.add(topic.id)
    profile.skills.exclude(topic_id__in=keep).delete()


@transaction.atomic
def remove_skill(*, profile: Profile, by: Any, skill: str) -> None:
    _check_owner(profile, by)
    profile.skills.filter(topic__slug=skill).delete()


@transaction.atomic
def set_avatar(*, profile: Profile, by: Any, upload: Any) -> Profile:
    _check_owner(profile, by)
    renditions = avatars.render_sizes(upload)
    old = profile.avatar_path
    path = f"avatars/{profile.user.public_id}/{secrets.token_hex(6)}"
    for size, data in renditions.items():
        default_storage.save(f"{path}-{size}.webp", ContentFile(data))
    profile.avatar_path = path
    profile.save(update_fields=["avatar_path", "updated_at"])
    if old:
        transaction.on_commit(lambda: delete_avatar_files(path=old))
    return profile


@transaction.atomic
def remove_avatar(*, profile: Profile, by: Any) -> Profile:
    _check_owner(profile, by)
    old = profile.avatar_path
    profile.avatar_path = ""
    profile.save(update_fields=["avatar_path", "updated_at"])
    if old:
        transaction.on_commit(lambda: delete_avatar_files(path=old))
    return profile


def delete_avatar_files(*, path: str) -> None:
    for size in avatars.SIZES:
        name = f"{path}-{size}.webp"
        if default_storage.exists(name):
            default_storage.delete(name)


# Graph ---------------------------------------------------------------------------------------


def _blocked_between(a_id: int, b_id: int) -> bool:
    return Block.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def _connected(a_id: int, b_id: int) -> bool:
    return Connection.objects.filter(user_id=a_id, other_id=b_id).exists()


def _connect(a: Any, b: Any) -> None:
    Connection.objects.bulk_create(
        [Connection(user=a, other=b), Connection(user=b, other=a)], ignore_conflicts=True
    )
    activity.record(actor=a, verb="connect", target_type="accounts.user", target_id=b.pk)
    activity.record(actor=b, verb="connect", target_type="accounts.user", target_id=a.pk)


@transaction.atomic
def request_connection(*, from_user: Any, to_user: Any, note: str = "") -> ConnectionRequest:
    """Ask to connect. If the other member already asked us, that request is accepted instead."""
    if from_user.pk == to_user.pk:
        raise ValidationError({"to": _("You cannot connect with yourself.")})
    if not to_user.is_active or _blocked_between(from_user.pk, to_user.pk):
        raise ValidationError({"to": _("This member cannot be reached.")})
    if _connected(from_user.pk, to_user.pk):
        raise ValidationError({"to": _("You are already connected.")})
    reverse_request = ConnectionRequest.objects.filter(
        from_user=to_user, to_user=from_user, status=ConnectionRequest.Status.PENDING
    ).first()
    if reverse_request is not None:
        return accept_request(request=reverse_request, by=from_user)
    if ConnectionRequest.objects.filter(
        from_user=from_user, to_user=to_user, status=ConnectionRequest.Status.PENDING
    ).exists():
        raise ValidationError({"to": _("You already asked this member; wait for an answer.")})
    limits.hit("connection_request", from_user.pk)
    request = ConnectionRequest(from_user=from_user, to_user=to_user, note=(note or "").strip())
    request.full_clean()
    request.save()
    _notify(
        recipients=[to_user],
        verb="people.connection_requested",
        actor=from_user,
        target=request,
        url=reverse("people:requests"),
        context={"note": request.note[:140]},
        key=f"conn-req-{request.pk}",
    )
    touch_activity(user=from_user)
    return request


def _pending_for(request: ConnectionRequest) -> ConnectionRequest:
    locked = ConnectionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ConnectionRequest.Status.PENDING:
        raise ValidationError(_("This request was already answered."))
    return locked


@transaction.atomic
def accept_request(*, request: ConnectionRequest, by: Any) -> ConnectionRequest:
    if request.to_user_id != by.pk:
        raise PermissionDenied(_("Only the invited member can accept."))
    request = _pending_for(request)
    request.status = ConnectionRequest.Status.ACCEPTED
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at", "updated_at"])
    _connect(request.from_user, request.to_user)
    _notify(
        recipients=[request.from_user],
        verb="people.connection_accepted",
        actor=request.to_user,
        target=request,
        url=reverse("people:profile", args=[request.to_user.handle]),
        key=f"conn-acc-{request.pk}",
    )
    return request


@transaction.atomic
def decline_request(*, request: ConnectionRequest, by: Any) -> ConnectionRequest:
    if request.to_user_id != by.pk:
        raise PermissionDenied(_("Only the invited member can decline."))
    request = _pending_for(request)
    request.status = ConnectionRequest.Status.DECLINED
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at", "updated_at"])
    return request


@transaction.atomic
def withdraw_request(*, request: ConnectionRequest, by: Any) -> ConnectionRequest:
    if request.from_user_id != by.pk:
        raise PermissionDenied(_("Only the member who asked can withdraw."))
    request = _pending_for(request)
    request.status = ConnectionRequest.Status.WITHDRAWN
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at", "updated_at"])
    return request


@transaction.atomic
def remove_connection(*, user: Any, other: Any) -> bool:
    deleted, _count = Connection.objects.filter(
        Q(user=user, other=other) | Q(user=other, other=user)
    ).delete()
    return bool(deleted)


@transaction.atomic
def follow_member(*, follower: Any, followee: Any) -> Follow:
    if follower.pk == followee.pk:
        raise ValidationError({"member": _("You cannot follow yourself.")})
    if not followee.is_active or _blocked_between(follower.pk, followee.pk):
        raise ValidationError({"member": _("This member cannot be followed.")})
    existing = Follow.objects.filter(follower=follower, followee=followee).first()
    if existing:
        return existing
    limits.hit("follow", follower.pk)
    follow = Follow.objects.create(follower=follower, followee=followee)
    activity.record(
        actor=follower, verb="follow", target_type="accounts.user", target_id=followee.pk
    )
    return follow


@transaction.atomic
def unfollow_member(*, follower: Any, followee: Any) -> None:
    Follow.objects.filter(follower=follower, followee=followee).delete()


@transaction.atomic
def follow_topic(*, follower: Any, topic: Topic) -> Follow:
    existing = Follow.objects.filter(follower=follower, topic=topic).first()
    if existing:
        return existing
    limits.hit("follow", follower.pk)
    follow = Follow.objects.create(follower=follower, topic=topic)
    activity.record(actor=follower, verb="follow", target=topic)
    return follow


@transaction.atomic
def unfollow_topic(*, follower: Any, topic: Topic) -> None:
    Follow.objects.filter(follower=follower, topic=topic).delete()


@transaction.atomic
def block_member(*, blocker: Any, blocked: Any) -> Block:
    """Hide both ways: ends the connection, pending requests and follows in both directions."""
    if blocker.pk == blocked.pk:
        raise ValidationError({"member": _("You cannot block yourself.")})
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    remove_connection(user=blocker, other=blocked)
    ConnectionRequest.objects.filter(
        Q(from_user=blocker, to_user=blocked) | Q(from_user=blocked, to_user=blocker),
        status=ConnectionRequest.Status.PENDING,
    ).update(status=ConnectionRequest.Status.WITHDRAWN, responded_at=timezone.now())
    Follow.objects.filter(
        Q(follower=blocker, followee=blocked) | Q(follower=blocked, followee=blocker)
    ).delete()
    return block


@transaction.atomic
def unblock_member(*, blocker: Any, blocked: Any) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


@transaction.atomic
def report_member(*, reporter: Any, reported: Any, reason: str, detail: str = "") -> Report:
    """A report goes to staff (admin queue + notification); the reported member is not told."""
    if reporter.pk == reported.pk:
        raise ValidationError({"member": _("You cannot report yourself.")})
    limits.hit("report", reporter.pk)
    report = Report(reporter=reporter, reported=reported, reason=reason, detail=detail.strip())
    report.full_clean()
    report.save()
    staff = list(User.objects.filter(is_staff=True, is_active=True).exclude(pk=reporter.pk)[:50])
    if staff:
        _notify(
            recipients=staff,
            verb="people.member_reported",
            actor=reporter,
            target=report,
            url=reverse("admin:people_report_change", args=[report.pk]),
            context={"member": reported.handle, "reason": report.get_reason_display()},
            key=f"report-{report.pk}",
        )
    return report


# Endorsements --------------------------------------------------------------------------------


@transaction.atomic
def endorse_skill(*, endorser: Any, skill: ProfileSkill, context: str = "") -> Endorsement:
    owner_id = skill.profile.user_id
    if owner_id == endorser.pk:
        raise ValidationError({"skill": _("You cannot endorse your own skill.")})
    if not _connected(endorser.pk, owner_id) or _blocked_between(endorser.pk, owner_id):
        raise PermissionDenied(_("Only your 1st-degree connections can be endorsed."))
    if Endorsement.objects.filter(endorser=endorser, skill=skill).exists():
        raise ValidationError({"skill": _("You already endorsed this skill.")})
    limits.hit("endorsement", endorser.pk)
    endorsement = Endorsement(endorser=endorser, skill=skill, context=(context or "").strip())
    endorsement.full_clean()
    endorsement.save()
    evidence.refresh([skill])
    owner = skill.profile.user
    _notify(
        recipients=[owner],
        verb="people.endorsed",
        actor=endorser,
        target=endorsement,
        url=reverse("people:profile", args=[owner.handle]) + f"#skill-{skill.topic.slug}",
        context={"title": skill.topic.name_en},
        key=f"endorse-{endorsement.pk}",
    )
    activity.record(actor=endorser, verb="endorse", target=skill)
    return endorsement


@transaction.atomic
def set_endorsement_hidden(*, endorsement: Endorsement, by: Any, hidden: bool) -> Endorsement:
    if endorsement.skill.profile.user_id != by.pk:
        raise PermissionDenied(_("Only the owner of the skill can hide its endorsements."))
    endorsement.is_hidden = hidden
    endorsement.save(update_fields=["is_hidden", "updated_at"])
    evidence.refresh([endorsement.skill])
    return endorsement


@transaction.atomic
def withdraw_endorsement(*, endorsement: Endorsement, by: Any) -> None:
    if endorsement.endorser_id != by.pk:
        raise PermissionDenied(_("Only the endorser can withdraw an endorsement."))
    skill = endorsement.skill
    endorsement.delete()
    evidence.refresh([skill])


# Member data (export and erasure registry) ---------------------------------------------------


def export_profile(user: Any) -> dict[str, Any] | None:
    profile = Profile.objects.filter(user=user).prefetch_related("skills__topic", "domains").first()
    if profile is None:
        return None
    data = {name: getattr(profile, name) for name in sorted(PROFILE_FIELDS)}
    data["avatar_files"] = (
        [f"{profile.avatar_path}-{s}.webp" for s in avatars.SIZES] if (profile.avatar_path) else []
    )
    data["skills"] = [
        {
            "topic": s.topic.slug,
            "level": s.level,
            "years": s.years,
            "how_used": s.how_used,
            "evidenced_level": s.evidenced_level,
        }
        for s in profile.skills.all()
    ]
    data["domains"] = [d.slug for d in profile.domains.all()]
    return data


def export_network(user: Any) -> dict[str, Any]:
    return {
        "connections": list(
            Connection.objects.filter(user=user).values_list("other__handle", flat=True)
        ),
        "connection_requests_sent": [
            {"to": handle, "note": note, "status": status, "at": at.isoformat()}
            for handle, note, status, at in ConnectionRequest.objects.filter(
                from_user=user
            ).values_list("to_user__handle", "note", "status", "created_at")
        ],
        "connection_requests_received": [
            {"from": handle, "status": status, "at": at.isoformat()}
            for handle, status, at in ConnectionRequest.objects.filter(to_user=user).values_list(
                "from_user__handle", "status", "created_at"
            )
        ],
        "following_members": list(
            Follow.objects.filter(follower=user, followee__isnull=False).values_list(
                "followee__handle", flat=True
            )
        ),
        "following_topics": list(
            Follow.objects.filter(follower=user, topic__isnull=False).values_list(
                "topic__slug", flat=True
            )
        ),
        "blocked": list(
            Block.objects.filter(blocker=user).values_list("blocked__handle", flat=True)
        ),
        "reports_made": [
            {"member": handle, "reason": reason, "detail": detail}
            for handle, reason, detail in Report.objects.filter(reporter=user).values_list(
                "reported__handle", "reason", "detail"
            )
        ],
        "endorsements_given": [
            {"member": handle, "skill": slug, "context": context}
            for handle, slug, context in Endorsement.objects.filter(endorser=user).values_list(
                "skill__profile__user__handle", "skill__topic__slug", "context"
            )
        ],
    }


def profile_files(user: Any) -> list[str]:
    path = Profile.objects.filter(user=user).values_list("avatar_path", flat=True).first()
    return [f"{path}-{size}.webp" for size in avatars.SIZES] if path else []


def erase_profile(user: Any) -> None:
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.avatar_path:
        delete_avatar_files(path=profile.avatar_path)
    Profile.objects.filter(user=user).delete()


def erase_network(user: Any) -> None:
    """Endorsements given disappear (the evidence they gave is recomputed); the rest cascades."""
    skills = list(ProfileSkill.objects.filter(endorsements__endorser=user).distinct())
    Endorsement.objects.filter(endorser=user).delete()
    evidence.refresh(skills)
    Connection.objects.filter(Q(user=user) | Q(other=user)).delete()
    ConnectionRequest.objects.filter(Q(from_user=user) | Q(to_user=user)).delete()
    Follow.objects.filter(Q(follower=user) | Q(followee=user)).delete()
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
    Report.objects.filter(reporter=user).update(reporter=None, detail="")
