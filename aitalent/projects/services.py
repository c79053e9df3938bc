"""Every write of the projects app and its side effects.

Side effects (notifications, search index, the activity signal log) run after commit. Private
projects never reach the search index or the activity log (recommendations and analytics read it),
and only their team is notified about them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from zoneinfo import available_timezones

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aitalent.activity import services as activity
from aitalent.core import member_data
from aitalent.core.models import Topic
from aitalent.forum import services as forum
from aitalent.notifications import services as notifications
from aitalent.projects import selectors
from aitalent.projects.models import (
    STAGE_ORDER,
    Application,
    Invitation,
    Membership,
    Milestone,
    Offer,
    OfferApplication,
    Project,
    Role,
    RoleSkill,
    Stage,
    StageChange,
    Task,
    TimelineEntry,
    Update,
)
from aitalent.search import services as search

PROJECT_FIELDS = [
    "name",
    "pitch",
    "problem",
    "description",
    "media_links",
    "repository_url",
    "demo_url",
    "visibility",
    "organisation",
    "language",
    "timezone",
]
ROLE_FIELDS = ["title", "description", "slots", "hours_per_week", "is_remote", "location"]
OFFER_FIELDS = ["title", "kind", "description", "amount", "organisation", "deadline", "stages"]
DELIVERY_STAGES = (Stage.PILOT, Stage.LAUNCHED)
DELIVERY_WEIGHT = 2.0  # a delivered role weighs like two endorsements by newcomers

# Timeline verbs and how the page words them ("%(actor)s created the project").
TIMELINE = {
    "created": _("created the project"),
    "stage": _("moved the project to “%(detail)s”"),
    "role": _("opened the role “%(detail)s”"),
    "role_closed": _("closed the role “%(detail)s”"),
    "joined": _("joined the team as %(detail)s"),
    "left": _("left the team"),
    "removed": _("removed %(detail)s from the team"),
    "invited": _("invited %(detail)s"),
    "delivered": _("marked %(detail)s as having delivered"),
    "milestone": _("added the milestone “%(detail)s”"),
    "milestone_done": _("completed the milestone “%(detail)s”"),
    "task": _("added the task “%(detail)s”"),
    "task_moved": _("moved “%(detail)s”"),
    "update": _("posted the update “%(detail)s”"),
    "offer": _("received “%(detail)s”"),
}


def register() -> None:
    from aitalent.core import sections
    from aitalent.people import evidence
    from aitalent.projects import views

    types = [
        ("projects.update", _("Updates of projects I follow"), _("%(actor)s posted in %(project)s: %(title)s"), "daily"),  # noqa: E501
        ("projects.application", _("Applications to roles in my projects"), _("%(actor)s applied for “%(role)s” in %(project)s"), "instant"),  # noqa: E501
        ("projects.application_decided", _("Answers to my applications"), _("Your application for “%(role)s” in %(project)s was %(status)s"), "instant"),  # noqa: E501
        ("projects.invitation", _("Invitations to join projects"), _("%(actor)s invited you to join %(project)s"), "instant"),  # noqa: E501
        ("projects.invitation_answered", _("Answers to invitations I sent"), _("%(actor)s %(status)s your invitation to %(project)s"), "instant"),  # noqa: E501
        ("projects.offer_application", _("Applications to my resource offers"), _("%(project)s applied for “%(offer)s”"), "instant"),  # noqa: E501
        ("projects.offer_decided", _("Answers to my projects' offer applications"), _("“%(offer)s” for %(project)s: %(status)s"), "instant"),  # noqa: E501
        ("projects.task_assigned", _("Project tasks assigned to me"), _("%(actor)s assigned you “%(title)s” in %(project)s"), "daily"),  # noqa: E501
    ]  # fmt: skip
    for verb, label, message, default_email in types:
        notifications.register_type(
            verb, module="projects", label=label, message=message, default_email=default_email
        )
    notifications.register_watchable(
        "projects.project", label=_("project"), resolve=selectors.resolve_project
    )
    forum.register_context_url("projects.project", selectors.project_url)
    forum.register_context_access("projects.project", selectors.can_see_project_id)
    sections.register_profile(views.profile_section, order=40)
    sections.register_home_aside(views.home_aside, order=40)
    sections.register_topic(views.topic_section, order=40)
    search.register("projects.project", search_documents, label=_("Projects"), icon="bi-kanban")
    evidence.register_source("projects", delivered_roles_source)
    member_data.register(
        "projects",
        export=export_member_data,
        erase=erase_member_data,
        models=[
            "projects.Project",
            "projects.StageChange",
            "projects.Membership",
            "projects.Application",
            "projects.Invitation",
            "projects.Update",
            "projects.Task",
            "projects.TimelineEntry",
            "projects.Offer",
            "projects.OfferApplication",
        ],
    )


# --- helpers ----------


def _slug(text: str, fallback: str) -> str:
    return f"{(slugify(text)[:80].strip('-') or fallback)}-{uuid.uuid4().hex[:6]}"


def _timeline(project: Project, actor: Any, verb: str, detail: str = "") -> None:
    TimelineEntry.objects.create(project=project, actor=actor, verb=verb, detail=detail[:200])
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())


def _record(project: Project, actor: Any, verb: str, target: Any = None) -> None:
    """The activity log feeds recommendations and analytics: private projects stay out of it."""
    if not project.is_private:
        activity.record(actor=actor, verb=verb, target=target or project)


def count_view(*, project: Project, viewer: Any) -> None:
    if getattr(viewer, "is_authenticated", False):
        _record(project, viewer, "view")


def _require_maintainer(project: Project, user: Any) -> Membership:
    membership = project.memberships.filter(user_id=getattr(user, "pk", None)).first()
    if membership is None or not membership.is_maintainer:
        raise PermissionDenied(gettext("Only the project's maintainers can do that."))
    return membership


def _require_member(project: Project, user: Any) -> Membership:
    membership = project.memberships.filter(user_id=getattr(user, "pk", None)).first()
    if membership is None:
        raise PermissionDenied(gettext("Only the project's team can do that."))
    return membership


def _refresh_counts(project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(
        open_role_count=project.roles.filter(status=Role.Status.OPEN).count(),
        member_count=project.memberships.count(),
    )


def _notify_team(project: Project, *, verb: str, actor: Any, context: dict[str, Any],
                 url: str = "", key: str = "", maintainers_only: bool = True) -> None:  # fmt: skip
    members = project.memberships.all()
    if maintainers_only:
        members = members.filter(kind=Membership.Kind.MAINTAINER)
    ids = list(members.values_list("user_id", flat=True))
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=ids, verb=verb, actor=actor, target=project,
            url=url or project.get_absolute_url(), context={"project": project.name, **context},
            key=key,
        )
    )  # fmt: skip


def _notify_user(user: Any, project: Project, *, verb: str, actor: Any, context: dict[str, Any],
                 url: str = "", key: str = "") -> None:  # fmt: skip
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=[user], verb=verb, actor=actor, target=project,
            url=url or project.get_absolute_url(), context={"project": project.name, **context},
            key=key,
        )
    )  # fmt: skip


def check_timezone(name: str) -> str:
    if name not in available_timezones():
        raise ValidationError({"timezone": _("Choose a time zone such as Asia/Shanghai or UTC.")})
    return name


def _check_topics(topics: Sequence[Topic], domains: Sequence[Topic]) -> None:
    if len(topics) > 10:
        raise ValidationError({"topics": _("Choose at most 10 topics.")})
    if len(domains) > 5:
        raise ValidationError({"domains": _("Choose at most 5 domains.")})
    if any(d.kind != Topic.Kind.DOMAIN for d in domains):
        raise ValidationError({"domains": _("Choose domains from the domain list.")})


def index_project(project: Project) -> None:
    document = search_document(project)
    if document is None:
        search.remove(doc_type="projects.project", object_id=project.pk)
    else:
        search.index(**document)


def _index_on_commit(project: Project) -> None:
    transaction.on_commit(lambda: index_project(Project.objects.get(pk=project.pk)))


def search_document(project: Project) -> dict[str, Any] | None:
    if project.is_private:
        return None  # private projects never reach the index
    return {
        "doc_type": "projects.project",
        "object_id": project.pk,
        "title": project.name,
        "summary": project.pitch,
        "body": f"{project.problem}\n{project.description}",
        "url": project.get_absolute_url(),
        "language": project.language,
        "topics": [t.slug for t in project.topics.all()] + [t.slug for t in project.domains.all()],
        "visibility": "members" if project.visibility == Project.Visibility.MEMBERS else "public",
        "created_at": project.created_at,
        "popularity": project.member_count,
    }


def search_documents() -> Iterable[dict[str, Any]]:
    rows = Project.objects.exclude(visibility=Project.Visibility.PRIVATE).prefetch_related(
        "topics", "domains"
    )
    for project in rows.iterator(chunk_size=200):
        document = search_document(project)
        if document:
            yield document


# --- projects ----------


@transaction.atomic
def create_project(
    *,
    creator: Any,
    topics: Sequence[Topic] = (),
    domains: Sequence[Topic] = (),
    stage: str = Stage.IDEA,
    **fields: Any,
) -> Project:
    fields = {k: v for k, v in fields.items() if k in PROJECT_FIELDS}
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    project = Project(
        slug=_slug(fields.get("name", ""), "project"), created_by=creator, stage=stage, **fields
    )
    check_timezone(project.timezone)
    topics, domains = list(topics), list(domains)
    _check_topics(topics, domains)
    project.full_clean(exclude=["slug"])
    project.save()
    project.topics.set(topics)
    project.domains.set(domains)
    Membership.objects.create(project=project, user=creator, kind=Membership.Kind.MAINTAINER)
    StageChange.objects.create(project=project, stage=stage, by=creator)
    _timeline(project, creator, "created")
    _refresh_counts(project)
    project.refresh_from_db()
    _record(project, creator, "join")
    _index_on_commit(project)
    transaction.on_commit(lambda: notifications.watch_by_default(user=creator, target=project))
    return project


@transaction.atomic
def update_project(
    *,
    project: Project,
    by: Any,
    topics: Sequence[Topic] | None = None,
    domains: Sequence[Topic] | None = None,
    **fields: Any,
) -> Project:
    _require_maintainer(project, by)
    for key, value in fields.items():
        if key in PROJECT_FIELDS:
            setattr(project, key, value)
    check_timezone(project.timezone)
    _check_topics(list(topics or []), list(domains or []))
    project.full_clean()
    project.save()
    if topics is not None:
        project.topics.set(list(topics))
    if domains is not None:
        project.domains.set(list(domains))
    _index_on_commit(project)
    return project


@transaction.atomic
def set_stage(*, project: Project, by: Any, stage: str) -> Project:
    _require_maintainer(project, by)
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    if stage == project.stage:
        return project
    project.stage = stage
    project.save(update_fields=["stage", "updated_at"])
    StageChange.objects.create(project=project, stage=stage, by=by)
    _timeline(project, by, "stage", str(Stage(stage).label))
    if stage in DELIVERY_STAGES:
        # Delivered roles already marked now count as evidence: refresh their skills.
        delivered = list(
            project.memberships.filter(delivered_at__isnull=False).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: _refresh_evidence(delivered))
    return project


@transaction.atomic
def post_update(*, project: Project, by: Any, title: str, body: str) -> Update:
    _require_maintainer(project, by)
    update = Update(project=project, author=by, title=title.strip(), body=body.strip())
    update.full_clean()
    update.save()
    _timeline(project, by, "update", update.title)
    context = {"project": project.name, "title": update.title}
    url = project.get_absolute_url() + f"#update-{update.pk}"

    def after() -> None:
        if project.is_private:
            ids = list(project.memberships.values_list("user_id", flat=True))
            notifications.notify(recipients=ids, verb="projects.update", actor=by,
                                 target=project, url=url, context=context,
                                 key=f"projects-update-{update.pk}")  # fmt: skip
        else:
            notifications.notify_watchers(target=project, verb="projects.update", actor=by,
                                          url=url, context=context,
                                          key=f"projects-update-{update.pk}")  # fmt: skip

    transaction.on_commit(after)
    return update


def discussion_thread(*, project: Project) -> Any:
    """The in-context thread; None for private projects (forum threads are not team-only)."""
    if project.is_private:
        return None
    return forum.get_or_create_context_thread(
        target=project,
        title=project.name,
        author=project.created_by,
        topics=project.topics.all(),
        language=project.language,
    )


# --- roles ----------


def _clean_skills(skills: Sequence[tuple[Topic, int]]) -> list[tuple[Topic, int]]:
    if not skills:
        raise ValidationError({"skills": _("List at least one required skill.")})
    if len(skills) > 8:
        raise ValidationError({"skills": _("List at most 8 skills.")})
    seen = set()
    for topic, level in skills:
        if topic.kind != Topic.Kind.SKILL:
            raise ValidationError({"skills": _("%(name)s is not a skill.") % {"name": topic.name}})
        if not 1 <= int(level) <= 5:
            raise ValidationError({"skills": _("Minimum levels go from 1 to 5.")})
        if topic.pk in seen:
            raise ValidationError({"skills": _("Each skill once, please.")})
        seen.add(topic.pk)
    return list(skills)


@transaction.atomic
def create_role(
    *, project: Project, by: Any, skills: Sequence[tuple[Topic, int]], **fields: Any
) -> Role:
    _require_maintainer(project, by)
    fields = {k: v for k, v in fields.items() if k in ROLE_FIELDS}
    role = Role(project=project, **fields)
    if not role.is_remote and not role.location:
        raise ValidationError({"location": _("Say where the role is, or make it remote.")})
    role.full_clean()
    skills = _clean_skills(skills)
    role.save()
    RoleSkill.objects.bulk_create(
        [RoleSkill(role=role, topic=t, min_level=int(level)) for t, level in skills]
    )
    _timeline(project, by, "role", role.title)
    _refresh_counts(project)
    _index_on_commit(project)
    return role


@transaction.atomic
def set_role_status(*, role: Role, by: Any, is_open: bool) -> Role:
    _require_maintainer(role.project, by)
    status = Role.Status.OPEN if is_open else Role.Status.CLOSED
    if role.status != status:
        role.status = status
        role.save(update_fields=["status", "updated_at"])
        if not is_open:
            _timeline(role.project, by, "role_closed", role.title)
        _refresh_counts(role.project)
    return role


# --- joining ----------


def _join(
    project: Project, user: Any, role: Role | None, kind: str = Membership.Kind.MEMBER
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        project=project, user=user, defaults={"kind": kind, "role": role}
    )
    if not created and role is not None and membership.role_id is None:
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    if created:
        _timeline(project, user, "joined", role.title if role else str(Membership.Kind(kind).label))
        _record(project, user, "join")
        transaction.on_commit(lambda: notifications.watch_by_default(user=user, target=project))
    if role is not None and role.is_open and role.memberships.count() >= role.slots:
        role.status = Role.Status.CLOSED
        role.save(update_fields=["status", "updated_at"])
    _refresh_counts(project)
    return membership


@transaction.atomic
def apply_to_role(*, role: Role, user: Any, message: str) -> Application:
    role = Role.objects.select_for_update(of=("self",)).select_related("project").get(pk=role.pk)
    if not role.is_open:
        raise ValidationError({"role": _("This role is closed.")})
    if role.project.memberships.filter(user_id=user.pk).exists():
        raise ValidationError({"role": _("You are already on this team.")})
    from aitalent.people import selectors as people_selectors

    maintainers = role.project.memberships.filter(kind=Membership.Kind.MAINTAINER)
    if any(
        people_selectors.is_blocked_between(user.pk, m.user_id) for m in maintainers
    ):  # a block either way: the two never meet through an application
        raise ValidationError({"role": _("You cannot apply to this project.")})
    if role.applications.filter(
        applicant=user, status__in=[Application.Status.PENDING, Application.Status.ACCEPTED]
    ).exists():
        raise ValidationError({"role": _("You already applied for this role.")})
    application = Application(role=role, applicant=user, message=(message or "").strip())
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ValidationError({"role": _("You already applied for this role.")}) from exc
    _record(role.project, user, "apply", role.project)
    _notify_team(role.project, verb="projects.application", actor=user,
                 context={"role": role.title},
                 key=f"projects-application-{application.pk}")  # fmt: skip
    return application


@transaction.atomic
def decide_application(*, application: Application, by: Any, accept: bool) -> Application:
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("role__project")
        .get(pk=application.pk)
    )
    project = application.role.project
    _require_maintainer(project, by)
    if application.status != Application.Status.PENDING:
        raise ValidationError({"status": _("This application was already answered.")})
    application.status = Application.Status.ACCEPTED if accept else Application.Status.DECLINED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at", "updated_at"])
    if accept:
        _join(project, application.applicant, application.role)
    _notify_user(application.applicant, project, verb="projects.application_decided", actor=by,
                 context={"role": application.role.title,
                          "status": application.get_status_display().lower()},
                 key=f"projects-application-decided-{application.pk}")  # fmt: skip
    return application


@transaction.atomic
def withdraw_application(*, application: Application, by: Any) -> Application:
    if application.applicant_id != by.pk:
        raise PermissionDenied(gettext("Only the applicant can withdraw an application."))
    if application.status != Application.Status.PENDING:
        raise ValidationError({"status": _("Only pending applications can be withdrawn.")})
    application.status = Application.Status.WITHDRAWN
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at", "updated_at"])
    return application


@transaction.atomic
def invite_member(
    *, project: Project, by: Any, invitee: Any, role: Role | None = None, message: str = ""
) -> Invitation:
    _require_maintainer(project, by)
    from aitalent.people import selectors as people_selectors

    if invitee.pk == by.pk or not invitee.is_active:
        raise ValidationError({"invitee": _("Choose another member to invite.")})
    if people_selectors.is_blocked_between(by.pk, invitee.pk):
        raise ValidationError({"invitee": _("You cannot invite this member.")})
    if role is not None and role.project_id != project.pk:
        raise ValidationError({"role": _("Choose a role of this project.")})
    if project.memberships.filter(user_id=invitee.pk).exists():
        raise ValidationError({"invitee": _("This member is already on the team.")})
    if project.invitations.filter(invitee=invitee, status=Invitation.Status.PENDING).exists():
        raise ValidationError({"invitee": _("This member already has a pending invitation.")})
    invitation = Invitation(
        project=project, role=role, invitee=invitee, invited_by=by, message=message.strip()
    )
    invitation.full_clean()
    invitation.save()
    _timeline(project, by, "invited", invitee.name)
    _record(project, by, "invite", project)
    _notify_user(invitee, project, verb="projects.invitation", actor=by, context={},
                 url=_invitations_url(), key=f"projects-invitation-{invitation.pk}")  # fmt: skip
    return invitation


def _invitations_url() -> str:
    from django.urls import reverse

    return reverse("projects:mine")


@transaction.atomic
def respond_to_invitation(*, invitation: Invitation, by: Any, accept: bool) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("project", "role")
        .get(pk=invitation.pk)
    )
    if invitation.invitee_id != by.pk:
        raise PermissionDenied(gettext("This invitation is for someone else."))
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError({"status": _("This invitation was already answered.")})
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at", "updated_at"])
    project = invitation.project
    if accept:
        _join(project, by, invitation.role)
        _record(project, by, "accept", project)
    if invitation.invited_by_id:
        _notify_user(invitation.invited_by, project, verb="projects.invitation_answered",
                     actor=by, context={"status": invitation.get_status_display().lower()},
                     key=f"projects-invitation-answered-{invitation.pk}")  # fmt: skip
    return invitation


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, by: Any) -> Invitation:
    _require_maintainer(invitation.project, by)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError({"status": _("Only pending invitations can be withdrawn.")})
    invitation.status = Invitation.Status.WITHDRAWN
    invitation.save(update_fields=["status", "updated_at"])
    return invitation


def _last_maintainer(membership: Membership) -> bool:
    return (
        membership.is_maintainer
        and membership.project.memberships.filter(kind=Membership.Kind.MAINTAINER).count() == 1
    )


@transaction.atomic
def leave_project(*, project: Project, user: Any) -> None:
    membership = _require_member(project, user)
    if _last_maintainer(membership):
        raise ValidationError(
            {"kind": _("Make someone else a maintainer before you leave: a project needs one.")}
        )
    membership.delete()
    _timeline(project, user, "left")
    _refresh_counts(project)


@transaction.atomic
def remove_member(*, membership: Membership, by: Any) -> None:
    project = membership.project
    _require_maintainer(project, by)
    if membership.user_id == by.pk:
        raise ValidationError({"member": _("Use “Leave the project” to remove yourself.")})
    name = membership.user.name
    membership.delete()
    _timeline(project, by, "removed", name)
    _refresh_counts(project)


@transaction.atomic
def set_member_kind(*, membership: Membership, by: Any, kind: str) -> Membership:
    _require_maintainer(membership.project, by)
    if kind not in Membership.Kind.values:
        raise ValidationError({"kind": _("Choose maintainer or member.")})
    if kind == Membership.Kind.MEMBER and _last_maintainer(membership):
        raise ValidationError({"kind": _("A project needs at least one maintainer.")})
    membership.kind = kind
    membership.save(update_fields=["kind", "updated_at"])
    return membership


@transaction.atomic
def mark_delivered(*, membership: Membership, by: Any, delivered: bool = True) -> Membership:
    """A maintainer vouches that a member delivered on their role (pilot or launched only)."""
    project = membership.project
    _require_maintainer(project, by)
    if delivered and project.stage not in DELIVERY_STAGES:
        raise ValidationError(
            {"stage": _("Roles count as delivered once the project reaches pilot or launched.")}
        )
    if delivered and membership.role_id is None:
        raise ValidationError({"role": _("This member has no role to deliver on.")})
    if delivered and membership.user_id == by.pk:
        raise ValidationError({"member": _("Another maintainer must vouch for your own role.")})
    membership.delivered_at = timezone.now() if delivered else None
    membership.save(update_fields=["delivered_at", "updated_at"])
    if delivered:
        _timeline(project, by, "delivered", membership.user.name)
        _record(project, membership.user, "complete", project)
    transaction.on_commit(lambda: _refresh_evidence([membership.pk]))
    return membership


def _refresh_evidence(membership_ids: list[int]) -> None:
    from aitalent.people import evidence
    from aitalent.people.models import ProfileSkill

    rows = Membership.objects.filter(pk__in=membership_ids, role__isnull=False)
    pairs = [(m.user_id, list(m.role.skills.values_list("topic_id", flat=True)))
             for m in rows.select_related("role")]  # fmt: skip
    for user_id, topic_ids in pairs:
        evidence.refresh(
            ProfileSkill.objects.filter(profile__user_id=user_id, topic_id__in=topic_ids)
        )


def delivered_roles_source(skills: list[Any]) -> dict[int, list[Any]]:
    """Evidence: roles a maintainer marked delivered on projects at pilot or launched."""
    from aitalent.people.evidence import Evidence

    by_user: dict[tuple[int, int], list[int]] = {}
    profile_users = {}
    for skill in skills:
        profile_users[skill.profile_id] = None
    from aitalent.people.models import Profile

    users = dict(Profile.objects.filter(pk__in=profile_users).values_list("pk", "user_id"))
    for skill in skills:
        by_user.setdefault((users.get(skill.profile_id, 0), skill.topic_id), []).append(skill.id)
    rows = (
        RoleSkill.objects.filter(
            topic_id__in={s.topic_id for s in skills},
            role__memberships__user_id__in=set(users.values()),
            role__memberships__delivered_at__isnull=False,
            role__project__stage__in=DELIVERY_STAGES,
        )
        .values_list(
            "topic_id",
            "role__memberships__user_id",
            "role__title",
            "role__project__name",
            "role__project__slug",
            "role__project__visibility",
            "role__memberships__delivered_at",
        )
        .distinct()
    )
    result: dict[int, list[Any]] = {}
    for topic_id, user_id, title, name, slug, visibility, at in rows:
        private = visibility == Project.Visibility.PRIVATE
        label = (
            gettext("Delivered a role on a private project")
            if private
            else gettext("Delivered “%(role)s” on %(project)s") % {"role": title, "project": name}
        )
        url = "" if private else Project(slug=slug).get_absolute_url()
        for skill_id in by_user.get((user_id, topic_id), []):
            result.setdefault(skill_id, []).append(
                Evidence(source="project", label=label, weight=DELIVERY_WEIGHT, url=url, at=at)
            )
    return result


# --- work tracking ----------


@transaction.atomic
def create_milestone(
    *, project: Project, by: Any, title: str, due_on: date | None = None, status: str = "planned"
) -> Milestone:
    _require_maintainer(project, by)
    milestone = Milestone(project=project, title=title.strip(), due_on=due_on, status=status)
    milestone.full_clean()
    milestone.save()
    _timeline(project, by, "milestone", milestone.title)
    return milestone


@transaction.atomic
def update_milestone(*, milestone: Milestone, by: Any, **fields: Any) -> Milestone:
    _require_maintainer(milestone.project, by)
    before = milestone.status
    for key in ("title", "due_on", "status"):
        if key in fields:
            setattr(milestone, key, fields[key])
    milestone.full_clean()
    milestone.save()
    if before != Milestone.Status.DONE and milestone.status == Milestone.Status.DONE:
        _timeline(milestone.project, by, "milestone_done", milestone.title)
    return milestone


def _check_task_refs(project: Project, milestone: Milestone | None, assignee: Any) -> None:
    if milestone is not None and milestone.project_id != project.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this project.")})
    if assignee is not None and not project.memberships.filter(user_id=assignee.pk).exists():
        raise ValidationError({"assignee": _("Assign tasks to team members only.")})


@transaction.atomic
def create_task(
    *,
    project: Project,
    by: Any,
    title: str,
    milestone: Milestone | None = None,
    assignee: Any = None,
    due_on: date | None = None,
    status: str = Task.Status.TODO,
) -> Task:
    _require_member(project, by)
    _check_task_refs(project, milestone, assignee)
    task = Task(project=project, title=title.strip(), milestone=milestone, assignee=assignee,
                due_on=due_on, status=status, created_by=by)  # fmt: skip
    task.full_clean()
    task.save()
    _timeline(project, by, "task", task.title)
    if assignee is not None and assignee.pk != by.pk:
        _notify_user(assignee, project, verb="projects.task_assigned", actor=by,
                     context={"title": task.title},
                     key=f"projects-task-{task.pk}-{assignee.pk}")  # fmt: skip
    return task


@transaction.atomic
def update_task(*, task: Task, by: Any, **fields: Any) -> Task:
    """Team members update tasks (move across the board, assign, date); maintainers too."""
    task = Task.objects.select_for_update(of=("self",)).select_related("project").get(pk=task.pk)
    project = task.project
    _require_member(project, by)
    before_status, before_assignee = task.status, task.assignee_id
    if "status" in fields and fields["status"] not in Task.Status.values:
        raise ValidationError({"status": _("Choose to do, doing or done.")})
    for key in ("title", "status", "due_on", "milestone", "assignee"):
        if key in fields:
            setattr(task, key, fields[key])
    _check_task_refs(project, task.milestone, task.assignee)
    task.full_clean()
    task.save()
    if task.status != before_status:
        _timeline(project, by, "task_moved", f"{task.title} → {task.get_status_display()}")
    if task.assignee_id and task.assignee_id != before_assignee and task.assignee_id != by.pk:
        _notify_user(task.assignee, project, verb="projects.task_assigned", actor=by,
                     context={"title": task.title},
                     key=f"projects-task-{task.pk}-{task.assignee_id}")  # fmt: skip
    return task


# --- offers ----------


def _clean_offer(offer: Offer, topics: Sequence[Topic], domains: Sequence[Topic]) -> None:
    _check_topics(topics, domains)
    bad = [s for s in offer.stages if s not in STAGE_ORDER]
    if bad:
        raise ValidationError({"stages": _("Choose stages from the list.")})
    if offer.deadline and offer.deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Choose a deadline in the future.")})


@transaction.atomic
def create_offer(
    *, by: Any, topics: Sequence[Topic] = (), domains: Sequence[Topic] = (), **fields: Any
) -> Offer:
    fields = {k: v for k, v in fields.items() if k in OFFER_FIELDS}
    offer = Offer(offered_by=by, slug=_slug(fields.get("title", ""), "offer"), **fields)
    topics, domains = list(topics), list(domains)
    _clean_offer(offer, topics, domains)
    offer.full_clean(exclude=["slug"])
    offer.save()
    offer.topics.set(topics)
    offer.domains.set(domains)
    return offer


@transaction.atomic
def set_offer_status(*, offer: Offer, by: Any, is_open: bool) -> Offer:
    if offer.offered_by_id != by.pk:
        raise PermissionDenied(gettext("Only the offerer can change this offer."))
    offer.status = Offer.Status.OPEN if is_open else Offer.Status.CLOSED
    offer.save(update_fields=["status", "updated_at"])
    return offer


@transaction.atomic
def apply_to_offer(*, offer: Offer, project: Project, by: Any, case: str) -> OfferApplication:
    _require_maintainer(project, by)
    if offer.status != Offer.Status.OPEN or (
        offer.deadline and offer.deadline < timezone.localdate()
    ):
        raise ValidationError({"offer": _("This offer no longer takes applications.")})
    if offer.offered_by_id == by.pk:
        raise ValidationError({"offer": _("You cannot apply to your own offer.")})
    if offer.applications.filter(project=project).exists():
        raise ValidationError({"project": _("This project already applied for this offer.")})
    row = OfferApplication(offer=offer, project=project, applied_by=by, case=(case or "").strip())
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"project": _("This project already applied for this offer.")}
        ) from exc
    _record(project, by, "apply", offer)
    # The offerer learns the project's name: applying is the project choosing to show itself.
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=[offer.offered_by_id], verb="projects.offer_application", actor=by,
            target=offer, url=offer.get_absolute_url() + "#applications",
            context={"project": project.name, "offer": offer.title},
            key=f"projects-offer-application-{row.pk}",
        )
    )  # fmt: skip
    return row


@transaction.atomic
def decide_offer_application(
    *, application: OfferApplication, by: Any, status: str
) -> OfferApplication:  # noqa: E501
    application = (
        OfferApplication.objects.select_for_update(of=("self",))
        .select_related("offer", "project")
        .get(pk=application.pk)
    )
    if application.offer.offered_by_id != by.pk:
        raise PermissionDenied(gettext("Only the offerer can decide on applications."))
    allowed = {
        OfferApplication.Status.PENDING: {"shortlisted", "accepted", "declined"},
        OfferApplication.Status.SHORTLISTED: {"accepted", "declined"},
    }.get(application.status, set())
    if status not in allowed:
        raise ValidationError(
            {"status": _("This application cannot move to that status any more.")}
        )
    application.status = status
    if status != OfferApplication.Status.SHORTLISTED:
        application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at", "updated_at"])
    project = application.project
    if status == OfferApplication.Status.ACCEPTED:
        _timeline(project, by, "offer", application.offer.title)
    _notify_team(project, verb="projects.offer_decided", actor=by,
                 context={"offer": application.offer.title,
                          "status": application.get_status_display().lower()},
                 key=f"projects-offer-decided-{application.pk}-{status}",
                 maintainers_only=False)  # fmt: skip
    return application


@transaction.atomic
def withdraw_offer_application(*, application: OfferApplication, by: Any) -> OfferApplication:
    _require_maintainer(application.project, by)
    if application.status not in (
        OfferApplication.Status.PENDING,
        OfferApplication.Status.SHORTLISTED,
    ):
        raise ValidationError({"status": _("Only open applications can be withdrawn.")})
    application.status = OfferApplication.Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application


# --- team formation ----------


@transaction.atomic
def invite_formation(
    *, by: Any, picks: Sequence[tuple[Role, Any]], message: str = ""
) -> list[Invitation]:
    """Send the organiser's adjusted assignment as invitations, all or nothing."""
    if not picks:
        raise ValidationError({"picks": _("Assign at least one person before sending.")})
    seen: set[tuple[int, int]] = set()
    sent = []
    for role, user in picks:
        key = (role.project_id, user.pk)
        if key in seen:
            raise ValidationError(
                {"picks": _("%(name)s is assigned twice to one project.") % {"name": user.name}}
            )
        seen.add(key)
        sent.append(
            invite_member(project=role.project, by=by, invitee=user, role=role, message=message)
        )
    return sent


# --- member data ----------


def export_member_data(user: Any) -> dict[str, Any]:
    return {
        "created_projects": list(
            Project.objects.filter(created_by=user).values("name", "pitch", "stage", "visibility")
        ),
        "memberships": list(
            Membership.objects.filter(user=user).values(
                "project__name", "kind", "role__title", "delivered_at"
            )
        ),
        "applications": list(
            Application.objects.filter(applicant=user).values(
                "role__title", "role__project__name", "message", "status", "created_at"
            )
        ),
        "invitations": list(
            Invitation.objects.filter(invitee=user).values("project__name", "status", "created_at")
        ),
        "updates": list(Update.objects.filter(author=user).values("title", "body", "created_at")),
        "tasks": list(
            Task.objects.filter(Q(assignee=user) | Q(created_by=user)).values(
                "title", "status", "due_on"
            )
        ),  # fmt: skip
        "offers": list(
            Offer.objects.filter(offered_by=user).values("title", "kind", "amount", "deadline")
        ),
        "offer_applications": list(
            OfferApplication.objects.filter(applied_by=user).values(
                "offer__title", "project__name", "case", "status"
            )
        ),
    }


def erase_member_data(user: Any) -> None:
    # Projects stay with their teams; the member's own words and links to them go.
    Application.objects.filter(applicant=user).delete()
    Invitation.objects.filter(invitee=user).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)
    Membership.objects.filter(user=user).delete()
    Update.objects.filter(author=user).update(author=None)
    Task.objects.filter(assignee=user).update(assignee=None)
    Task.objects.filter(created_by=user).update(created_by=None)
    TimelineEntry.objects.filter(actor=user).update(actor=None)
    StageChange.objects.filter(by=user).update(by=None)
    OfferApplication.objects.filter(applied_by=user).update(applied_by=None, case="")
    Offer.objects.filter(offered_by=user).delete()
    Project.objects.filter(created_by=user).update(created_by=None)
